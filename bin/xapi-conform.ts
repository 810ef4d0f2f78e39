#!/usr/bin/env node
// The CLI: one yargs command module per file in bin/commands/ (harness/cli.ts has the shared setup).
// Exit codes: 0 passed, 1 unexpected failures, 2 usage or configuration error, 3 preflight failed, 130 interrupted.
import { hideBin } from 'yargs/helpers';
import { main } from '../harness/cli.js';
import { serveCommand } from './commands/serve.js';
import { authCommand } from './commands/auth.js';
import { runCommand } from './commands/run.js';
import { listCommand } from './commands/list.js';
import { reportCommand } from './commands/report.js';

const state = await main(hideBin(process.argv), [runCommand, listCommand, reportCommand, serveCommand, authCommand], {
  longRunning: [serveCommand],
});
process.exitCode = state.exitCode;
// Every command but serve ends here, even if a hung target left sockets open.
if (!state.keepAlive || state.exitCode !== 0) process.stdout.write('', () => process.exit(state.exitCode));
