// `npm run tolerance-matrix`: runs every suite against every tolerance variant (a spec-legal variant of the
// reference LRS) in parallel worker processes. Writes reports/tolerance-matrix.{json,md}; exits 1 when a
// check fails (or ends inconclusive) against any variant: that is a false failure to fix in the check.
//   node --import tsx test/tolerance/tolerance-matrix.ts [--jobs N] [--out DIR] [variant-name ...]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runWorker } from '../matrix.js';
import { variants } from './catalogue.js';
import type { VariantOutcome } from './tolerate.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { jobs: { type: 'string', default: '2' }, out: { type: 'string', default: 'reports' } },
});
const names = positionals.length ? positionals : variants.map((v) => v.name);
const unknown = names.filter((n) => !variants.some((v) => v.name === n));
if (unknown.length) throw new Error(`no tolerance variant named ${unknown.join(', ')}`);
const jobs = Math.max(1, Math.min(Number(values.jobs), names.length));
const worker = fileURLToPath(new URL('./worker.ts', import.meta.url));

const shares: string[][] = Array.from({ length: jobs }, (_, j) => names.filter((_, i) => i % jobs === j));
const started = performance.now();
const results = (await Promise.all(shares.map((share) => runWorker<VariantOutcome>(worker, share)))).flat().sort((a, b) => names.indexOf(a.variant) - names.indexOf(b.variant));
const failing = results.filter((r) => !r.passed);
const seconds = Number(((performance.now() - started) / 1000).toFixed(1));

const matrix = { variants: results.length, passed: results.length - failing.length, failing: failing.map((r) => r.variant), seconds, results };
mkdirSync(values.out!, { recursive: true });
writeFileSync(join(values.out!, 'tolerance-matrix.json'), `${JSON.stringify(matrix, null, 2)}\n`);
writeFileSync(join(values.out!, 'tolerance-matrix.md'), markdown());

function markdown(): string {
  const verdict = (r: VariantOutcome) =>
    r.passed
      ? `passed (${r.ran} checks${r.warned.length ? `, ${r.warned.length} warned` : ''})`
      : `**FAILED**: ${r.incomplete ?? [...r.failed, ...r.inconclusive].map((f) => f.check).join('<br>')}`;
  const cell = (text: string) => text.replaceAll('|', '\\|');
  return [
    '# Tolerance matrix',
    '',
    `${matrix.passed} of ${matrix.variants} spec-legal variants of the reference LRS passed every check (--strict, both versions). ${seconds} s.`,
    '',
    '| variant | deviation | permitted by | verdict |',
    '| --- | --- | --- | --- |',
    ...results.map((r) => `| ${r.variant} | ${cell(r.deviation)} | ${cell(r.permittedBy)} | ${verdict(r)} |`),
    '',
  ].join('\n');
}

for (const r of results) {
  console.log(`${r.passed ? 'passed' : 'FAILED'} ${r.variant} (${r.ran} checks, ${r.warned.length} warned, ${(r.durationMs / 1000).toFixed(1)} s)`);
  if (r.incomplete) console.log(`  incomplete: ${r.incomplete}`);
  for (const f of [...r.failed, ...r.inconclusive]) console.log(`  ${f.check}: ${(f.message ?? '').split('\n')[0]}`);
}
console.log(`tolerance-matrix: ${matrix.passed} of ${matrix.variants} variants passed; ${seconds} s; written to ${join(values.out!, 'tolerance-matrix.md')}`);
// The plain closing line CI reads.
console.log(`variants: ${matrix.passed} passed, ${failing.length} failed`);
process.exitCode = failing.length ? 1 : 0;
