// `xapi-conform run`: the conformance run.
import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { CommandFactory } from '../../harness/cli.js';
import { runOptions } from '../../harness/cli-options.js';
import { resolveOptions, type RunOptions } from '../../harness/options.js';
import { REPORTERS } from '../../harness/options.js';
import { run } from '../../harness/run.js';
import { selectSome } from '../../harness/selection.js';
import { listChecks } from '../../harness/listing.js';

type RunArgs = ArgumentsCamelCase<Record<string, unknown>>;

export function toRunOptions(argv: RunArgs): RunOptions {
  const a = argv as Record<string, any>;
  return {
    endpoint: a.endpoint,
    user: a.user === undefined ? undefined : String(a.user),
    password: a.password === undefined ? undefined : String(a.password),
    bearer: a.bearer,
    token: a.token,
    header: a.header,
    credential: a.credential,
    insecure: a.insecure,
    ca: a.ca,
    xapiVersion: a.xapiVersion,
    suite: a.suite,
    section: a.section?.map(String),
    requirement: a.requirement,
    grep: a.grep,
    tag: a.tag,
    exclude: a.exclude,
    strict: a.strict,
    bail: a.bail,
    shard: a.shard,
    concurrency: a.concurrency,
    timeout: a.timeout,
    retries: a.retries,
    consistencyBudget: a.consistencyBudget,
    checkTimeout: a.checkTimeout,
    maxBodyBytes: a.maxBodyBytes,
    maxUnanswered: a.maxUnanswered,
    seed: a.seed,
    path: a.path,
    runs: a.runs,
    baseline: a.baseline,
    writeBaseline: a.writeBaseline,
    reporter: a.reporter ?? [...REPORTERS],
    out: a.out,
    cleanup: a.cleanup,
    forwardingSink: a.forwardingSink,
  };
}

export const runCommand: CommandFactory = (io, state) => ({
  command: 'run',
  describe: 'Run the conformance checks against an LRS (default: the embedded reference LRS)',
  builder: (y: Argv) =>
    runOptions(y)
      .example('$0 run', 'Test the embedded reference LRS; reports go to reports/')
      .example('$0 run --endpoint https://lrs.example/xapi --user U --password P', 'Test your LRS with Basic auth')
      .example('$0 run --endpoint https://lrs.example/xapi --bearer $TOKEN --suite statements --xapi-version both', 'One suite, both xAPI versions')
      .example('$0 run --endpoint URL --user U --password P --baseline known-failures.json --reporter console --reporter junit', 'CI with known failures')
      .example('$0 run --endpoint URL --user U --password P --shard 2/4 --out reports/shard-2', 'One of four parallel CI shards')
      .example('XAPI_CONFORM_ENDPOINT=URL XAPI_CONFORM_USER=U XAPI_CONFORM_PASSWORD=P $0 run --list', 'Options from the environment; list what would run'),
  handler: async (argv) => {
    const options = toRunOptions(argv as RunArgs);
    if ((argv as Record<string, unknown>).list) {
      const resolved = resolveOptions(options);
      const { allChecks } = await import('../../suites/index.js');
      io.out(listChecks(selectSome(allChecks, resolved.selection), resolved.xapiVersion));
      return;
    }
    const controller = new AbortController();
    let interrupts = 0;
    const onInterrupt = () => {
      interrupts += 1;
      if (interrupts > 1) process.exit(130);
      io.err('\nxapi-conform: interrupted; finishing reports (Ctrl-C again to quit at once)\n');
      controller.abort(new Error('interrupted'));
    };
    // SIGTERM too: a cancelled CI job still gets the reports of what ran.
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onInterrupt);
    try {
      const result = await run({ ...options, signal: controller.signal, write: io.out, tty: io.tty });
      state.exitCode = result.exitCode;
    } finally {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
    }
  },
});
