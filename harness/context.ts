// What a check sees: `run(ctx: CheckContext)`. The engine (harness/engine.ts) builds one per check
// and version. Implementations live in harness/client.ts, harness/namespace.ts, harness/consistency.ts.
import type { Check, XapiVersion } from './check.js';
import type { Mismatch } from './signals.js';

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS';

export interface XapiRequest {
  method: HttpMethod;
  /** Relative to the endpoint, no leading slash: "statements", "activities/state", "about". */
  path: string;
  /** Undefined values are left out; objects are JSON-encoded (agent=…). */
  query?: Record<string, string | number | boolean | object | undefined>;
  /** Undefined values remove a default header (e.g. { Authorization: undefined }). */
  headers?: Record<string, string | undefined>;
  /** A plain object or array is sent as JSON with Content-Type application/json unless headers say otherwise. */
  body?: unknown;
  /** X-Experience-API-Version to send; defaults to the run's version; null sends none. */
  version?: string | null;
  /** Reads a response body up to this size when a check expects one larger than --max-body-bytes (a large
   *  statement it stored, read back); never lowers the run's cap. */
  maxBodyBytes?: number;
}

/** One request and its response, as the transcript and the reports show it (Authorization redacted). */
export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string; bodyBytes: number };
  response?: { status: number; headers: Record<string, string>; body?: string; bodyBytes: number };
  /** Transport-level problem (timeout, reset, redirect loop, body over the cap), if any. */
  error?: string;
  durationMs: number;
  /** A curl command line reproducing the request, credentials replaced by placeholders. */
  curl: string;
}

export interface XapiResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: Buffer;
  text(): string;
  /** Parsed JSON; throws CheckFailure with a clear diagnosis when the body is not JSON. */
  json<T = any>(): T;
  exchange: Exchange;
}

export interface XapiClient {
  request(req: XapiRequest): Promise<XapiResponse>;
}

/** Run-scoped, check-scoped names so concurrent checks and pre-existing data never interfere. */
export interface Namespace {
  /** An activity IRI unique to this run and check: https://xapi-conform.example/<run>/<check>/activity/<name> */
  activity(name?: string): string;
  verb(name?: string): string;
  /** A deterministic UUID derived from run id, check id and name. */
  registration(name?: string): string;
  agent(name?: string): { objectType: 'Agent'; mbox: string; name: string };
  /** A fresh random UUID (v4). */
  uuid(): string;
  stateId(name?: string): string;
  profileId(name?: string): string;
}

/** What the check created on the target, so that `--cleanup` can remove it afterwards. */
export interface Ledger {
  statements(ids: string[]): void;
  document(resource: 'activities/state' | 'activities/profile' | 'agents/profile', query: Record<string, string>): void;
}

export interface Expect {
  /** Status must be (one of) the expected; the failure shows both and the exchange. */
  status(res: XapiResponse, expected: number | number[], what?: string): void;
  equal(actual: unknown, expected: unknown, what: string): void;
  deepEqual(actual: unknown, expected: unknown, what: string): void;
  ok(condition: unknown, what: string, mismatch?: Mismatch): asserts condition;
  header(res: XapiResponse, name: string, what?: string): string;
  fail(what: string, mismatch?: Mismatch): never;
}

export interface ForwardingSinkHandle {
  /** Statements the sink has received, with the request headers of each delivery. */
  received(): Array<{ statements: unknown[]; headers: Record<string, string>; at: number }>;
  /**
   * Make the next `count` deliveries fail with `status` (or stall past `stallMs` when given); with
   * `statementId`, only deliveries carrying that statement, so concurrent checks sharing the sink don't
   * use up each other's failures.
   */
  failNext(count: number, how: { status?: number; stallMs?: number; statementId?: string }): void;
  reset(): void;
}

export interface CheckContext {
  check: Check;
  version: XapiVersion;
  runId: string;
  /** Client with the run's primary credentials. */
  client: XapiClient;
  /** Client with no credentials at all. */
  anonymous: XapiClient;
  /** Client with a named extra credential (`--credential read=user:pass`); throws Skip when not given. */
  as(credential: 'read' | 'mine' | 'state' | 'wrong'): XapiClient;
  ns: Namespace;
  ledger: Ledger;
  expect: Expect;
  /** /about as fetched in preflight; `version` is empty when --xapi-version was given and /about could not be read. */
  about: { version: string[]; extensions?: Record<string, unknown> };
  /**
   * Re-runs `attempt` while it throws CheckFailure, with bounded backoff, until it passes or the
   * consistency budget is spent. If the target's X-Experience-API-Consistent-Through never reached the
   * target's own time of the check's writes, the check ends Inconclusive instead of failed.
   */
  eventually<T>(attempt: () => Promise<T>, opts?: { budgetMs?: number }): Promise<T>;
  /** Record an ambiguous-spec point; the check ends "warning" (not failed) unless something failed. */
  warn(message: string, quote?: string): void;
  /** Free-text note shown with the result. */
  note(message: string): void;
  /** Property suites: seed, path and run budget (from --seed, --path, --runs). */
  property: { seed: number; path?: string; runs?: number };
  /** Present when the run has a forwarding sink (--forwarding-sink). */
  sink?: ForwardingSinkHandle & { url: string; username: string; password: string };
  /** AbortSignal that fires on Ctrl-C or --bail. */
  signal: AbortSignal;
}
