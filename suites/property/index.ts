// The property suites: one file per spec section; this file gathers them.
import type { SuiteModule } from '../../harness/check.js';

const modules: SuiteModule[] = [];

export const checks = modules.flatMap((m) => m.checks);
export const untestable = modules.flatMap((m) => m.untestable ?? []);
