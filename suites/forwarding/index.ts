// The forwarding suite (Ralph LRS compatible statement forwarding): one file per aspect; this file
// gathers them. Every check needs the capture sink (--forwarding-sink, or the embedded default run).
import type { SuiteModule } from '../../harness/check.js';
import * as delivery from './delivery.js';
import * as retries from './retries.js';
import * as inactive from './inactive.js';
import * as latency from './latency.js';
import * as attachments from './attachments.js';

const modules: SuiteModule[] = [delivery, retries, inactive, latency, attachments];

export const checks = modules.flatMap((m) => m.checks);
export const untestable = modules.flatMap((m) => m.untestable ?? []);
