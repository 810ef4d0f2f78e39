// A kill-matrix worker process: runs the named mutants (and "control", the unmutated LRS) a few at a
// time and prints one JSON line per outcome on stdout.
import { mutants } from './catalogue.js';
import { killMutant, runControl } from './kill.js';

const IN_PROCESS = 4;

async function outcomeOf(name: string): Promise<object> {
  if (name === 'control') return { control: await runControl() };
  const mutant = mutants.find((m) => m.name === name);
  if (!mutant) throw new Error(`no mutant named ${name}`);
  return killMutant(mutant);
}

const queue = process.argv.slice(2);
await Promise.all(
  Array.from({ length: IN_PROCESS }, async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      process.stdout.write(`${JSON.stringify(await outcomeOf(name))}\n`);
    }
  }),
);
