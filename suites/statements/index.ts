// The statements suites: one file per spec section; this file gathers them.
import type { SuiteModule } from '../../harness/check.js';
import * as validation from './validation.js';

const modules: SuiteModule[] = [validation];

export const checks = modules.flatMap((m) => m.checks);
export const untestable = modules.flatMap((m) => m.untestable ?? []);
