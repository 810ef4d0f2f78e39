// yargs option definitions shared by `run` and `list` (selection), so both parse them the same way.
import type { Argv } from 'yargs';
import { DEFAULT_SEED, DEFAULTS, REPORTERS } from './options.js';

export const SELECTION_GROUP = 'Selection:';

export function selectionOptions<T>(y: Argv<T>) {
  return y
    .option('suite', { type: 'string', array: true, group: SELECTION_GROUP, describe: 'Only checks of these suites (statements, documents, property, forwarding)' })
    .option('section', { type: 'string', array: true, group: SELECTION_GROUP, describe: 'Only checks of this spec section, e.g. 2.1.3 (sub-sections included)' })
    .option('requirement', { type: 'string', array: true, group: SELECTION_GROUP, describe: 'Only checks verifying this requirement, e.g. XAPI-00123' })
    .option('grep', { type: 'string', array: true, group: SELECTION_GROUP, describe: 'Only checks whose id or title matches this regular expression' })
    .option('tag', { type: 'string', array: true, group: SELECTION_GROUP, describe: 'Only checks with this tag' })
    .option('exclude', { type: 'string', array: true, group: SELECTION_GROUP, describe: 'Leave out checks with this id, id prefix, suite or tag' })
    .option('shard', { type: 'string', group: SELECTION_GROUP, describe: 'Run the i-th of n deterministic partitions by check id, e.g. 2/4' })
    .option('xapi-version', { type: 'string', choices: ['1.0.3', '2.0.0', 'both'], describe: "xAPI version to test; default: the highest the target's /about lists" });
}

export function runOptions<T>(y: Argv<T>) {
  const target = 'Target:';
  const run = 'Run:';
  const out = 'Reports:';
  return selectionOptions(y)
    .option('endpoint', { type: 'string', group: target, describe: 'xAPI base URL of the LRS; without it the embedded reference LRS is tested' })
    .option('user', { type: 'string', group: target, describe: 'Basic auth user name' })
    .option('password', { type: 'string', group: target, describe: 'Basic auth password' })
    .option('bearer', { type: 'string', group: target, describe: 'Send Authorization: Bearer TOKEN' })
    .option('token', { type: 'string', group: target, describe: 'Send Authorization: Token TOKEN' })
    .option('header', { type: 'string', array: true, group: target, describe: "Extra request header 'Name: value' (repeatable; values kept out of reports)" })
    .option('credential', { type: 'string', array: true, group: target, describe: 'Extra credential for permission checks: read|mine|state=user:password (repeatable)' })
    .option('insecure', { type: 'boolean', group: target, describe: 'Accept any TLS certificate' })
    .option('ca', { type: 'string', group: target, describe: 'PEM file of CA certificates to trust' })
    .option('forwarding-sink', { type: 'string', group: target, describe: 'Start the forwarding sink at HOST:PORT and print the forwarding configuration to give the target' })
    .option('strict', { type: 'boolean', group: run, describe: 'SHOULD-level checks count as failures instead of warnings' })
    .option('list', { type: 'boolean', group: run, describe: 'Dry run: print what would run, contact nothing' })
    .option('bail', { type: 'boolean', group: run, describe: 'Stop at the first failure' })
    .option('concurrency', { type: 'number', group: run, describe: `Checks run at once (default ${DEFAULTS.concurrency})` })
    .option('timeout', { type: 'number', group: run, describe: `Per-request timeout in ms (default ${DEFAULTS.timeoutMs})` })
    .option('retries', { type: 'number', group: run, describe: `Retries after connection errors only (default ${DEFAULTS.retries})` })
    .option('consistency-budget', { type: 'number', group: run, describe: `How long a check waits for eventual consistency, ms (default ${DEFAULTS.consistencyBudgetMs})` })
    .option('check-timeout', { type: 'number', group: run, describe: `Longest one check may run, ms (default ${DEFAULTS.checkTimeoutMs})` })
    .option('max-body-bytes', { type: 'number', group: run, describe: `Largest response body buffered (default ${DEFAULTS.maxBodyBytes})` })
    .option('max-unanswered', { type: 'number', group: run, describe: `End the run when this many requests in a row get no answer (refused, reset, timed out); 0: never (default ${DEFAULTS.maxUnanswered})` })
    .option('cleanup', { type: 'boolean', group: run, describe: 'Afterwards void the statements and delete the documents the run created' })
    .option('seed', { type: 'string', group: run, describe: `Property suites: seed N to replay, or "random" (printed) to explore (default ${DEFAULT_SEED}, fixed)` })
    .option('path', { type: 'string', group: run, describe: 'Property suites: replay this counterexample path (with its --seed)' })
    .option('runs', { type: 'number', group: run, describe: 'Property suites: runs per property' })
    .option('baseline', { type: 'string', group: out, describe: 'JSON file of known failures: they become expected-failure (exit 0)' })
    .option('write-baseline', { type: 'string', group: out, describe: 'Write the current failures as a baseline file' })
    .option('reporter', { type: 'string', array: true, group: out, describe: `Reporters: ${REPORTERS.join(', ')} (default: all)` })
    .option('out', { type: 'string', group: out, describe: `Report folder (default ${DEFAULTS.out})` });
}
