// Building blocks for mutant LRSs: express middleware that changes exactly one thing about how the
// reference LRS reads a request or answers it. Installed through LrsOverrides, never in normal runs.
import type { Request, RequestHandler } from 'express';

export type When = (req: Request) => boolean;

/** Matches a method (or any of several) and a path under the xAPI base path. */
export function on(methods: string | string[], path: RegExp): When {
  const wanted = Array.isArray(methods) ? methods : [methods];
  return (req) => wanted.includes(req.method) && path.test(req.path);
}

export const STATEMENTS = /^\/statements\/?$/;
export const DOCUMENTS = /^\/(activities\/state|activities\/profile|agents\/profile)\/?$/;

/** Rewrites the query string before the LRS parses it (express 5 derives req.query from req.url). */
export function editQuery(when: When, edit: (query: URLSearchParams, req: Request) => void): RequestHandler {
  return (req, _res, next) => {
    if (when(req)) {
      const at = req.url.indexOf('?');
      const path = at < 0 ? req.url : req.url.slice(0, at);
      const query = new URLSearchParams(at < 0 ? '' : req.url.slice(at + 1));
      edit(query, req);
      const text = query.toString();
      req.url = text ? `${path}?${text}` : path;
    }
    next();
  };
}

/** Rewrites request headers (lower-case names) before the LRS reads them. */
export function editRequestHeaders(when: When, edit: (headers: Request['headers'], req: Request) => void): RequestHandler {
  return (req, _res, next) => {
    if (when(req)) edit(req.headers, req);
    next();
  };
}

/** Rewrites the raw request body (a Buffer once the LRS's body reader has run). */
export function editRequestBody(when: When, edit: (body: Buffer, req: Request) => Buffer): RequestHandler {
  return (req, _res, next) => {
    if (when(req) && Buffer.isBuffer(req.body)) req.body = edit(req.body, req);
    next();
  };
}

/** A response as the LRS produced it, before it is sent. */
export interface Reply {
  status: number;
  headers: Record<string, number | string | string[] | undefined>;
  body: Buffer;
}

function toBuffer(chunk: unknown, encoding?: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk);
  return Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
}

/**
 * Lets the LRS answer, buffers what it writes, lets `edit` change status, headers or body, then sends
 * the result. Content-Length follows an edited body.
 */
export function editResponse(when: When, edit: (reply: Reply, req: Request) => void): RequestHandler {
  return (req, res, next) => {
    if (!when(req)) return next();
    const chunks: Buffer[] = [];
    const end = res.end.bind(res) as (body?: Buffer) => typeof res;
    const writeHead = res.writeHead;
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      res.statusCode = status;
      const headers = rest.find((r) => r && typeof r === 'object') as Record<string, string> | undefined;
      for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
      return res;
    }) as typeof res.writeHead;
    res.write = ((chunk: unknown, encoding?: unknown, done?: unknown) => {
      chunks.push(toBuffer(chunk, encoding));
      const callback = [encoding, done].find((f) => typeof f === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof res.write;
    res.end = ((chunk?: unknown, encoding?: unknown) => {
      if (chunk !== undefined && typeof chunk !== 'function') chunks.push(toBuffer(chunk, encoding));
      const original = Buffer.concat(chunks);
      const reply: Reply = { status: res.statusCode, headers: { ...res.getHeaders() } as Reply['headers'], body: original };
      edit(reply, req);
      res.statusCode = reply.status;
      for (const name of res.getHeaderNames()) if (reply.headers[name] === undefined) res.removeHeader(name);
      for (const [name, value] of Object.entries(reply.headers)) if (value !== undefined) res.setHeader(name, value);
      if (reply.body !== original) res.setHeader('content-length', reply.body.length);
      res.writeHead = writeHead; // Node's end() emits the head through it
      return end(reply.body);
    }) as typeof res.end;
    next();
  };
}

/** editResponse for JSON bodies: `edit` returns the new value (or mutates it in place). */
export function editJson(when: When, edit: (json: any, req: Request, reply: Reply) => unknown): RequestHandler {
  return editResponse(when, (reply, req) => {
    if (!String(reply.headers['content-type'] ?? '').includes('json') || reply.body.length === 0) return;
    const json = JSON.parse(reply.body.toString('utf8'));
    const edited = edit(json, req, reply);
    reply.body = Buffer.from(JSON.stringify(edited === undefined ? json : edited));
  });
}

/** Applies `edit` to every statement of a GET /statements answer (single statement or StatementResult). */
export function editReturnedStatements(edit: (statement: Record<string, unknown>) => void): RequestHandler {
  return editJson(on(['GET', 'POST'], STATEMENTS), (json) => {
    if (Array.isArray(json?.statements)) json.statements.forEach(edit);
    else if (json && typeof json === 'object' && !Array.isArray(json) && 'actor' in json) edit(json);
  });
}

/** Answers matching requests itself, without reaching the LRS's routes. */
export function answer(when: When, status: number, body?: unknown): RequestHandler {
  return (req, res, next) => {
    if (!when(req)) return next();
    if (body === undefined) res.status(status).end();
    else res.status(status).json(body);
  };
}

/** Shifts an ISO 8601 timestamp by `ms` milliseconds. */
export function shiftTimestamp(text: string, ms: number): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time + ms).toISOString();
}
