// A tolerance-matrix worker process: runs the named variants, two at a time, and prints one JSON line
// per outcome on stdout.
import { variants } from './catalogue.js';
import { tolerate } from './tolerate.js';

// Each run is a whole conformance run (about 25 s of CPU): two at once keep a core busy while the other waits on I/O.
const IN_PROCESS = 2;

const queue = process.argv.slice(2);
await Promise.all(
  Array.from({ length: IN_PROCESS }, async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const variant = variants.find((v) => v.name === name);
      if (!variant) throw new Error(`no tolerance variant named ${name}`);
      process.stdout.write(`${JSON.stringify(await tolerate(variant))}\n`);
    }
  }),
);
