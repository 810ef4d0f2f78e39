// The statements suites: one file per spec section; this file gathers them.
import type { SuiteModule } from '../../harness/check.js';
import * as validation from './validation.js';
import * as put from './put.js';
import * as post from './post.js';
import * as getSingle from './get-single.js';
import * as getQuery from './get-query.js';

const modules: SuiteModule[] = [validation, put, post, getSingle, getQuery];

export const checks = modules.flatMap((m) => m.checks);
export const untestable = modules.flatMap((m) => m.untestable ?? []);
