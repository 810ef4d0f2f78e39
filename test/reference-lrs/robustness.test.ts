// Bad input never gets a 500: random JSON bodies, random query strings and random multipart bodies are
// answered with a JSON 4xx (or a 2xx when they happen to be valid), over real HTTP.
import { expect } from 'chai';
import fc from 'fast-check';
import { multipart, startTestLrs, statement, type TestLrs } from './helpers.js';

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
