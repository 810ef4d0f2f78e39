// `xapi-conform list`: the checks a selection would run, or requirement coverage (--coverage).
import type { Argv } from 'yargs';
import type { CommandFactory } from '../../harness/cli.js';
import { selectionOptions } from '../../harness/cli-options.js';
import { resolveOptions } from '../../harness/options.js';
import { selectSome } from '../../harness/selection.js';
import { listChecks } from '../../harness/listing.js';
import { coverage, renderCoverage } from '../../harness/coverage.js';

export const listCommand: CommandFactory = (io) => ({
  command: 'list',
  describe: 'List the checks, or which requirements they cover (--coverage)',
  builder: (y: Argv) =>
    selectionOptions(y)
      .option('coverage', { type: 'boolean', describe: 'For every XAPI requirement id: the checks verifying it, or why it is untestable, or missing' })
      .option('json', { type: 'boolean', describe: 'Machine-readable output' })
      .example('$0 list --suite statements', 'The checks of one suite')
      .example('$0 list --requirement XAPI-00123', 'The checks verifying one requirement')
      .example('$0 list --coverage', 'Covered / untestable / missing requirements, with totals')
      .example('$0 list --coverage --json > coverage.json', 'The same for machines'),
  handler: async (argv) => {
    const a = argv as Record<string, any>;
    const { allChecks, untestable } = await import('../../suites/index.js');
    if (a.coverage) {
      const report = coverage(allChecks, untestable);
      io.out(a.json ? `${JSON.stringify(report, null, 2)}\n` : renderCoverage(report));
      return;
    }
    const resolved = resolveOptions({
      suite: a.suite, section: a.section?.map(String), requirement: a.requirement, grep: a.grep, tag: a.tag,
      exclude: a.exclude, shard: a.shard, xapiVersion: a.xapiVersion,
    });
    const checks = selectSome(allChecks, resolved.selection);
    if (a.json) {
      const rows = checks.map(({ run: _run, ...data }) => data);
      io.out(`${JSON.stringify(rows, null, 2)}\n`);
    } else {
      io.out(listChecks(checks, resolved.xapiVersion));
    }
  },
});
