// `xapi-conform report merge a.json b.json …`: one report of each kind from shard results.
import type { Argv, CommandModule } from 'yargs';
import type { CliIo, CliState, CommandFactory } from '../../harness/cli.js';
import { mergeReports, readReport } from '../../harness/merge.js';
import { DEFAULTS, REPORTERS, resolveOptions } from '../../harness/options.js';
import { createReporters } from '../../harness/reporters/create.js';

const mergeCommand = (io: CliIo, state: CliState): CommandModule => ({
  command: 'merge <reports..>',
  describe: 'Merge JSON reports (e.g. of --shard runs) into one report of each kind',
  builder: (y: Argv) =>
    y
      .positional('reports', { type: 'string', array: true, describe: 'JSON reports written by run --reporter json' })
      .option('reporter', { type: 'string', array: true, describe: `Reporters: ${REPORTERS.join(', ')} (default: all)` })
      .option('out', { type: 'string', describe: `Report folder (default ${DEFAULTS.out})` })
      .example('$0 report merge shard-*/xapi-conform.json --out reports', 'Combine four CI shards'),
  handler: async (argv) => {
    const a = argv as Record<string, any>;
    const resolved = resolveOptions({ reporter: a.reporter ?? [...REPORTERS], out: a.out });
    const merged = mergeReports((a.reports as string[]).map(readReport));
    const reporters = createReporters(resolved.reporters, resolved.out, {
      write: io.out,
      tty: false,
      color: io.tty && !process.env.NO_COLOR,
    });
    const files: string[] = [];
    for (const reporter of reporters) {
      const file = await reporter.finish(merged, files);
      if (file) files.push(file);
    }
    state.exitCode = merged.exitCode;
  },
});

export const reportCommand: CommandFactory = (io, state) => ({
  command: 'report <command>',
  describe: 'Work with reports (merge)',
  builder: (y: Argv) => y.command(mergeCommand(io, state)).demandCommand(1, 'Name a report command: merge.'),
  handler: () => undefined,
});
