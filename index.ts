// Programmatic API of xapi-conform: `import { run } from 'xapi-conform'` returns the same result
// object the JSON reporter writes.
export { run } from './harness/run.js';
export type { RunOptions, EmbeddedLrs } from './harness/options.js';
export { UsageError } from './harness/options.js';
export type { RunResult, CheckResult, Outcome, Summary, RequirementRef } from './harness/results.js';
export { OUTCOMES, REPORT_SCHEMA_VERSION } from './harness/results.js';
export type { Check, CheckFamily, FamilyMember, XapiVersion, Level, Untestable, Need, SuiteModule } from './harness/check.js';
export { defineCheck, checkFamily, XAPI_VERSIONS } from './harness/check.js';
export type { CheckContext, XapiClient, XapiRequest, XapiResponse, Exchange } from './harness/context.js';
export { CheckFailure, Inconclusive, Skip } from './harness/signals.js';
export type { Baseline, BaselineEntry } from './harness/baseline.js';
export { REPORT_SCHEMA } from './harness/reporters/json.js';
