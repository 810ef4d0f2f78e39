// Bad input never gets a 500: random JSON bodies, random query strings and random multipart bodies are
// answered with a JSON 4xx (or a 2xx when they happen to be valid), over real HTTP.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { expect } from 'chai';
import fc from 'fast-check';
import { basic, multipart, startTestLrs, statement, type TestLrs } from './helpers.js';

describe('reference-lrs robustness: no 500 for bad input', () => {
  let t: TestLrs;
  before(async () => {
    t = await startTestLrs();
  });
  after(async () => t.close());

  const noServerError = (reply: { status: number; text: string }, what: string) => {
    expect(reply.status, `${what} -> ${reply.text.slice(0, 200)}`).to.be.below(500);
    if (reply.status >= 400 && reply.text) expect(JSON.parse(reply.text)).to.have.keys('error', 'message');
  };

  it('random JSON values and mutated statements POSTed to /statements', async () => {
    const mutated = fc.record({ key: fc.constantFrom('actor', 'verb', 'object', 'context', 'result', 'attachments', 'timestamp', 'id', 'authority', 'version'), value: fc.jsonValue() })
      .map(({ key, value }) => ({ ...statement(), [key]: value }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), mutated, fc.array(mutated, { maxLength: 3 })), fc.constantFrom('1.0.3', '2.0.0'), async (body, version) => {
        noServerError(await t.request('POST', 'statements', { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' }, version }), JSON.stringify(body));
      }),
      { numRuns: 150, seed: 20261122 },
    );
  });

  it('random query parameters on GET /statements, /agents, /activities', async () => {
    const names = fc.constantFrom('agent', 'verb', 'activity', 'registration', 'related_agents', 'related_activities', 'since', 'until', 'limit', 'format', 'attachments', 'ascending', 'statementId', 'voidedStatementId', 'more', 'activityId', 'x');
    await fc.assert(
      fc.asyncProperty(fc.dictionary(names, fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v)))), fc.constantFrom('statements', 'agents', 'activities'), async (query, path) => {
        noServerError(await t.request('GET', path, { query }), `${path} ${JSON.stringify(query)}`);
      }),
      { numRuns: 150, seed: 20261122 },
    );
  });

  it('random multipart bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ headers: fc.dictionary(fc.constantFrom('Content-Type', 'X-Experience-API-Hash', 'Content-Transfer-Encoding'), fc.string()), body: fc.string() }), { maxLength: 4 }), async (parts) => {
        const { body, contentType } = multipart(parts);
        noServerError(await t.request('POST', 'statements', { body, headers: { 'Content-Type': contentType } }), JSON.stringify(parts));
      }),
      { numRuns: 100, seed: 20261122 },
    );
    for (const contentType of ['multipart/mixed', 'multipart/mixed; boundary=', 'multipart/mixed; boundary="unterminated']) {
      noServerError(await t.request('POST', 'statements', { body: 'junk', headers: { 'Content-Type': contentType } }), contentType);
    }
  });
});

describe('reference-lrs robustness: hostile input gets a clear 400 / 413 (limits in README "Limits")', () => {
  let t: TestLrs;
  before(async () => {
    t = await startTestLrs();
  });
  after(async () => t.close());

  const refused = (reply: { status: number; text: string }, status: number, what: RegExp) => {
    expect(reply.status, reply.text.slice(0, 300)).to.equal(status);
    expect(JSON.parse(reply.text)).to.have.keys('error', 'message');
    expect(JSON.parse(reply.text).message).to.match(what);
  };
  const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
  /** A statement whose JSON nests `depth` levels deep (the statement object is level 1). */
  const statementOfDepth = (depth: number) =>
    JSON.stringify(statement({ result: { extensions: { 'http://example.com/x': '@' } } })).replace('"@"', nested(depth - 3));
  const postJson = (path: string, body: string, method = 'POST') => t.request(method, path, { body, headers: { 'Content-Type': 'application/json' } });
  const stateQuery = (stateId: string) => ({ activityId: 'http://example.com/a', agent: { mbox: 'mailto:doc@example.com' }, stateId });

  it('statements: 100 levels of nesting are stored, 101 and 5,000 levels get 400 (even once warm)', async () => {
    for (let i = 0; i < 20; i++) expect((await postJson('statements', JSON.stringify(statement()))).status).to.equal(200);
    expect((await postJson('statements', statementOfDepth(100))).status).to.equal(200);
    refused(await postJson('statements', statementOfDepth(101)), 400, /nested deeper than 100 levels/);
    refused(await postJson('statements', statementOfDepth(5000)), 400, /nested deeper than 100 levels/);
    refused(await postJson('statements', JSON.stringify([statement()]).replace(']', `,${'['.repeat(5000)}${']'.repeat(5000)}]`)), 400, /nested deeper/);
  });

  it('statements: more than 100,000 properties and elements get 413 before parsing', async () => {
    const keys = Array.from({ length: 100_001 }, (_, i) => `"k${i}":1`).join(',');
    const body = JSON.stringify(statement({ result: { extensions: { 'http://example.com/x': '@' } } })).replace('"@"', `{${keys}}`);
    refused(await postJson('statements', body), 413, /more than 100000 object properties and array elements/);
  });

  it('statement JSON over 16 MiB gets 413 (the body limit stays 64 MiB for attachments); 12 MiB is stored', async () => {
    const padded = (bytes: number) => {
      const text = JSON.stringify(statement({ result: { response: '@' } }));
      return text.replace('"@"', JSON.stringify('x'.repeat(bytes - text.length + 1)));
    };
    expect((await postJson('statements', padded(12 * 2 ** 20))).status).to.equal(200);
    refused(await postJson('statements', padded(16 * 2 ** 20 + 1)), 413, /16777217 bytes of JSON, over the limit/);
  });

  it('a batch of more than 2,000 statements and a multipart body of more than 1,000 parts get 413', async () => {
    const batch = (n: number) => JSON.stringify(Array.from({ length: n }, () => statement()));
    expect((await postJson('statements', batch(2000))).status).to.equal(200);
    refused(await postJson('statements', batch(2001)), 413, /batch of 2001 statements is over the limit of this LRS \(2000\)/);
    const parts = Array.from({ length: 1000 }, (_, i) => ({ headers: { 'Content-Type': 'text/plain', 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': createHash('sha256').update(String(i)).digest('hex') }, body: String(i) }));
    const { body, contentType } = multipart([{ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(statement()) }, ...parts]);
    refused(await t.request('POST', 'statements', { body, headers: { 'Content-Type': contentType } }), 413, /multipart body over the configured limit/);
  });

  it('documents: deep JSON and JSON over 16 MiB are refused on PUT and on a merging POST, never a 500', async () => {
    const query = stateQuery('deep');
    refused(await t.request('PUT', 'activities/state', { query, body: nested(5000), headers: { 'Content-Type': 'application/json' } }), 400, /nested deeper/);
    expect((await t.request('PUT', 'activities/state', { query, body: { a: 1 } })).status).to.equal(204);
    refused(await t.request('POST', 'activities/state', { query, body: nested(5000), headers: { 'Content-Type': 'application/json' } }), 400, /nested deeper/);
    const oversized = Buffer.from(JSON.stringify({ a: 'x'.repeat(16 * 2 ** 20) }));
    refused(await t.request('POST', 'activities/state', { query, body: oversized, headers: { 'Content-Type': 'application/json' } }), 413, /bytes of JSON, over the limit/);
    refused(await t.request('PUT', 'activities/state', { query, body: oversized, headers: { 'Content-Type': 'application/json' } }), 413, /bytes of JSON, over the limit/);
    expect((await t.request('PUT', 'activities/state', { query: stateQuery('binary'), body: oversized, headers: { 'Content-Type': 'application/octet-stream' } })).status).to.equal(204);
    expect((await t.request('GET', 'activities/state', { query })).json()).to.deep.equal({ a: 1 });
  });

  it('documents: a small merging POST is stored even when earlier merges grew the document past the item limit', async () => {
    const query = stateQuery('grown');
    const keys = (prefix: string) => Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`${prefix}${i}`, i]));
    expect((await t.request('PUT', 'activities/state', { query, body: keys('a') })).status).to.equal(204);
    expect((await t.request('POST', 'activities/state', { query, body: keys('b') })).status).to.equal(204);
    expect((await t.request('POST', 'activities/state', { query, body: { z: 1 } })).status).to.equal(204);
    const stored = (await t.request('GET', 'activities/state', { query })).json() as Record<string, number>;
    expect([Object.keys(stored).length, stored.z, stored.b59999]).to.deep.equal([120_001, 1, 59_999]);
  });

  it('Alternate Request Syntax: 40,000 form fields get 413 at once (the query parser was quadratic in repeats)', async () => {
    const form = `${'f=1&'.repeat(40_000)}X-Experience-API-Version=1.0.3`;
    const started = performance.now();
    refused(await t.request('POST', 'statements?method=GET', { body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 413, /more than 1000 form fields/);
    expect(performance.now() - started).to.be.below(1000);
    const repeats = `${'verb=1&'.repeat(900)}X-Experience-API-Version=1.0.3`;
    refused(await t.request('POST', 'statements?method=GET', { body: repeats, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 400, /given more than once/);
  });

  it('Alternate Request Syntax: header and parameter fields over 64 KiB get 413; a large "content" does not count', async () => {
    const form = (fields: Record<string, string>) =>
      new URLSearchParams({ Authorization: basic('admin'), 'X-Experience-API-Version': '1.0.3', ...fields }).toString();
    const ars = (fields: Record<string, string>) =>
      t.request('POST', 'statements?method=GET', { body: form(fields), headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, as: null, version: null });
    refused(await ars({ agent: JSON.stringify({ mbox: `mailto:${'a'.repeat(70_000)}@example.com` }) }), 413, /header and parameter fields over 65536 characters/);
    const big = statement({ result: { response: 'x'.repeat(2 ** 20) } });
    const posted = await t.request('POST', 'statements?method=POST', {
      body: form({ content: JSON.stringify(big), 'Content-Type': 'application/json' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      as: null,
      version: null,
    });
    expect(posted.status, posted.text.slice(0, 200)).to.equal(200);
  });

  it('parameters named __proto__, constructor, prototype are unknown parameters (400) on every resource', async () => {
    for (const name of ['__proto__', 'constructor', 'prototype', 'hasOwnProperty']) {
      for (const path of ['statements', 'about', 'whoami', 'agents', 'activities', 'activities/state', 'agents/profile']) {
        refused(await t.request('GET', `${path}?${name}=x`), 400, new RegExp(name));
      }
    }
  });

  it('a declared Content-Length over the body limit gets 413 at once, without the body being sent', async () => {
    const url = new URL(`${t.url}/statements`);
    const reply = await new Promise<{ status: number; text: string; closed: Promise<void> }>((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': String(2 ** 30) } },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, text, closed: once(req.socket!, 'close').then(() => undefined) }));
        },
      );
      req.on('error', reject);
      req.flushHeaders(); // headers only; the 1 GiB never follows
    });
    refused(reply, 413, /declared Content-Length 1073741824 is over the body limit/);
    await reply.closed; // the server ends the connection: it never reads that body
  });

  it('10 MB values in regex-checked fields are judged, and error messages do not echo them whole', async () => {
    const huge = 'a.'.repeat(5 * 2 ** 20);
    refused(await postJson('statements', JSON.stringify(statement({ version: `1.0.0-${huge}.` }))), 400, /\/version/);
    const reply = await postJson('statements', JSON.stringify(statement({ verb: { id: 'http://example.com/v', display: { [`${huge}`]: 'x' } } })));
    refused(reply, 400, /\/verb\/display/);
    expect(reply.text.length).to.be.below(2500);
  });
});
