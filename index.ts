// Programmatic API of xapi-conform.
export type { Check, XapiVersion, Level, Untestable } from './harness/check.js';
export type { CheckContext } from './harness/context.js';
