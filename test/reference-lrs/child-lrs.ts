// Runs a reference LRS in its own process for the durability test (which kills it with SIGKILL).
// argv: dataDir. Prints the endpoint URL on stdout once listening.
import { start } from '../../reference-lrs/index.js';
import { USERS } from './helpers.js';

const lrs = await start({ port: 0, dataDir: process.argv[2], users: Object.values(USERS) });
process.stdout.write(`${lrs.url}\n`);
