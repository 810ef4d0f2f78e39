// Every check the harness knows, gathered from the suite folders.
import type { Check, Untestable } from '../harness/check.js';
import * as statements from './statements/index.js';
import * as documents from './documents/index.js';
import * as property from './property/index.js';
import * as forwarding from './forwarding/index.js';

const suites = [statements, documents, property, forwarding];

export const allChecks: Check[] = suites.flatMap((s) => s.checks);
export const untestable: Untestable[] = suites.flatMap((s) => s.untestable);
