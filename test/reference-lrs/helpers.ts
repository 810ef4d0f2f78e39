// Shared by the reference LRS tests: a real LRS on 127.0.0.1 (free port, temporary data folder) and a
// small HTTP client over fetch.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { start, type ReferenceLrs } from '../../reference-lrs/index.js';
import type { StartOptions } from '../../reference-lrs/options.js';
import type { LrsOverrides } from '../../reference-lrs/overrides.js';

export const USERS = {
  admin: { username: 'admin', password: 'admin-pass', scopes: ['all' as const] },
  reader: { username: 'reader', password: 'reader-pass', scopes: ['statements/read' as const] },
  mine: {
    username: 'mine',
    password: 'mine-pass',
    scopes: ['statements/read/mine' as const, 'statements/write' as const],
    agent: { objectType: 'Agent', mbox: 'mailto:mine@example.com' },
  },
  writer: { username: 'writer', password: 'writer-pass', scopes: ['statements/write' as const] },
};

export interface Reply {
  status: number;
  headers: Headers;
  body: Buffer;
  text: string;
  json(): any;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | object | undefined>;
  body?: unknown;
  headers?: Record<string, string | undefined>;
  /** X-Experience-API-Version; null sends none. Default 1.0.3. */
  version?: string | null;
  /** Credential name from USERS; null sends none. Default admin. */
  as?: keyof typeof USERS | null;
}

export interface TestLrs {
  lrs: ReferenceLrs;
  url: string;
  dataDir: string;
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>;
  close(): Promise<void>;
}

export function basic(user: keyof typeof USERS): string {
  const { username, password } = USERS[user];
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export function queryString(query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    params.set(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export async function send(url: string, method: string, options: RequestOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.version !== null) headers['X-Experience-API-Version'] = options.version ?? '1.0.3';
  if (options.as !== null) headers.Authorization = basic(options.as ?? 'admin');
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    if (Buffer.isBuffer(options.body)) body = new Uint8Array(options.body);
    else if (typeof options.body === 'string') body = options.body;
    else {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    const existing = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
    if (existing) delete headers[existing];
    if (value !== undefined) headers[name] = value;
  }
  const response = await fetch(`${url}${queryString(options.query)}`, { method, headers, body });
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString('utf8');
  return {
    status: response.status,
    headers: response.headers,
    body: bytes,
    text,
    json: () => JSON.parse(text),
  };
}

export async function startTestLrs(options: Partial<StartOptions> = {}, overrides?: LrsOverrides): Promise<TestLrs> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'xapi-conform-lrs-test-')));
  const lrs = await start({ port: 0, users: Object.values(USERS), ...options, dataDir }, overrides);
  return {
    lrs,
    url: lrs.url,
    dataDir,
    request: (method, path, requestOptions) => send(`${lrs.url}/${path}`, method, requestOptions),
    async close() {
      await lrs.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh, valid statement; each call uses its own activity and agent so tests never see each other's data. */
export function statement(overrides: Record<string, unknown> = {}): Record<string, any> {
  const tag = randomUUID();
  return {
    actor: { objectType: 'Agent', mbox: `mailto:${tag}@example.com`, name: 'Test Agent' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
    object: { objectType: 'Activity', id: `http://example.com/activities/${tag}` },
    ...overrides,
  };
}

export interface Part {
  headers: Record<string, string>;
  body: Buffer | string;
}

/** A multipart/mixed body from parts (CRLF line ends, RFC 2046). */
export function multipart(parts: Part[], boundary = `b-${randomUUID()}`): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const head = Object.entries(part.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`), Buffer.from(part.body), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/mixed; boundary="${boundary}"` };
}

/** Splits a multipart/mixed response into its parts (test-side reader, independent of the LRS's parser). */
export function parseMultipartResponse(reply: Reply): Part[] {
  const type = reply.headers.get('content-type') ?? '';
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  if (!boundary) throw new Error(`not multipart: ${type}`);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let position = reply.body.indexOf(delimiter);
  while (position !== -1) {
    const start = position + delimiter.length;
    if (reply.body.subarray(start, start + 2).toString() === '--') break;
    const next = reply.body.indexOf(delimiter, start);
    const raw = reply.body.subarray(start + 2, next - 2); // skip CRLF after delimiter and before the next
    const split = raw.indexOf('\r\n\r\n');
    const headers: Record<string, string> = {};
    for (const line of raw.subarray(0, split).toString().split('\r\n')) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ headers, body: raw.subarray(split + 4) });
    position = next;
  }
  return parts;
}
