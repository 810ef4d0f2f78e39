// Figures for the statement data model (validation/): how long a POST batch of 50 statements
// takes to parse (parseJsonStrict) and validate (validateStatement). Prints p50/p99 over many
// rounds; never asserts a time. Run: npx tsx bench/validation.ts
import { parseJsonStrict, validateStatement } from '../validation/index.js';
import { fullStatement, statementWithSubStatement } from '../test/validation/examples.js';

const ROUNDS = 300;

function small(i: number): Record<string, unknown> {
  return {
    actor: { mbox: `mailto:learner${i}@example.com` },
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
    object: { id: `http://example.com/activities/${i}` },
    timestamp: '2024-01-01T12:00:00.000Z',
  };
}

function measure(name: string, work: () => void): void {
  for (let i = 0; i < 50; i++) work(); // warm up (ajv compiles on first use)
  const times: number[] = [];
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuStart);
  times.sort((a, b) => a - b);
  const at = (q: number): string => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3);
  console.log(`${name}: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, cpu ${((cpu.user + cpu.system) / 1000 / ROUNDS).toFixed(3)} ms/batch`);
}

const batches = {
  'small statements': Array.from({ length: 50 }, (_, i) => small(i)),
  'full statements (every property)': Array.from({ length: 50 }, () => fullStatement()),
  'statements with a full SubStatement': Array.from({ length: 50 }, () => statementWithSubStatement()),
};

console.log(`batches of 50, ${ROUNDS} rounds each (wall-clock p50/p99; cpu = process CPU time per batch)`);
for (const [name, batch] of Object.entries(batches)) {
  const body = JSON.stringify(batch);
  for (const version of ['1.0.3', '2.0.0'] as const) {
    measure(`validateStatement x50, ${name}, ${version}`, () => {
      for (const s of batch) if (validateStatement(s, version).length > 0) throw new Error('invalid bench statement');
    });
  }
  measure(`parseJsonStrict of the batch body, ${name} (${(body.length / 1024).toFixed(1)} KiB)`, () => parseJsonStrict(body));
  measure(`JSON.parse of the same body (reference)`, () => JSON.parse(body));
}
