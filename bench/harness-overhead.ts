// The harness's own overhead per check against a trivial local server: the time run() takes per check
// minus the time the same HTTP requests take with plain undici. Prints figures; asserts nothing.
// Usage: npx tsx bench/harness-overhead.ts [checks=400]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { run } from '../index.js';
import { defineCheck, type Check } from '../harness/check.js';

const count = Number(process.argv[2] ?? 400);

const server = createServer((req, res) => {
  if (req.url?.endsWith('/about')) return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"version":["1.0.3","2.0.0"]}');
  res.writeHead(200, { 'Content-Type': 'application/json', 'X-Experience-API-Consistent-Through': new Date().toISOString() }).end('{"statements":[]}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/xapi`;

function checks(requestsEach: number): Check[] {
  return Array.from({ length: count }, (_, i) =>
    defineCheck({
      id: `bench.c${i}`, title: 'bench', suite: 'bench', section: 'bench', requirements: [], quote: '', level: 'MUST',
      versions: ['2.0.0'], tags: [],
      async run(ctx) {
        for (let r = 0; r < requestsEach; r++) {
          const res = await ctx.client.request({ method: 'GET', path: 'statements', query: { limit: 1 } });
          ctx.expect.status(res, 200);
          res.json();
        }
      },
    }),
  );
}

async function plainUndici(requests: number): Promise<number> {
  const agent = new Agent({ connections: 16 });
  const started = performance.now();
  for (let i = 0; i < requests; i++) {
    const res = await request(`${endpoint}/statements?limit=1`, { dispatcher: agent, headers: { 'X-Experience-API-Version': '2.0.0', Authorization: 'Basic dTpw' } });
    await res.body.json();
  }
  const elapsed = performance.now() - started;
  await agent.close();
  return elapsed;
}

async function harness(requestsEach: number, concurrency: number): Promise<number> {
  const started = performance.now();
  const result = await run({ endpoint, user: 'u', password: 'p', checks: checks(requestsEach), concurrency, write: () => {} });
  if (result.summary.passed !== count) throw new Error(`expected ${count} passed, got ${JSON.stringify(result.summary)}`);
  return performance.now() - started;
}

await plainUndici(200); // warm up
await harness(1, 1);
const plain = await plainUndici(count);
const empty1 = await harness(0, 1);
const one1 = await harness(1, 1);
const one8 = await harness(1, 8);
const perCheck = (ms: number) => (ms / count).toFixed(3);
console.log(`checks: ${count}; trivial local server; run() includes preflight (2 requests)`);
console.log(`plain undici, 1 request:                      ${perCheck(plain)} ms per request`);
console.log(`harness, checks with no request, conc. 1:     ${perCheck(empty1)} ms per check`);
console.log(`harness, checks with 1 request, conc. 1:      ${perCheck(one1)} ms per check`);
console.log(`harness overhead per check (1 request):       ${((one1 - plain) / count).toFixed(3)} ms`);
console.log(`harness, checks with 1 request, conc. 8:      ${perCheck(one8)} ms per check (wall)`);
server.close();
