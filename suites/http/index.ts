// HTTP rules every resource shares (Communication 1.x, 3.2, Alternate Request Syntax): one file per section.
import type { SuiteModule } from '../../harness/check.js';
import * as head from './head.js';
import * as headers from './headers.js';
import * as version from './version.js';
import * as alternateSyntax from './alternate-syntax.js';
import * as errors from './errors.js';

const modules: SuiteModule[] = [head, headers, version, alternateSyntax, errors];

export const checks = modules.flatMap((m) => m.checks);
export const untestable = modules.flatMap((m) => m.untestable ?? []);
