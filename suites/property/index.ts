// The property suites: one file per spec section; this file gathers them.
import type { SuiteModule } from '../../harness/check.js';
import * as statements from './statements.js';
import * as queries from './queries.js';
import * as model from './model.js';

const modules: SuiteModule[] = [statements, queries, model];

export const checks = modules.flatMap((m) => m.checks);
export const untestable = modules.flatMap((m) => m.untestable ?? []);
