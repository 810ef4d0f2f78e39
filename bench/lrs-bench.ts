// Reference LRS figures (prints them; never a pass/fail test). Load on the machine inflates wall-clock
// figures; the startup CPU time is printed beside its wall time for that reason.
//   npx tsx bench/lrs-bench.ts [--statements 100000] [--iterations 200]
// Fills a fresh data folder with N statements over HTTP (batches of 500), then measures with N stored:
// p50/p99 of POST batches of 50 and of filtered GET queries, startup time of a restart over the N stored
// statements, and the resident memory of the LRS process (the LRS runs in a child process so that the
// figure is the server's alone).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const TOTAL = arg('statements', 100_000);
const ITERATIONS = arg('iterations', 200);
const AUTH = `Basic ${Buffer.from('bench:bench-pass').toString('base64')}`;
const dispatcher = new Agent({ connections: 8 });

const AGENTS = 2000;
const VERBS = 50;
const ACTIVITIES = 10_000;
const agentOf = (i: number) => ({ objectType: 'Agent', mbox: `mailto:learner${i % AGENTS}@example.com`, name: `Learner ${i % AGENTS}` });
const verbOf = (i: number) => ({ id: `http://example.com/verbs/v${i % VERBS}`, display: { 'en-US': `verb ${i % VERBS}` } });
const activityOf = (i: number) => `http://example.com/activities/a${i % ACTIVITIES}`;
const registrationOf = (i: number) => `00000000-0000-4000-8000-${String(i % 5000).padStart(12, '0')}`;

function makeStatement(i: number): Record<string, unknown> {
  return {
    id: randomUUID(),
    actor: agentOf(i * 7),
    verb: verbOf(i),
    object: { objectType: 'Activity', id: activityOf(i * 13), definition: { name: { 'en-US': `Activity ${i % ACTIVITIES}` } } },
    result: { score: { scaled: (i % 100) / 100 }, success: i % 2 === 0, duration: 'PT1M30S' },
    context: {
      registration: registrationOf(i),
      contextActivities: { parent: [{ id: activityOf(i * 3) }] },
    },
    timestamp: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
  };
}

async function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string; startupMs: number; startupCpuMs: number }> {
  const script = `
    const { start } = await import(${JSON.stringify(new URL('../reference-lrs/index.ts', import.meta.url).href)});
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const lrs = await start({ port: 0, dataDir: ${JSON.stringify(dataDir)}, users: [{ username: 'bench', password: 'bench-pass', scopes: ['all'] }] });
    const cpu = process.cpuUsage(c0);
    process.stdout.write(JSON.stringify({ url: lrs.url, startupMs: performance.now() - t0, startupCpuMs: (cpu.user + cpu.system) / 1000 }) + '\\n');
    process.on('message', () => process.send({ rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed }));
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  let output = '';
  for await (const chunk of child.stdout!) {
    output += chunk;
    if (output.includes('\n')) break;
  }
  const { url, startupMs, startupCpuMs } = JSON.parse(output);
  return { child, url, startupMs, startupCpuMs };
}

async function call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<number> {
  const t0 = performance.now();
  const res = await request(url, {
    method,
    dispatcher,
    headers: { Authorization: AUTH, 'X-Experience-API-Version': '1.0.3', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  await res.body.arrayBuffer();
  if (res.statusCode !== 200) throw new Error(`${method} ${url}: ${res.statusCode}`);
  return performance.now() - t0;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const show = (label: string, values: number[]) =>
  console.log(`${label.padEnd(44)} p50 ${percentile(values, 50).toFixed(1).padStart(7)} ms   p99 ${percentile(values, 99).toFixed(1).padStart(7)} ms   (n=${values.length})`);

async function memoryOf(child: ChildProcess): Promise<{ rss: number; heap: number }> {
  child.send('memory');
  const [message] = await once(child, 'message');
  return message as { rss: number; heap: number };
}

const dataDir = await mkdtemp(join(tmpdir(), 'xapi-conform-lrs-bench-'));
try {
  let { child, url, startupMs, startupCpuMs } = await startChild(dataDir);
  console.log(`empty start: ${startupMs.toFixed(0)} ms`);
  const fillStart = performance.now();
  for (let i = 0; i < TOTAL; i += 500) {
    const batch = Array.from({ length: Math.min(500, TOTAL - i) }, (_, k) => makeStatement(i + k));
    await call('POST', `${url}/statements`, batch);
  }
  console.log(`filled ${TOTAL} statements in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`);

  child.kill('SIGTERM');
  await once(child, 'exit');
  ({ child, url, startupMs, startupCpuMs } = await startChild(dataDir));
  console.log(`startup with ${TOTAL} statements stored: ${startupMs.toFixed(0)} ms wall, ${startupCpuMs.toFixed(0)} ms CPU`);
  const memory = await memoryOf(child);
  console.log(`resident memory after start: ${(memory.rss / 1048576).toFixed(0)} MiB (heap used ${(memory.heap / 1048576).toFixed(0)} MiB)`);

  const firstWrite = await call('POST', `${url}/statements`, [makeStatement(TOTAL + ITERATIONS * 50)]);
  console.log(`first write after start (includes compiling the validator): ${firstWrite.toFixed(0)} ms`);
  const firstQuery = await call('GET', `${url}/statements?${new URLSearchParams({ activity: activityOf(1), format: 'canonical' })}`);
  console.log(`first canonical query after start: ${firstQuery.toFixed(0)} ms`);
  const posts: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const batch = Array.from({ length: 50 }, (_, k) => makeStatement(TOTAL + i * 50 + k));
    posts.push(await call('POST', `${url}/statements`, batch));
  }
  show('POST batch of 50', posts);

  const q = (params: Record<string, string>) => `${url}/statements?${new URLSearchParams(params)}`;
  const queries: Array<[string, (i: number) => string]> = [
    ['GET agent=', (i) => q({ agent: JSON.stringify(agentOf(i * 31)), limit: '25' })],
    ['GET verb= (1 in 50 statements)', (i) => q({ verb: verbOf(i).id, limit: '25' })],
    ['GET activity=', (i) => q({ activity: activityOf(i * 17) })],
    ['GET activity= related_activities=true', (i) => q({ activity: activityOf(i * 17), related_activities: 'true' })],
    ['GET registration=', (i) => q({ registration: registrationOf(i * 11) })],
    ['GET agent= & verb=', (i) => q({ agent: JSON.stringify(agentOf(i * 31)), verb: verbOf(i).id })],
    ['GET since= (last hour) limit=100', () => q({ since: new Date(Date.now() - 3600_000).toISOString(), limit: '100' })],
    ['GET no filter limit=100 format=ids', () => q({ limit: '100', format: 'ids' })],
  ];
  const all: number[] = [];
  for (const [label, make] of queries) {
    const times: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) times.push(await call('GET', make(i)));
    show(label, times);
    all.push(...times);
  }
  show('GET, all filtered queries above', all);
  const after = await memoryOf(child);
  console.log(`resident memory at the end: ${(after.rss / 1048576).toFixed(0)} MiB (heap used ${(after.heap / 1048576).toFixed(0)} MiB)`);
  child.kill('SIGTERM');
  await once(child, 'exit');
} finally {
  await dispatcher.close();
  await rm(dataDir, { recursive: true, force: true });
}
