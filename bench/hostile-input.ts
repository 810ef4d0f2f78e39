// Figures for the hostile-input corpus of issue 14 (prints them; never a pass/fail test; the pass/fail test is
// test/fuzz/hostile-input.test.ts). The LRS runs in its own process, so the event-loop block and peak RSS are
// the server's alone.
//   npx tsx bench/hostile-input.ts [--random 10000] [--concurrency 8]
// 1. The whole corpus with N in flight: requests/s, longest event-loop block, peak RSS, answers per class.
// 2. Each known finding alone, one at a time: its answer, wall time and the event-loop block it caused.
import { hostileCorpus, knownFindings } from '../test/fuzz/corpus.js';
import { fire, startFuzzLrs } from '../test/fuzz/fire.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const RANDOM = arg('random', 10_000);
const CONCURRENCY = arg('concurrency', 8);
const MiB = 2 ** 20;

async function wholeCorpus(): Promise<void> {
  const lrs = await startFuzzLrs();
  try {
    const report = await fire(lrs.url, hostileCorpus(RANDOM), CONCURRENCY);
    const stats = await lrs.stats();
    console.log(`whole corpus: ${report.sent} requests, ${CONCURRENCY} in flight, ${(report.elapsedMs / 1000).toFixed(1)} s`);
    console.log(`  requests/s            ${(report.sent / (report.elapsedMs / 1000)).toFixed(0)}`);
    console.log(`  longest loop block    ${stats.maxBlockMs.toFixed(0)} ms`);
    console.log(`  peak RSS              ${(stats.peakRssBytes / MiB).toFixed(0)} MiB`);
    console.log(`  failures              ${report.failures.length}${report.failures.length ? `, first: ${report.failures[0]}` : ''}`);
    console.log(`  process alive after   ${lrs.alive()}`);
    for (const [kind, k] of report.kinds) {
      console.log(`  ${kind.padEnd(48)} ${String(k.count).padStart(5)}  slowest ${k.slowestMs.toFixed(0).padStart(5)} ms  ${[...k.statuses].map(([s, n]) => `${s}x${n}`).join(' ')}`);
    }
  } finally {
    await lrs.close();
  }
}

async function eachKnownFinding(): Promise<void> {
  const lrs = await startFuzzLrs();
  const kinds = new Map<string, { count: number; statuses: Set<number>; largest: number; slowestMs: number; blockMs: number }>();
  try {
    for (const request of knownFindings()) {
      await lrs.stats(); // resets the block figure
      const report = await fire(lrs.url, [request], 1);
      const { maxBlockMs } = await lrs.stats();
      let kind = kinds.get(request.kind);
      if (!kind) kinds.set(request.kind, (kind = { count: 0, statuses: new Set(), largest: 0, slowestMs: 0, blockMs: 0 }));
      kind.count++;
      for (const k of report.kinds.values()) for (const status of k.statuses.keys()) kind.statuses.add(status);
      kind.largest = Math.max(kind.largest, request.body?.length ?? 0);
      kind.slowestMs = Math.max(kind.slowestMs, report.elapsedMs);
      kind.blockMs = Math.max(kind.blockMs, maxBlockMs);
    }
    console.log('\neach known finding alone, one at a time (answers, largest body, slowest answer, longest event-loop block):');
    for (const [name, k] of kinds) {
      const size = k.largest ? `${(k.largest / MiB).toFixed(1)} MiB` : '-';
      console.log(`  ${name.padEnd(48)} ${String(k.count).padStart(3)}  ${[...k.statuses].join(',').padEnd(8)} ${size.padStart(9)}  ${k.slowestMs.toFixed(0).padStart(5)} ms  block ${k.blockMs.toFixed(0).padStart(4)} ms`);
    }
    console.log(`  peak RSS ${((await lrs.stats()).peakRssBytes / MiB).toFixed(0)} MiB`);
  } finally {
    await lrs.close();
  }
}

await wholeCorpus();
await eachKnownFinding();
