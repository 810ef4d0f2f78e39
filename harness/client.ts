// The xAPI HTTP client on undici: keep-alive pool, version header, auth, per-request timeout,
// transport-error retries, a cap on buffered bodies, and a transcript of every exchange with the
// Authorization value redacted and a curl line that reproduces it.
import { Agent, interceptors, request, type Dispatcher } from 'undici';
import { CheckFailure } from './signals.js';
import type { Exchange, XapiClient, XapiRequest, XapiResponse } from './context.js';
import type { Unanswered } from './health.js';

/** How requests authenticate. Secrets never reach transcripts, reports or curl lines. */
export type AuthMode =
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'bearer'; token: string }
  | { kind: 'token'; token: string }
  | { kind: 'none' };

/** The target failed at the transport level (timeout, reset, refused, redirect loop, body over the cap). */
export class TransportError extends Error {
  constructor(
    message: string,
    /** Set when the target gave no answer at all (refused, reset, timed out), as the circuit breaker counts it. */
    readonly unanswered?: Unanswered,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export interface TransportOptions {
  /** Longest a whole exchange (headers and body) may take. */
  timeoutMs: number;
  /** Extra attempts after a connection-level error (reset, refused; POST: refused only); never after a timeout. */
  retries: number;
  /** Largest response body buffered; reading stops there and the request fails. */
  maxBodyBytes: number;
  insecure?: boolean;
  /** PEM text of extra CA certificates (--ca). */
  ca?: string;
  caFile?: string;
  connections?: number;
  maxRedirections?: number;
}

export interface Transport {
  dispatcher: Dispatcher;
  options: TransportOptions;
  close(): Promise<void>;
}

export function createTransport(options: TransportOptions): Transport {
  const agent = new Agent({
    connections: options.connections ?? 16,
    keepAliveTimeout: 10_000,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connect: { rejectUnauthorized: !options.insecure, ...(options.ca ? { ca: options.ca } : {}) },
  });
  const dispatcher = agent.compose(interceptors.redirect({ maxRedirections: options.maxRedirections ?? 5 }));
  return { dispatcher, options, close: () => agent.close() };
}

export interface ClientOptions {
  /** Base URL of the xAPI endpoint, no trailing slash needed. */
  endpoint: string;
  auth: AuthMode;
  /** Extra headers sent on every request (--header); their values are treated as secrets. */
  extraHeaders?: Record<string, string>;
  /** Names used for the credential placeholders of the curl line, e.g. XAPI_CONFORM. */
  curlCredentialPrefix?: string;
  defaultVersion: string;
  transport: Transport;
  signal?: AbortSignal;
  /** Called with every exchange, failed or not. */
  onExchange?: (exchange: Exchange, res?: XapiResponse) => void;
  /** Told of every answer and every request left unanswered (the run's circuit breaker). */
  health?: { answered(): void; unanswered(kind: Unanswered): void };
}

const REDACTED = '<redacted>';
const TRANSCRIPT_BODY_CHARS = 16_384;
/** Larger request bodies are not inlined in the curl line (the transcript shows the body). */
const CURL_INLINE_BODY_BYTES = 4096;
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export function createClient(options: ClientOptions): XapiClient {
  const base = options.endpoint.replace(/\/+$/, '');
  return {
    async request(req: XapiRequest): Promise<XapiResponse> {
      const url = buildUrl(base, req);
      const { headers, body } = buildHeadersAndBody(req, options);
      const transport = options.transport;
      let attempt = 0;
      for (;;) {
        const started = performance.now();
        try {
          const cap = Math.max(transport.options.maxBodyBytes, req.maxBodyBytes ?? 0);
          const res = await exchangeOnce(transport, url, req.method, headers, body, cap, options.signal);
          const exchange = makeExchange(options, url, req.method, headers, body, started, res);
          const response = makeResponse(res.status, res.headers, res.body, exchange);
          options.onExchange?.(exchange, response);
          options.health?.answered();
          return response;
        } catch (err) {
          const message = describeTransportError(err, transport.options, url);
          const retryable = attempt < transport.options.retries && isRetryable(err, req.method) && !options.signal?.aborted;
          if (retryable) {
            attempt += 1;
            continue;
          }
          const suffix = attempt > 0 ? ` (after ${attempt + 1} attempts)` : '';
          const partial = err instanceof BodyCapError ? err.partial : undefined;
          const exchange = makeExchange(options, url, req.method, headers, body, started, partial, message + suffix);
          options.onExchange?.(exchange);
          if (options.signal?.aborted) throw options.signal.reason ?? err;
          const unanswered = unansweredKind(err);
          if (unanswered) options.health?.unanswered(unanswered);
          else options.health?.answered();
          throw new TransportError(`${req.method} ${url}: ${message}${suffix}`, unanswered);
        }
      }
    },
  };
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

class BodyCapError extends Error {
  constructor(
    readonly cap: number,
    readonly partial: RawResponse,
  ) {
    super(`response body larger than ${cap} bytes`);
  }
}

async function exchangeOnce(
  transport: Transport,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  maxBodyBytes: number,
  runSignal: AbortSignal | undefined,
): Promise<RawResponse> {
  const timeout = AbortSignal.timeout(transport.options.timeoutMs);
  const signal = runSignal ? AbortSignal.any([runSignal, timeout]) : timeout;
  const res = await request(url, {
    method: method as Dispatcher.HttpMethod,
    headers,
    body,
    dispatcher: transport.dispatcher,
    signal,
    throwOnMaxRedirect: true,
  } as Parameters<typeof request>[1]);
  const responseHeaders = flattenHeaders(res.headers);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBodyBytes) {
      res.body.destroy();
      const partial = { status: res.statusCode, headers: responseHeaders, body: Buffer.concat(chunks) };
      throw new BodyCapError(maxBodyBytes, partial);
    }
    chunks.push(buf);
  }
  return { status: res.statusCode, headers: responseHeaders, body: Buffer.concat(chunks) };
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** A POST is retried only when it never reached the target (refused): a reset may follow a stored write. */
function isRetryable(err: unknown, method: string): boolean {
  const code = errorCode(err);
  if (code === 'ECONNREFUSED') return true;
  return method !== 'POST' && code !== undefined && RETRYABLE_CODES.has(code);
}

const NO_ANSWER_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** Whether the target answered nothing at all: an answer that was too large or a redirect loop still is one. */
function unansweredKind(err: unknown): Unanswered | undefined {
  if (isTimeout(err)) return 'timeout';
  const code = errorCode(err);
  return code !== undefined && NO_ANSWER_CODES.has(code) ? 'connection' : undefined;
}

function isTimeout(err: unknown): boolean {
  const code = errorCode(err);
  return (err as { name?: string })?.name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}

function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** One line a user understands, naming the option that governs the problem where there is one. */
export function describeTransportError(err: unknown, options: TransportOptions, url: string): string {
  if (err instanceof BodyCapError) {
    return `response body larger than ${err.cap} bytes (--max-body-bytes); stopped reading`;
  }
  const name = (err as { name?: string })?.name;
  const message = (err as { message?: string })?.message ?? String(err);
  const code = errorCode(err);
  if (isTimeout(err)) return `no complete response within ${options.timeoutMs} ms (--timeout)`;
  if (name === 'AbortError') return 'request aborted (run interrupted)';
  if (message === 'max redirects') return `redirect loop: more than ${options.maxRedirections ?? 5} redirects`;
  if (message.startsWith('Redirect loop detected')) return 'redirect loop: the target redirects to the URL just requested';
  const host = safeHost(url);
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${host}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host name not found: ${host}`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
    case 'EPIPE':
      return `connection closed by the target before a complete response (${code})`;
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return 'response body truncated: fewer bytes than Content-Length announced';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `TLS certificate rejected (${code}); use --ca FILE to trust it, or --insecure`;
  }
  return code ? `${message} (${code})` : message;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function buildUrl(base: string, req: XapiRequest): string {
  const url = new URL(`${base}/${req.path.replace(/^\/+/, '')}`);
  for (const [key, value] of Object.entries(req.query ?? {})) {
    if (value === undefined) continue;
    url.searchParams.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return url.toString();
}

/**
 * Headers: version header (unless version is null), auth, extra headers, then the request's own
 * (undefined removes one). Bodies: objects, arrays and strings default to application/json,
 * Buffers to application/octet-stream.
 */
/** The HTTP Basic Authorization header value. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

function buildHeadersAndBody(req: XapiRequest, options: ClientOptions): { headers: Record<string, string>; body?: Buffer } {
  const headers = new Map<string, [string, string]>();
  const set = (name: string, value: string) => headers.set(name.toLowerCase(), [name, value]);
  const version = req.version === undefined ? options.defaultVersion : req.version;
  if (version !== null) set('X-Experience-API-Version', version);
  const auth = options.auth;
  if (auth.kind === 'basic') set('Authorization', basicAuthorization(auth.username, auth.password));
  if (auth.kind === 'bearer') set('Authorization', `Bearer ${auth.token}`);
  if (auth.kind === 'token') set('Authorization', `Token ${auth.token}`);
  for (const [name, value] of Object.entries(options.extraHeaders ?? {})) set(name, value);

  let body: Buffer | undefined;
  if (req.body !== undefined) {
    if (Buffer.isBuffer(req.body) || req.body instanceof Uint8Array) {
      body = Buffer.from(req.body);
      set('Content-Type', 'application/octet-stream');
    } else {
      body = Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
      set('Content-Type', 'application/json');
    }
  }
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    if (value === undefined) headers.delete(name.toLowerCase());
    else set(name, value);
  }
  return { headers: Object.fromEntries([...headers.values()]), body };
}

function makeExchange(
  options: ClientOptions,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  started: number,
  res?: RawResponse,
  error?: string,
): Exchange {
  const secretNames = new Set(['authorization', ...Object.keys(options.extraHeaders ?? {}).map((h) => h.toLowerCase())]);
  const shownHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    shownHeaders[name] = secretNames.has(name.toLowerCase()) ? redact(value) : value;
  }
  const exchange: Exchange = {
    request: { method, url, headers: shownHeaders, bodyBytes: body?.length ?? 0 },
    durationMs: Math.round(performance.now() - started),
    curl: curlLine(options, url, method, headers, body),
  };
  if (body) exchange.request.body = transcriptText(body);
  if (res) {
    exchange.response = { status: res.status, headers: res.headers, bodyBytes: res.body.length };
    if (res.body.length) exchange.response.body = transcriptText(res.body);
  }
  if (error) exchange.error = error;
  return exchange;
}

/** Keeps the scheme of an Authorization value ("Basic <redacted>"); hides everything else. */
function redact(value: string): string {
  const scheme = /^(Basic|Bearer|Token|Digest)\s/i.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

function transcriptText(body: Buffer): string {
  const text = body.subarray(0, TRANSCRIPT_BODY_CHARS * 4).toString('utf8');
  if (text.length <= TRANSCRIPT_BODY_CHARS) return text;
  return `${text.slice(0, TRANSCRIPT_BODY_CHARS)}… [${body.length} bytes in all]`;
}

/** Shortens the bodies of a transcript (passed checks keep their exchanges, not every byte). */
export function trimExchange(exchange: Exchange, maxChars: number): Exchange {
  const cut = (text: string | undefined, bytes: number) =>
    text === undefined || text.length <= maxChars ? text : `${text.slice(0, maxChars)}… [${bytes} bytes in all]`;
  const trimmed: Exchange = { ...exchange, request: { ...exchange.request } };
  if (exchange.curl.length > maxChars * 2) {
    trimmed.curl = exchange.curl.replace(/--data-binary '[\s\S]*'$/, `--data-binary @request-body.bin  # the ${exchange.request.bodyBytes}-byte body of this exchange`);
  }
  const requestBody = cut(exchange.request.body, exchange.request.bodyBytes);
  if (requestBody !== undefined) trimmed.request.body = requestBody;
  if (exchange.response) {
    trimmed.response = { ...exchange.response };
    const responseBody = cut(exchange.response.body, exchange.response.bodyBytes);
    if (responseBody !== undefined) trimmed.response.body = responseBody;
  }
  return trimmed;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A curl command reproducing the request; credentials become environment-variable placeholders. */
function curlLine(options: ClientOptions, url: string, method: string, headers: Record<string, string>, body?: Buffer): string {
  const prefix = options.curlCredentialPrefix ?? 'XAPI_CONFORM';
  const parts = ['curl', '-sS', '-i', '-X', method, shellQuote(url)];
  if (options.transport.options.insecure) parts.push('-k');
  if (options.transport.options.caFile) parts.push('--cacert', shellQuote(options.transport.options.caFile));
  const extra = new Set(Object.keys(options.extraHeaders ?? {}).map((h) => h.toLowerCase()));
  let index = 0;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      parts.push(curlAuth(options.auth, value, prefix));
    } else if (extra.has(lower)) {
      index += 1;
      parts.push('-H', `"${name}: $${prefix}_HEADER_${index}"`);
    } else {
      parts.push('-H', shellQuote(`${name}: ${value}`));
    }
  }
  if (body?.length) {
    const text = body.length <= CURL_INLINE_BODY_BYTES ? body.toString('utf8') : undefined;
    const textual = text !== undefined && Buffer.from(text, 'utf8').equals(body) && !/[\u0000-\u0008\u000e-\u001f]/.test(text);
    parts.push('--data-binary', textual ? shellQuote(text) : `@request-body.bin  # the ${body.length}-byte body of this exchange`);
  }
  return parts.join(' ');
}

function curlAuth(auth: AuthMode, sent: string, prefix: string): string {
  const matchesAuth =
    (auth.kind === 'basic' && sent.startsWith('Basic ')) ||
    (auth.kind === 'bearer' && sent.startsWith('Bearer ')) ||
    (auth.kind === 'token' && sent.startsWith('Token '));
  if (!matchesAuth) return `-H "Authorization: $${prefix}_AUTHORIZATION"`;
  if (auth.kind === 'basic') return `-u "$${prefix}_USER:$${prefix}_PASSWORD"`;
  if (auth.kind === 'bearer') return `-H "Authorization: Bearer $${prefix}_BEARER"`;
  return `-H "Authorization: Token $${prefix}_TOKEN"`;
}

function makeResponse(status: number, headers: Record<string, string>, body: Buffer, exchange: Exchange): XapiResponse {
  let parsed: { value: unknown } | undefined;
  return {
    status,
    headers,
    body,
    exchange,
    text: () => body.toString('utf8'),
    json<T>(): T {
      if (!parsed) {
        const text = body.toString('utf8');
        try {
          parsed = { value: JSON.parse(text) };
        } catch (err) {
          const excerpt = text.length > 200 ? `${text.slice(0, 200)}…` : text;
          const type = headers['content-type'] ?? 'no Content-Type';
          throw new CheckFailure(
            `${exchange.request.method} ${exchange.request.url} answered ${status} (${type}) with a body that is not JSON: ${(err as Error).message}`,
            { expected: 'a JSON body', actual: excerpt || '(empty body)' },
          );
        }
      }
      return parsed.value as T;
    },
  };
}
