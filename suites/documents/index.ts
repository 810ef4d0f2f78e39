// The document resources (Communication 2.2-2.7): one file per resource, plus their concurrency rules.
import type { SuiteModule } from '../../harness/check.js';
import * as state from './state.js';
import * as activityProfile from './activity-profile.js';
import * as agentProfile from './agent-profile.js';
import * as concurrency from './concurrency.js';

const modules: SuiteModule[] = [state, activityProfile, agentProfile, concurrency];

export const checks = modules.flatMap((m) => m.checks);
export const untestable = modules.flatMap((m) => m.untestable ?? []);
