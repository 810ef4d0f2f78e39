// Wall time of the full conformance run against the embedded reference LRS at --concurrency 1 and at
// the default. Prints figures; asserts nothing. Usage: npx tsx bench/harness-fullrun.ts [--xapi-version both]
import { run } from '../index.js';
import { DEFAULTS } from '../harness/options.js';

const both = process.argv.includes('both');
for (const concurrency of [1, DEFAULTS.concurrency]) {
  const started = performance.now();
  const result = await run({ concurrency, xapiVersion: both ? 'both' : undefined, write: () => {} });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const s = result.summary;
  console.log(
    `concurrency ${concurrency}: ${seconds} s wall for ${s.total} results (xAPI ${result.xapiVersions.join(', ')}): ` +
      `${s.passed} passed, ${s.failed} failed, ${s.warning} warning, ${s.inconclusive} inconclusive, ${s.skipped} skipped`,
  );
}
