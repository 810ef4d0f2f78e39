// Fires a hostile corpus at a reference LRS over loopback HTTP (undici keep-alive pool, N in flight) and
// judges every answer: below 500, and a 4xx with a body has the LRS's JSON error shape.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import type { HostileRequest } from './corpus.js';

export interface LrsStats {
  /** Longest the LRS's event loop was blocked since the previous stats(), in ms. */
  maxBlockMs: number;
  /** Peak resident set size of the LRS process (kernel maxRSS). */
  peakRssBytes: number;
}

export interface FuzzLrs {
  url: string;
  alive(): boolean;
  stats(): Promise<LrsStats>;
  close(): Promise<void>;
}

export async function startFuzzLrs(): Promise<FuzzLrs> {
  const dataDir = await mkdtemp(join(tmpdir(), 'xapi-conform-fuzz-'));
  const child: ChildProcess = fork(new URL('./lrs-process.ts', import.meta.url).pathname, [dataDir], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await once(child, 'message')) as [{ url: string }];
  return {
    url: ready.url,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stats() {
      child.send('stats');
      const [stats] = (await once(child, 'message')) as [LrsStats];
      return stats;
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface FireReport {
  sent: number;
  elapsedMs: number;
  /** Per class: how many, status counts, slowest answer. */
  kinds: Map<string, { count: number; statuses: Map<number, number>; slowestMs: number }>;
  /** What broke the rules, with the request that did it. */
  failures: string[];
}

const ANSWER_TIMEOUT_MS = 15_000;
/** Node's default header limit (16 KiB): a request over it is refused by Node itself, closing the socket. */
const NODE_HEADER_LIMIT = 16 * 1024;

/** Problems with one answer ([] when it is fine). */
export function judge(request: HostileRequest, answer: Answer): string[] {
  if (answer.status >= 500) return [`answered ${answer.status}: ${answer.body.toString('utf8', 0, 300)}`];
  if (answer.status < 400 || request.method === 'HEAD' || answer.body.length === 0) return [];
  if (!answer.contentType.startsWith('application/json')) return [`${answer.status} with a non-JSON body (${answer.contentType})`];
  try {
    const error = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
    return typeof error.error === 'string' && typeof error.message === 'string' ? [] : [`${answer.status} body without error and message`];
  } catch {
    return [`${answer.status} body is not JSON`];
  }
}

function headerBytes(request: HostileRequest): number {
  return Object.entries(request.headers).reduce((sum, [k, v]) => sum + k.length + v.length + 4, request.path.length);
}

async function sendPooled(pool: Pool, basePath: string, request: HostileRequest): Promise<Answer> {
  const response = await pool.request({
    method: request.method,
    path: `${basePath}/${request.path}`,
    headers: request.headers,
    body: request.body,
    headersTimeout: ANSWER_TIMEOUT_MS,
    bodyTimeout: ANSWER_TIMEOUT_MS,
  });
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, contentType: String(response.headers['content-type'] ?? ''), body };
}

/** Headers declaring `raw.declaredLength` bytes, then only `raw.sent`: the answer must come anyway. */
function sendDeclared(url: URL, request: HostileRequest): Promise<Answer> {
  const raw = request.raw!;
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      method: request.method,
      path: `${url.pathname}/${request.path}`,
      headers: { ...request.headers, 'content-length': String(raw.declaredLength) },
      timeout: ANSWER_TIMEOUT_MS,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode!, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) });
        req.destroy();
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.write(raw.sent);
    req.flushHeaders();
  });
}

export async function fire(url: string, corpus: Iterable<HostileRequest>, concurrency = 8): Promise<FireReport> {
  const base = new URL(url);
  const pool = new Pool(base.origin, { connections: concurrency, keepAliveTimeout: 10_000 });
  const report: FireReport = { sent: 0, elapsedMs: 0, kinds: new Map(), failures: [] };
  const iterator = corpus[Symbol.iterator]();
  const started = performance.now();

  const record = (request: HostileRequest, problems: string[], ms: number, status: number) => {
    let kind = report.kinds.get(request.kind);
    if (!kind) report.kinds.set(request.kind, (kind = { count: 0, statuses: new Map(), slowestMs: 0 }));
    kind.count++;
    kind.statuses.set(status, (kind.statuses.get(status) ?? 0) + 1);
    kind.slowestMs = Math.max(kind.slowestMs, ms);
    for (const problem of problems) report.failures.push(`${request.kind}: ${request.method} ${request.path.slice(0, 200)} -> ${problem}`);
  };

  async function worker(): Promise<void> {
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      const request = next.value;
      report.sent++;
      const t0 = performance.now();
      try {
        const answer = request.raw ? await sendDeclared(base, request) : await sendPooled(pool, base.pathname, request);
        record(request, judge(request, answer), performance.now() - t0, answer.status);
      } catch (error) {
        // Over Node's header limit, Node answers 431 and closes at once; the client may see only the close.
        const expected = headerBytes(request) > NODE_HEADER_LIMIT;
        record(request, expected ? [] : [`no answer: ${(error as Error).message}`], performance.now() - t0, 0);
      }
    }
  }

  await Promise.all(Array.from({ length: concurrency }, worker));
  report.elapsedMs = performance.now() - started;
  await pool.close();
  return report;
}
