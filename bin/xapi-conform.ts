#!/usr/bin/env node
// The CLI: one yargs command module per file in bin/commands/.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { serveCommand } from './commands/serve.js';
import { authCommand } from './commands/auth.js';

await yargs(hideBin(process.argv))
  .scriptName('xapi-conform')
  .command(serveCommand)
  .command(authCommand)
  .demandCommand(1, 'Name a command: run, list, serve, auth, report.')
  .strict()
  .help()
  .parseAsync();
