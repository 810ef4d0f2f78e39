// Options of a run (CLI flags, XAPI_CONFORM_* variables, --config file and the programmatic API all
// end up here) and their validation: a bad value is a UsageError naming the option (exit 2).
import type { StartOptions } from '../reference-lrs/options.js';
import type { LrsOverrides } from '../reference-lrs/overrides.js';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Check, XapiVersion } from './check.js';
import type { AuthMode } from './client.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXTRA_CREDENTIALS = ['read', 'mine', 'state'] as const;
export type ExtraCredentialName = (typeof EXTRA_CREDENTIALS)[number];

export interface RunOptions {
  /** Base URL of the xAPI endpoint; without it the reference LRS is started in-process. */
  endpoint?: string;
  user?: string;
  password?: string;
  bearer?: string;
  token?: string;
  /** Extra request headers, "Name: value". */
  header?: string[];
  /** Extra credentials for ctx.as(): "name=user:pass" with name read | mine | state. */
  credential?: string[];
  insecure?: boolean;
  /** File of PEM CA certificates to trust. */
  ca?: string;
  xapiVersion?: XapiVersion | 'both';
  suite?: string[];
  section?: string[];
  requirement?: string[];
  grep?: string[];
  tag?: string[];
  exclude?: string[];
  strict?: boolean;
  bail?: boolean;
  /** "i/n": run the i-th of n deterministic partitions (by check id). */
  shard?: string;
  concurrency?: number;
  /** Per-request timeout, ms. */
  timeout?: number;
  /** Extra attempts after a connection-level error. */
  retries?: number;
  /** How long ctx.eventually() may poll, ms. */
  consistencyBudget?: number;
  /** Longest a single check may run, ms. */
  checkTimeout?: number;
  maxBodyBytes?: number;
  /** Requests in a row without an answer (refused, reset, timed out) that end the run; 0: never. */
  maxUnanswered?: number;
  /** Property suites: a seed to replay, or 'random' (default: DEFAULT_SEED, so that runs are repeatable). */
  seed?: number | string;
  path?: string;
  runs?: number;
  baseline?: string;
  writeBaseline?: string;
  /** console | json | junit | markdown. Programmatic default: none. */
  reporter?: string[];
  /** Report folder, default "reports". */
  out?: string;
  /** Void the statements and delete the documents the checks created. */
  cleanup?: boolean;
  /** HOST:PORT for the forwarding sink (external targets: configure the printed forwarding on the target). */
  forwardingSink?: string;
  /** The embedded reference LRS only: deliberate deviations (mutant LRSs in the project's kill matrix). */
  embedded?: EmbeddedLrs;
  /** Checks to choose from instead of the built-in suites. */
  checks?: Check[];
  /** Abort to stop the run (Ctrl-C): reports of what ran are still written. */
  signal?: AbortSignal;
  /** Where human-readable output goes (console reporter, notices). Default: process.stdout. */
  write?: (text: string) => void;
  /** Treat output as a TTY (live progress line). Default: process.stdout.isTTY. */
  tty?: boolean;
}

/** How the embedded reference LRS is altered: never used by a normal run. */
export interface EmbeddedLrs {
  overrides?: LrsOverrides;
  /** Folder in which its temporary data folder is made (default: the OS temp folder). */
  dataParent?: string;
  /** Rewrites the options the embedded LRS starts with (e.g. its forwarding entries). */
  adjust?: (options: StartOptions) => StartOptions;
}

export interface ResolvedOptions {
  endpoint?: string;
  auth: AuthMode;
  extraHeaders: Record<string, string>;
  credentials: Partial<Record<ExtraCredentialName, { username: string; password: string }>>;
  insecure: boolean;
  caFile?: string;
  ca?: string;
  xapiVersion?: XapiVersion | 'both';
  selection: Selection;
  strict: boolean;
  bail: boolean;
  concurrency: number;
  timeoutMs: number;
  retries: number;
  consistencyBudgetMs: number;
  checkTimeoutMs: number;
  maxBodyBytes: number;
  maxUnanswered: number;
  /** `seed` is always set; `randomSeed` when it was drawn for this run (--seed random). */
  property: { seed: number; randomSeed: boolean; path?: string; runs?: number };
  baseline?: string;
  writeBaseline?: string;
  reporters: string[];
  out: string;
  cleanup: boolean;
  forwardingSink?: { host: string; port: number };
}

export interface Selection {
  suite: string[];
  section: string[];
  requirement: string[];
  grep: RegExp[];
  tag: string[];
  exclude: string[];
  shard?: { index: number; count: number };
}

/** How long the forwarding checks wait for a delivery, ms (the environment only: slow targets, fast tests). */
export const FORWARDING_WAIT_VARIABLE = 'XAPI_CONFORM_FORWARDING_WAIT_MS';

export const DEFAULTS = {
  concurrency: 8,
  timeoutMs: 10_000,
  retries: 1,
  consistencyBudgetMs: 10_000,
  checkTimeoutMs: 120_000,
  maxBodyBytes: 10 * 1024 * 1024,
  maxUnanswered: 5,
  out: 'reports',
};

/** The property suites' seed when --seed is not given: a run replays the same cases unless asked otherwise. */
export const DEFAULT_SEED = 20261206;

export const REPORTERS = ['console', 'json', 'junit', 'markdown'] as const;

/** Splits repeatable options that may also be given comma-separated ("--suite a,b --suite c"). */
function list(values: string[] | string | undefined): string[] {
  if (values === undefined) return [];
  const all = Array.isArray(values) ? values : [values];
  return all.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
}

function positiveInt(name: string, value: number | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

export function resolveOptions(options: RunOptions): ResolvedOptions {
  const endpoint = options.endpoint === undefined || options.endpoint === '' ? undefined : validateEndpoint(options.endpoint);
  const auth = resolveAuth(options);
  if (!endpoint && (auth.kind !== 'none' || options.header?.length || options.credential?.length)) {
    throw new UsageError('--user/--password/--bearer/--token/--header/--credential need --endpoint (without it the embedded reference LRS is tested)');
  }
  const xapiVersion = options.xapiVersion;
  if (xapiVersion !== undefined && !['1.0.3', '2.0.0', 'both'].includes(xapiVersion)) {
    throw new UsageError(`--xapi-version must be 1.0.3, 2.0.0 or both, got ${xapiVersion}`);
  }
  const reporters = list(options.reporter);
  for (const r of reporters) {
    if (!(REPORTERS as readonly string[]).includes(r)) throw new UsageError(`--reporter ${r}: unknown reporter (choose from ${REPORTERS.join(', ')})`);
  }
  let ca: string | undefined;
  if (options.ca) {
    try {
      ca = readFileSync(options.ca, 'utf8');
    } catch (err) {
      throw new UsageError(`--ca ${options.ca}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  return {
    endpoint,
    auth,
    extraHeaders: parseHeaders(options.header ?? []),
    credentials: parseCredentials(options.credential ?? []),
    insecure: Boolean(options.insecure),
    caFile: options.ca,
    ca,
    xapiVersion,
    selection: {
      suite: list(options.suite),
      section: list(options.section),
      requirement: list(options.requirement).map((r) => r.toUpperCase()),
      grep: list(options.grep).map((g) => {
        try {
          return new RegExp(g, 'i');
        } catch {
          throw new UsageError(`--grep ${g}: not a valid regular expression`);
        }
      }),
      tag: list(options.tag),
      exclude: list(options.exclude),
      shard: options.shard === undefined ? undefined : parseShard(options.shard),
    },
    strict: Boolean(options.strict),
    bail: Boolean(options.bail),
    concurrency: positiveInt('concurrency', options.concurrency, DEFAULTS.concurrency),
    timeoutMs: positiveInt('timeout', options.timeout, DEFAULTS.timeoutMs),
    retries: positiveInt('retries', options.retries, DEFAULTS.retries, 0),
    consistencyBudgetMs: positiveInt('consistency-budget', options.consistencyBudget, DEFAULTS.consistencyBudgetMs, 0),
    checkTimeoutMs: positiveInt('check-timeout', options.checkTimeout, DEFAULTS.checkTimeoutMs),
    maxBodyBytes: positiveInt('max-body-bytes', options.maxBodyBytes, DEFAULTS.maxBodyBytes),
    maxUnanswered: positiveInt('max-unanswered', options.maxUnanswered, DEFAULTS.maxUnanswered, 0),
    property: {
      ...propertySeed(options.seed, options.path),
      path: options.path,
      runs: options.runs === undefined ? undefined : positiveInt('runs', options.runs, 1),
    },
    baseline: options.baseline,
    writeBaseline: options.writeBaseline,
    reporters,
    out: options.out ?? DEFAULTS.out,
    cleanup: Boolean(options.cleanup),
    forwardingSink: options.forwardingSink === undefined ? undefined : parseHostPort(options.forwardingSink),
  };
}

/** --seed: absent = DEFAULT_SEED, "random" = drawn now (and printed by the run), else an integer to replay. */
function propertySeed(value: number | string | undefined, path: string | undefined): { seed: number; randomSeed: boolean } {
  if (value === undefined) return { seed: DEFAULT_SEED, randomSeed: false };
  if (value === 'random') {
    // A counterexample path only means something under the seed that found it.
    if (path !== undefined) throw new UsageError('--path replays a counterexample of one seed: give that --seed, not "random"');
    return { seed: randomInt(0x7fffffff), randomSeed: true };
  }
  const seed = typeof value === 'number' ? value : /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer or "random", got ${value}`);
  return { seed, randomSeed: false };
}

function validateEndpoint(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--endpoint ${text}: not a valid URL (expected e.g. https://lrs.example/xapi)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--endpoint ${text}: must be an http:// or https:// URL`);
  }
  if (url.username || url.password) throw new UsageError('--endpoint: put credentials in --user/--password, not in the URL');
  if (url.search || url.hash) throw new UsageError(`--endpoint ${text}: must not contain a query or fragment`);
  return url.toString().replace(/\/+$/, '');
}

function resolveAuth(options: RunOptions): AuthMode {
  const modes = [
    options.user !== undefined || options.password !== undefined ? '--user/--password' : undefined,
    options.bearer !== undefined ? '--bearer' : undefined,
    options.token !== undefined ? '--token' : undefined,
  ].filter(Boolean);
  if (modes.length > 1) throw new UsageError(`conflicting auth options: ${modes.join(' and ')}; give only one`);
  const customAuth = (options.header ?? []).some((h) => /^\s*authorization\s*:/i.test(h));
  if (customAuth && modes.length) throw new UsageError(`conflicting auth options: ${modes[0]} and --header 'Authorization: …'`);
  if (options.user !== undefined || options.password !== undefined) {
    if (options.user === undefined) throw new UsageError('--password needs --user');
    if (options.password === undefined) throw new UsageError('--user needs --password');
    return { kind: 'basic', username: options.user, password: options.password };
  }
  if (options.bearer !== undefined) return { kind: 'bearer', token: options.bearer };
  if (options.token !== undefined) return { kind: 'token', token: options.token };
  return { kind: 'none' };
}

function parseHeaders(values: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    const match = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s?(.*)$/.exec(value);
    if (!match) throw new UsageError(`--header ${JSON.stringify(value)}: expected "Name: value"`);
    headers[match[1]!] = match[2]!;
  }
  return headers;
}

function parseCredentials(values: string[]): ResolvedOptions['credentials'] {
  const credentials: ResolvedOptions['credentials'] = {};
  for (const value of values) {
    const match = /^([a-z]+)=([^:]+):(.*)$/.exec(value);
    if (!match) throw new UsageError(`--credential ${value.replace(/:.*$/, ':…')}: expected name=user:password`);
    const name = match[1] as ExtraCredentialName;
    if (!(EXTRA_CREDENTIALS as readonly string[]).includes(name)) {
      throw new UsageError(`--credential ${name}: unknown name (choose from ${EXTRA_CREDENTIALS.join(', ')})`);
    }
    credentials[name] = { username: match[2]!, password: match[3]! };
  }
  return credentials;
}

function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard ${text}: expected i/n with 1 <= i <= n, e.g. 2/4`);
  return { index, count };
}

export function parseHostPort(text: string): { host: string; port: number } {
  const match = /^(.+):(\d+)$/.exec(text.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535) throw new UsageError(`--forwarding-sink ${text}: expected HOST:PORT, e.g. 0.0.0.0:8200`);
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port };
}

/** The options as recorded in reports: no secrets. */
export function publicOptions(o: ResolvedOptions): Record<string, unknown> {
  return {
    endpoint: o.endpoint ?? '(embedded reference LRS)',
    auth: o.auth.kind,
    headers: Object.keys(o.extraHeaders),
    credentials: Object.keys(o.credentials),
    insecure: o.insecure,
    ca: o.caFile,
    xapiVersion: o.xapiVersion ?? 'auto',
    suite: o.selection.suite,
    section: o.selection.section,
    requirement: o.selection.requirement,
    grep: o.selection.grep.map((g) => g.source),
    tag: o.selection.tag,
    exclude: o.selection.exclude,
    shard: o.selection.shard ? `${o.selection.shard.index}/${o.selection.shard.count}` : undefined,
    strict: o.strict,
    bail: o.bail,
    concurrency: o.concurrency,
    timeout: o.timeoutMs,
    retries: o.retries,
    consistencyBudget: o.consistencyBudgetMs,
    checkTimeout: o.checkTimeoutMs,
    maxBodyBytes: o.maxBodyBytes,
    maxUnanswered: o.maxUnanswered,
    seed: o.property.seed,
    path: o.property.path,
    runs: o.property.runs,
    baseline: o.baseline,
    cleanup: o.cleanup,
    forwardingSink: o.forwardingSink ? `${o.forwardingSink.host}:${o.forwardingSink.port}` : undefined,
  };
}
