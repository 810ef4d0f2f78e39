// The property suites: one file per spec section; this file gathers them.
import type { SuiteModule } from '../../harness/check.js';
import * as statements from './statements.js';
import * as queries from './queries.js';

const modules: SuiteModule[] = [statements, queries];

export const checks = modules.flatMap((m) => m.checks);
export const untestable = modules.flatMap((m) => m.untestable ?? []);
