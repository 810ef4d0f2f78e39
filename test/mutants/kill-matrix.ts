// `npm run kill-matrix`: runs the suites against every mutant LRS in parallel worker processes and
// against the unmutated reference LRS. Writes reports/kill-matrix.{json,md}; exits 1 when a mutant
// survives (no check naming its violated requirement failed) or the unmutated LRS fails any check.
//   node --import tsx test/mutants/kill-matrix.ts [--jobs N] [--out DIR] [mutant-name ...]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runWorker } from '../matrix.js';
import { mutants } from './catalogue.js';
import type { ControlOutcome, MutantOutcome } from './kill.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { jobs: { type: 'string', default: '2' }, out: { type: 'string', default: 'reports' } },
});
const names = positionals.length ? positionals : mutants.map((m) => m.name);
const jobs = Math.max(1, Number(values.jobs));
const worker = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** The control run is the longest: it gets a worker of its own; mutants are dealt to the others. */
function shares(): string[][] {
  const out: string[][] = Array.from({ length: jobs }, () => []);
  out[0].push('control');
  names.forEach((name, i) => out[jobs === 1 ? 0 : 1 + (i % (jobs - 1))].push(name));
  return out.filter((s) => s.length);
}

const started = performance.now();
const outcomes = (await Promise.all(shares().map((share) => runWorker<MutantOutcome | { control: ControlOutcome }>(worker, share)))).flat();
const control = outcomes.find((o): o is { control: ControlOutcome } => 'control' in o)!.control;
const results = outcomes.filter((o): o is MutantOutcome => 'mutant' in o).sort((a, b) => names.indexOf(a.mutant) - names.indexOf(b.mutant));
const survivors = results.filter((r) => r.killedBy.length === 0);
const seconds = ((performance.now() - started) / 1000).toFixed(1);

const matrix = { mutants: results.length, killed: results.length - survivors.length, survivors: survivors.map((s) => s.mutant), control, seconds: Number(seconds), results };
mkdirSync(values.out!, { recursive: true });
writeFileSync(join(values.out!, 'kill-matrix.json'), `${JSON.stringify(matrix, null, 2)}\n`);
writeFileSync(join(values.out!, 'kill-matrix.md'), markdown());

function markdown(): string {
  const verdict = (r: MutantOutcome) =>
    !r.killedBy.length ? '**SURVIVED**' : `${r.permittedBecause ? `warned (permitted: ${r.permittedBecause})<br>` : ''}${r.killedBy.join('<br>')}`;
  const rows = results.map((r) => `| ${r.mutant} | ${r.deviation} | ${r.violates.join(', ')} | ${r.killingSuites.join(', ') || '-'} | ${verdict(r)} |`);
  return [
    '# Kill matrix',
    '',
    `${matrix.killed} of ${matrix.mutants} mutant LRSs killed; unmutated reference LRS: ${control.ran} checks run, ${control.notPassed.length} not passed (--strict, both versions). ${seconds} s.`,
    '',
    '| mutant | deviation | violates | suite | killed by |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

for (const r of results) console.log(`${r.killedBy.length ? (r.permittedBecause ? 'warned  ' : 'killed  ') : 'SURVIVED'} ${r.mutant} (${r.ran} checks, ${(r.durationMs / 1000).toFixed(1)} s)${r.killedBy.length ? ` by ${r.killedBy.slice(0, 3).join(', ')}${r.killedBy.length > 3 ? ` +${r.killedBy.length - 3}` : ''}` : ''}`);
for (const n of control.notPassed) console.log(`control: ${n.outcome} ${n.check}: ${n.message ?? ''}`);
console.log(`kill-matrix: ${matrix.killed} of ${matrix.mutants} mutants killed; control ${control.ran - control.notPassed.length} of ${control.ran} passed; ${seconds} s; written to ${join(values.out!, 'kill-matrix.md')}`);
// The plain closing line CI reads: a mutant passes when it is killed; the control run counts as one more.
const failures = survivors.length + (control.notPassed.length ? 1 : 0);
console.log(`mutants: ${matrix.mutants + 1 - failures} passed, ${failures} failed`);
process.exitCode = failures ? 1 : 0;
