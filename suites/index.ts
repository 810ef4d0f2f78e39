// Every check the harness knows, gathered from the suite folders (a folder per spec area; a check's id
// starts with its file's path: suites/http/head.ts holds http.head.*).
import type { Check, SuiteModule, Untestable } from '../harness/check.js';
import * as statements from './statements/index.js';
import * as documents from './documents/index.js';
import * as about from './about/resource.js';
import * as agents from './agents/resource.js';
import * as activities from './activities/resource.js';
import * as auth from './auth/authorization.js';
import * as http from './http/index.js';
import * as property from './property/index.js';
import * as forwarding from './forwarding/index.js';

const suites: SuiteModule[] = [statements, documents, about, agents, activities, auth, http, property, forwarding];

export const allChecks: Check[] = suites.flatMap((s) => s.checks);
export const untestable: Untestable[] = suites.flatMap((s) => s.untestable ?? []);
