// The capture sink for the forwarding suite: a minimal xAPI statements endpoint that an LRS under test
// forwards to. It records every delivery (statements and request headers), accepts only the Basic
// credentials it generated (others are recorded, then answered 401), and can be told to fail (an HTTP status) or stall the next N deliveries.
// `sinkForwardingConfig` prints the exact forwarding configuration (Ralph LRS format) to give the target.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { parseMultipartMixed } from '../validation/multipart.js';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { basicAuthorization } from './client.js';
import type { ForwardingSinkHandle } from './context.js';
import type { ForwardingEntry } from '../reference-lrs/options.js';

/** Retries and per-attempt timeout (seconds) of the printed configuration; the checks rely on them. */
export const SINK_MAX_RETRIES = 2;
export const SINK_TIMEOUT_SECONDS = 1;
/** Sink base path: statements are forwarded to `${url}/statements`. */
const SINK_PATH = '/sink';
const INACTIVE_PATH = `${SINK_PATH}/inactive`;
const BODY_LIMIT_BYTES = 16 * 1024 * 1024;

export interface SinkDelivery {
  statements: unknown[];
  /** Request headers, lower-cased names (the Authorization header included: it is the sink's own secret). */
  headers: Record<string, string>;
  /** Arrival time (this process's clock, ms). */
  at: number;
  method: string;
  path: string;
  /** The status the sink answered (or will answer after a stall); 401 for unknown credentials. */
  answered: number;
  /** Attachment parts of a multipart/mixed delivery (Communication 1.5.2), by declared SHA-2. */
  attachments: Array<{ sha2: string; contentType: string; data: Buffer }>;
  /** Why the body could not be read (the parser's error); such a delivery is answered 400 and carries no statements. */
  parseError?: string;
}

/** What failNext accepts: the contract's `{ status, stallMs }`, optionally limited to deliveries that
 *  contain one statement id, so that concurrent checks sharing the sink never consume each other's failures. */
export interface SinkFailure {
  status?: number;
  stallMs?: number;
  statementId?: string;
}

export interface SinkHandle extends ForwardingSinkHandle {
  received(): SinkDelivery[];
  failNext(count: number, how: SinkFailure): void;
}

export interface RunningSink {
  /** Base URL to configure as the forwarding entry's `url`. */
  url: string;
  username: string;
  password: string;
  handle: SinkHandle;
  close(): Promise<void>;
}

/** Credentials of the deliberately inactive entry; derived so that checks can recognise its deliveries. */
export function inactiveCredentials(sink: { username: string; password: string }): { username: string; password: string } {
  return { username: `${sink.username}-inactive`, password: `${sink.password}-inactive` };
}

/**
 * The exact forwardings JSON value (a list of Ralph-style entries) for a target forwarding to this sink:
 * one active entry, and one inactive entry (its own credentials and path) that must receive nothing.
 */
export function sinkForwardingConfig(sink: { url: string; username: string; password: string }): ForwardingEntry[] {
  const inactive = inactiveCredentials(sink);
  return [
    {
      is_active: true,
      url: sink.url,
      basic_username: sink.username,
      basic_password: sink.password,
      max_retries: SINK_MAX_RETRIES,
      timeout: SINK_TIMEOUT_SECONDS,
    },
    {
      is_active: false,
      url: `${sink.url}/inactive`,
      basic_username: inactive.username,
      basic_password: inactive.password,
      max_retries: SINK_MAX_RETRIES,
      timeout: SINK_TIMEOUT_SECONDS,
    },
  ];
}

interface ArmedFailure extends SinkFailure {
  remaining: number;
}

export async function startSink({ host = '127.0.0.1', port = 0 }: { host?: string; port?: number }): Promise<RunningSink> {
  const username = `xapi-conform-sink-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  const inactive = inactiveCredentials({ username, password });
  const accepted = [basicAuthorization(username, password), basicAuthorization(inactive.username, inactive.password)];
  let deliveries: SinkDelivery[] = [];
  let armed: ArmedFailure[] = [];
  const stalls = new Set<NodeJS.Timeout>();

  const handle: SinkHandle = {
    received: () => deliveries.slice(),
    failNext(count, how) {
      if (count > 0) armed.push({ ...how, remaining: count });
    },
    reset() {
      deliveries = [];
      armed = [];
    },
  };

  /** The first armed failure that applies to these statements, consumed by one. */
  function takeFailure(statements: unknown[]): SinkFailure | undefined {
    const ids = new Set(statements.map((s) => String((s as { id?: unknown } | null)?.id).toLowerCase()));
    const failure =
      armed.find((f) => f.statementId !== undefined && ids.has(f.statementId.toLowerCase())) ??
      armed.find((f) => f.statementId === undefined);
    if (!failure) return undefined;
    failure.remaining -= 1;
    if (failure.remaining === 0) armed = armed.filter((f) => f !== failure);
    return failure;
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://sink').pathname.replace(/\/+$/, '');
    const known = [SINK_PATH, `${SINK_PATH}/statements`, INACTIVE_PATH, `${INACTIVE_PATH}/statements`];
    if (!known.includes(path)) return answer(res, 404, { error: `no such path ${path}` });
    if (req.method !== 'POST' && req.method !== 'PUT') return answer(res, 405, { error: 'POST or PUT statements' });
    let content: { json: unknown; attachments: SinkDelivery['attachments'] };
    try {
      content = parseContent(await readBody(req), req.headers['content-type']);
    } catch (error) {
      // Recorded, so that a check waiting for the statement can show why it never arrived readable.
      const parseError = (error as Error).message;
      deliveries.push({ statements: [], headers: flatHeaders(req), at: Date.now(), method: req.method, path, answered: 400, attachments: [], parseError });
      return answer(res, 400, { error: parseError });
    }
    const parsed = content.json;
    const attachments = content.attachments;
    const statements = Array.isArray(parsed) ? parsed : [withQueryId(parsed, req.url)];
    if (!accepted.some((credential) => safeEqual(req.headers.authorization ?? '', credential))) {
      // Recorded all the same, so that a check can say which credentials came instead.
      deliveries.push({ statements, headers: flatHeaders(req), at: Date.now(), method: req.method, path, answered: 401, attachments });
      res.setHeader('WWW-Authenticate', 'Basic realm="xapi-conform sink"');
      return answer(res, 401, { error: 'unknown credentials' });
    }
    const failure = takeFailure(statements);
    const status = failure?.status ?? (failure ? 500 : req.method === 'PUT' ? 204 : 200);
    deliveries.push({ statements, headers: flatHeaders(req), at: Date.now(), method: req.method, path, answered: status, attachments });
    const reply = () => {
      if (status === 200) return answer(res, 200, statements.map((s) => (s as { id?: unknown } | null)?.id ?? null));
      if (status === 204) return answer(res, 204);
      return answer(res, status, { error: 'failure requested by the check' });
    };
    if (failure?.stallMs === undefined) return reply();
    const timer = setTimeout(() => {
      stalls.delete(timer);
      if (!res.destroyed) reply();
    }, failure.stallMs);
    stalls.add(timer);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((error: Error) => answer(res, 400, { error: error.message }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  // Bound to every interface: the target must be given a name it can reach, not the wildcard address.
  const reachable = host === '0.0.0.0' || host === '::' ? hostname() : host;
  const urlHost = reachable.includes(':') ? `[${reachable}]` : reachable;

  return {
    url: `http://${urlHost}:${bound}${SINK_PATH}`,
    username,
    password,
    handle,
    close: async () => {
      for (const timer of stalls) clearTimeout(timer);
      stalls.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The statements (JSON, or the first part of multipart/mixed) and any attachment parts. */
function parseContent(body: Buffer, contentType: string | undefined): { json: unknown; attachments: SinkDelivery['attachments'] } {
  const boundary = /^multipart\/mixed\s*;.*boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (!boundary) return { json: parseJson(body), attachments: [] };
  let json: unknown;
  const attachments: SinkDelivery['attachments'] = [];
  let index = 0;
  for (const part of parseMultipartMixed(body, { boundary, maxFileSize: BODY_LIMIT_BYTES, maxTotalSize: BODY_LIMIT_BYTES })) {
    const data = Buffer.from(part.bytes);
    if (index++ === 0) json = parseJson(data);
    else {
      attachments.push({
        sha2: (part.headers['x-experience-api-hash'] ?? '').trim().toLowerCase(),
        contentType: part.headers['content-type'] ?? '',
        data,
      });
    }
  }
  if (index === 0) throw new Error('multipart body without parts');
  return { json, attachments };
}

function parseJson(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    throw new Error('body is not JSON');
  }
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A PUT carries one statement whose id may be only in the statementId parameter. */
function withQueryId(statement: unknown, url: string | undefined): unknown {
  const id = new URL(url ?? '/', 'http://sink').searchParams.get('statementId');
  if (id && typeof statement === 'object' && statement !== null && !('id' in statement)) return { ...statement, id };
  return statement;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function answer(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  res.statusCode = status;
  res.setHeader('X-Experience-API-Version', '1.0.3');
  if (body === undefined) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}
