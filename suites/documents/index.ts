// The documents suites: one file per spec section; this file gathers them.
import type { SuiteModule } from '../../harness/check.js';
import * as state from './state.js';
import * as activityProfile from './activity-profile.js';
import * as agentProfile from './agent-profile.js';
import * as concurrency from './concurrency.js';
import * as agents from './agents.js';
import * as activities from './activities.js';
import * as about from './about.js';
import * as httpHead from './http-head.js';
import * as httpVersioning from './http-versioning.js';
import * as httpHeaders from './http-headers.js';
import * as alternateSyntax from './alternate-syntax.js';
import * as errors from './errors.js';
import * as authorization from './authorization.js';
import * as resources from './resources.js';

const modules: SuiteModule[] = [state, activityProfile, agentProfile, concurrency, agents, activities, about, httpHead, httpHeaders, httpVersioning, alternateSyntax, errors, authorization, resources];

export const checks = modules.flatMap((m) => m.checks);
export const untestable = modules.flatMap((m) => m.untestable ?? []);
