// A tiny statements-only LRS for testing the forwarding checks before (and besides) the reference LRS:
// it stores writes in a MemoryLog and forwards them either with the real forwarder or with a naive,
// deliberately broken one (each broken behaviour must be caught by a check).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createForwarder, type Forwarder, type StatementLog } from '../../reference-lrs/forwarding/index.js';
import type { ForwardingEntry } from '../../reference-lrs/options.js';
import { parseMultipart } from '@remix-run/multipart-parser';
import { MemoryLog } from './helpers.js';

export interface NaiveForwarding {
  /** Forward before answering the client (the write waits for the target). */
  synchronous?: boolean;
  versionHeader?: boolean;
  credentials?: 'configured' | 'none';
  retries?: number;
  forwardInactive?: boolean;
  /** Forward only the first statement of each write. */
  firstOnly?: boolean;
  /** Wait for the target however long it takes (the entry's timeout not applied). */
  ignoreTimeout?: boolean;
}

export interface MiniLrsOptions {
  entries: ForwardingEntry[];
  /** Forward with a naive implementation instead of reference-lrs/forwarding. */
  naive?: NaiveForwarding;
  /** Alters what the real forwarder reads from the store (a forwarder that changes statements). */
  alter?: (statement: Record<string, unknown>) => Record<string, unknown>;
  /** Keep attachment data from the forwarder (it forwards statements as JSON only). */
  withholdAttachments?: boolean;
}

export const MINI_USER = { username: 'mini', password: 'mini-password' };

export async function startMiniLrs(options: MiniLrsOptions): Promise<{ url: string; close(): Promise<void> }> {
  const log = new MemoryLog();
  const attachmentData = new Map<string, Buffer>();
  const dataDir = await mkdtemp(join(tmpdir(), 'xapi-conform-mini-'));
  let forwarder: Forwarder | undefined;
  if (!options.naive) {
    const alter = options.alter;
    const statements: StatementLog = alter
      ? { lastPosition: () => log.lastPosition(), readAfter: async (p, n) => (await log.readAfter(p, n)).map((s) => ({ ...s, statement: alter(structuredClone(s.statement)) })) }
      : log;
    const attachments = options.withholdAttachments ? undefined : { get: async (sha2: string) => attachmentData.get(sha2) };
    forwarder = await createForwarder({ entries: options.entries, statements, attachments, dataDir, backoff: { baseMs: 50, maxMs: 200 } });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mini');
    res.setHeader('X-Experience-API-Version', '1.0.3');
    if (url.pathname === '/xapi/about') return send(res, 200, { version: ['1.0.3', '2.0.0'] });
    const expected = `Basic ${Buffer.from(`${MINI_USER.username}:${MINI_USER.password}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return send(res, 401, { error: 'credentials' });
    if (url.pathname !== '/xapi/statements' || (req.method !== 'POST' && req.method !== 'PUT')) return send(res, 404, { error: 'not here' });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const boundary = /boundary=([^;]+)/.exec(req.headers['content-type'] ?? '')?.[1];
    let text = raw.toString('utf8');
    if (boundary) {
      let index = 0;
      for (const part of parseMultipart(raw, { boundary })) {
        if (index++ === 0) text = part.text;
        else attachmentData.set(String(part.headers['x-experience-api-hash']), Buffer.from(part.bytes));
      }
    }
    const body = JSON.parse(text) as Record<string, unknown> | Array<Record<string, unknown>>;
    const list = Array.isArray(body) ? body : [body];
    const stored = list.map((s) => ({
      ...s,
      id: s.id ?? url.searchParams.get('statementId') ?? randomUUID(),
      stored: new Date().toISOString(),
      authority: { objectType: 'Agent', account: { homePage: 'https://mini.example', name: 'mini' } },
      version: '1.0.0',
    }));
    const last = log.write(stored);
    if (forwarder) forwarder.statementsStored(last);
    else {
      const forwarding = naiveForward(options.entries, stored, options.naive!);
      if (options.naive!.synchronous) await forwarding;
    }
    if (req.method === 'PUT') return send(res, 204);
    return send(res, 200, stored.map((s) => s.id));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => send(res, 400, { error: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/xapi`,
    close: async () => {
      await forwarder?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function naiveForward(entries: ForwardingEntry[], statements: unknown[], how: NaiveForwarding): Promise<void> {
  for (const entry of entries) {
    if (!entry.is_active && !how.forwardInactive) continue;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (how.versionHeader !== false) headers['x-experience-api-version'] = '1.0.3';
    if (how.credentials !== 'none') {
      headers.authorization = `Basic ${Buffer.from(`${entry.basic_username}:${entry.basic_password}`).toString('base64')}`;
    }
    const body = JSON.stringify(how.firstOnly ? statements.slice(0, 1) : statements);
    for (let attempt = 0; attempt <= (how.retries ?? entry.max_retries); attempt++) {
      try {
        const res = await fetch(`${entry.url}/statements`, { method: 'POST', headers, body, signal: how.ignoreTimeout ? undefined : AbortSignal.timeout(entry.timeout * 1000) });
        await res.arrayBuffer();
        if (res.ok) break;
      } catch {
        // timed out or refused: try again
      }
    }
  }
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  res.statusCode = status;
  if (body === undefined) return void res.end();
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}
