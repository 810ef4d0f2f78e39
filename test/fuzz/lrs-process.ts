// A reference LRS in its own process for the fuzz test and bench, so that the event-loop block and the peak
// RSS measured are the server's alone. argv: dataDir. Sends { url } once listening; answers the message
// 'stats' with { maxBlockMs, peakRssBytes }, the block being the longest since the previous 'stats'.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { start } from '../../reference-lrs/index.js';
import { FUZZ_USER } from './corpus.js';

const lrs = await start({ port: 0, dataDir: process.argv[2]!, users: [FUZZ_USER] });
// 10 ms sampling: any single block of the loop longer than that shows up in max.
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
process.on('message', (message) => {
  if (message !== 'stats') return;
  process.send!({ maxBlockMs: delay.max / 1e6, peakRssBytes: process.resourceUsage().maxRSS * 1024 });
  delay.reset();
});
process.send!({ url: lrs.url });
