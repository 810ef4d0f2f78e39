// The statements suites: one file per spec section; this file gathers them.
import type { SuiteModule } from '../../harness/check.js';
import * as validation from './validation.js';
import * as contentTypes from './content-types.js';
import * as put from './put.js';
import * as post from './post.js';
import * as getSingle from './get-single.js';
import * as getQuery from './get-query.js';
import * as format from './format.js';
import * as paging from './paging.js';
import * as voiding from './voiding.js';
import * as timestamps from './timestamp-stored-version.js';
import * as attachments from './attachments.js';
import * as signed from './signed.js';
import * as untestableModule from './untestable.js';

const modules: SuiteModule[] = [
  validation,
  contentTypes,
  put,
  post,
  getSingle,
  getQuery,
  format,
  paging,
  voiding,
  timestamps,
  attachments,
  signed,
  untestableModule,
];

export const checks = modules.flatMap((m) => m.checks);
export const untestable = modules.flatMap((m) => m.untestable ?? []);
