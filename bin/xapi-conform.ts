#!/usr/bin/env node
// The CLI: one yargs command module per file in bin/commands/. Every option also comes from
// XAPI_CONFORM_* environment variables and from a JSON file given with --config.
// Exit codes: 0 passed, 1 unexpected failures, 2 usage or configuration error, 3 preflight failed, 130 interrupted.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { serveCommand } from './commands/serve.js';
import { authCommand } from './commands/auth.js';
import { runCommand } from './commands/run.js';
import { listCommand } from './commands/list.js';
import { reportCommand } from './commands/report.js';
import { UsageError } from '../harness/options.js';

function usageError(message: string): never {
  process.stderr.write(`xapi-conform: ${message}\nRun xapi-conform --help (or xapi-conform <command> --help) for usage.\n`);
  process.exit(2);
}

try {
  await yargs(hideBin(process.argv))
    .scriptName('xapi-conform')
    .env('XAPI_CONFORM')
    .config('config', 'JSON file of options (keys as the long option names, e.g. {"endpoint": "…", "suite": ["statements"]})')
    .command(runCommand)
    .command(listCommand)
    .command(reportCommand)
    .command(serveCommand)
    .command(authCommand)
    .example('$0 run', 'Test the embedded reference LRS (reports in reports/)')
    .example('$0 run --endpoint https://lrs.example/xapi --user U --password P', 'Test your LRS')
    .example('$0 list --coverage', 'Which requirements the checks cover')
    .example('$0 report merge a/xapi-conform.json b/xapi-conform.json', 'Merge shard reports')
    .example('$0 serve', 'Run the reference LRS')
    .epilogue('Exit codes: 0 passed (warnings, inconclusive, skipped, expected failures allowed), 1 unexpected failures, 2 usage or configuration error, 3 preflight failed, 130 interrupted. Every option can also be given as XAPI_CONFORM_<OPTION> (e.g. XAPI_CONFORM_ENDPOINT) or in a --config JSON file.')
    .demandCommand(1, 'Name a command: run, list, serve, auth, report.')
    .strict()
    .help()
    .alias('help', 'h')
    .version()
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    .fail((message, err) => {
      if (err && !(err instanceof UsageError)) throw err;
      usageError(err?.message ?? message);
    })
    .parseAsync();
} catch (err) {
  if (err instanceof UsageError) usageError(err.message);
  process.stderr.write(`xapi-conform: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
}
