// A tiny in-memory xAPI server for harness tests: GET /about, POST/PUT/GET statements with Basic auth
// and X-Experience-API-Consistent-Through. `misbehave` lets a test replace the answer to any request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export interface MiniLrs {
  url: string;
  base: string;
  user: string;
  password: string;
  statements: Map<string, Record<string, unknown>>;
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>;
  /** Query parameters of every DELETE activities/state (for --cleanup). */
  deletedDocuments: Array<Record<string, string>>;
  /** Return true when the request was handled (misbehaviour); false to fall through to the LRS. */
  misbehave?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Statements become visible only after this many further GETs (eventual consistency). */
  visibleAfterGets: number;
  versions: string[];
  /** Makes every pending statement visible at once. */
  settle(): void;
  close(): Promise<void>;
  server: Server;
}

export async function startMiniLrs(options: { versions?: string[]; basePath?: string } = {}): Promise<MiniLrs> {
  const user = 'tester';
  const password = `pw-${randomUUID()}`;
  const basePath = options.basePath ?? '/xapi';
  const pending: Array<{ id: string; statement: Record<string, unknown>; getsLeft: number }> = [];
  const lrs = {
    user,
    password,
    statements: new Map<string, Record<string, unknown>>(),
    requests: [] as MiniLrs['requests'],
    deletedDocuments: [] as MiniLrs['deletedDocuments'],
    visibleAfterGets: 0,
    versions: options.versions ?? ['1.0.3', '2.0.0'],
  } as MiniLrs;

  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { ...(text ? { 'Content-Type': 'application/json' } : {}), ...headers });
    res.end(text);
  };

  const server = createServer(async (req, res) => {
    lrs.requests.push({ method: req.method!, url: req.url!, headers: req.headers });
    if (lrs.misbehave?.(req, res)) return;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url!, 'http://x');
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : '';
    if (path === '/about') return send(res, 200, { version: lrs.versions });
    const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return send(res, 401, { error: 'unauthorized' }, { 'WWW-Authenticate': 'Basic realm="xapi"' });
    if (!req.headers['x-experience-api-version']) return send(res, 400, { error: 'missing version' });
    if (path === '/activities/state' && req.method === 'DELETE') {
      lrs.deletedDocuments.push(Object.fromEntries(url.searchParams));
      return send(res, 204);
    }
    if (path !== '/statements') return send(res, 404, { error: 'not found' });
    const now = new Date();
    const consistent = { 'X-Experience-API-Consistent-Through': new Date(now.getTime() - (pending.length ? 60_000 : 0)).toISOString() };
    if (req.method === 'POST') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const list = Array.isArray(body) ? body : [body];
      const ids = list.map((s: Record<string, unknown>) => {
        const id = (s.id as string) ?? randomUUID();
        const statement = { ...s, id, stored: now.toISOString() };
        if (lrs.visibleAfterGets > 0) pending.push({ id, statement, getsLeft: lrs.visibleAfterGets });
        else lrs.statements.set(id, statement);
        return id;
      });
      return send(res, 200, ids, consistent);
    }
    if (req.method === 'GET') {
      for (const p of [...pending]) {
        p.getsLeft -= 1;
        if (p.getsLeft <= 0) {
          lrs.statements.set(p.id, p.statement);
          pending.splice(pending.indexOf(p), 1);
        }
      }
      const id = url.searchParams.get('statementId');
      if (id) {
        const s = lrs.statements.get(id);
        return s ? send(res, 200, s, consistent) : send(res, 404, { error: 'no such statement' }, consistent);
      }
      return send(res, 200, { statements: [...lrs.statements.values()].slice(0, Number(url.searchParams.get('limit') ?? 100)) }, consistent);
    }
    return send(res, 405, { error: 'method' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  lrs.server = server;
  lrs.settle = () => {
    for (const p of pending.splice(0)) lrs.statements.set(p.id, p.statement);
  };
  lrs.base = `http://127.0.0.1:${port}`;
  lrs.url = `${lrs.base}${basePath}`;
  lrs.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return lrs;
}
