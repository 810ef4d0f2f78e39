// HTTP-level behaviour of the reference LRS over real HTTP: About, version header rules, CORS, HEAD,
// Alternate Request Syntax, authentication/authorization statuses, Agents and Activities, unknown paths,
// and the LrsOverrides injection points.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { basic, send, startTestLrs, statement, type TestLrs } from './helpers.js';

describe('reference-lrs HTTP behaviour', () => {
  let t: TestLrs;
  before(async () => {
    t = await startTestLrs();
  });
  after(async () => t.close());

  it('About: no credentials and no version header needed; lists the versions; every response has a version header', async () => {
    const reply = await t.request('GET', 'about', { as: null, version: null });
    expect(reply.status).to.equal(200);
    expect(reply.json().version).to.deep.equal(['1.0.3', '2.0.0']);
    expect(Object.keys(reply.json()).every((k) => ['version', 'extensions'].includes(k))).to.equal(true);
    expect(reply.headers.get('x-experience-api-version')).to.be.oneOf(['1.0.3', '2.0.0']);
    expect((await t.request('HEAD', 'about', { as: null, version: null })).status).to.equal(200);
    expect((await t.request('POST', 'about', { version: '1.0.3' })).status).to.equal(405);
  });

  it('version header: missing or unsupported is 400; 1.0, 1.0.x and 2.0.x are accepted and answered with the served version', async () => {
    expect((await t.request('GET', 'statements', { version: null })).status).to.equal(400);
    for (const bad of ['0.95', '1.1.0', '3.0.0', 'banana']) {
      const reply = await t.request('GET', 'statements', { version: bad });
      expect(reply.status, bad).to.equal(400);
      expect(reply.headers.get('x-experience-api-version')).to.be.a('string');
    }
    for (const [sent, served] of [['1.0', '1.0.3'], ['1.0.0', '1.0.3'], ['1.0.3', '1.0.3'], ['1.0.9', '1.0.3'], ['2.0.0', '2.0.0'], ['2.0.7', '2.0.0']]) {
      const reply = await t.request('GET', 'statements', { version: sent });
      expect(reply.status, sent).to.equal(200);
      expect(reply.headers.get('x-experience-api-version')).to.equal(served);
    }
  });

  it('serves only the configured versions', async () => {
    const only1 = await startTestLrs({ xapiVersions: ['1.0.3'] });
    try {
      expect((await only1.request('GET', 'statements', { version: '2.0.0' })).status).to.equal(400);
      expect((await only1.request('GET', 'about', { version: null, as: null })).json().version).to.deep.equal(['1.0.3']);
    } finally {
      await only1.close();
    }
  });

  it('CORS: preflight answered without credentials; responses expose the xAPI headers', async () => {
    const preflight = await t.request('OPTIONS', 'statements', {
      as: null,
      version: null,
      headers: { Origin: 'http://app.example', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization, x-experience-api-version, content-type' },
    });
    expect(preflight.status).to.equal(204);
    expect(preflight.headers.get('access-control-allow-origin')).to.equal('http://app.example');
    expect(preflight.headers.get('access-control-allow-methods')).to.contain('PUT');
    expect(preflight.headers.get('access-control-allow-headers')).to.contain('x-experience-api-version');
    expect(preflight.headers.get('x-experience-api-version')).to.equal('2.0.0');
    const get = await t.request('GET', 'statements', { headers: { Origin: 'http://app.example' } });
    expect(get.headers.get('access-control-allow-origin')).to.equal('http://app.example');
    expect(get.headers.get('access-control-expose-headers')).to.contain('X-Experience-API-Consistent-Through');
  });

  it('401 with WWW-Authenticate without or with wrong credentials; 403 when the scope does not allow the request', async () => {
    const none = await t.request('GET', 'statements', { as: null });
    expect(none.status).to.equal(401);
    expect(none.headers.get('www-authenticate')).to.match(/^Basic/);
    const wrong = await t.request('GET', 'statements', { headers: { Authorization: `Basic ${Buffer.from('admin:nope').toString('base64')}` } });
    expect(wrong.status).to.equal(401);
    const forbidden = await t.request('POST', 'statements', { body: statement(), as: 'reader' });
    expect(forbidden.status).to.equal(403);
    expect(forbidden.json()).to.have.keys('error', 'message');
    expect((await t.request('GET', 'statements', { as: 'writer' })).status).to.equal(403);
  });

  it('/whoami answers the credential without needing a version header; 401 without credentials', async () => {
    const reply = await t.request('GET', 'whoami', { version: null, as: 'reader' });
    expect(reply.status).to.equal(200);
    expect(reply.json()).to.deep.equal({ username: 'reader', scopes: ['statements/read'] });
    expect((await t.request('GET', 'whoami', { version: null, as: null })).status).to.equal(401);
  });

  it('404 JSON for unknown resources and paths outside the base path', async () => {
    const unknown = await t.request('GET', 'nothing-here');
    expect(unknown.status).to.equal(404);
    expect(unknown.json().error).to.be.a('string');
    // Resource paths are case-sensitive: /STATEMENTS is not the Statement resource (and must not escape its scopes).
    for (const path of ['STATEMENTS', 'About', 'Agents', 'Activities']) expect((await t.request('GET', path)).status, path).to.equal(404);
    const outside = await send(`${new URL(t.url).origin}/elsewhere`, 'GET');
    expect(outside.status).to.equal(404);
    expect(outside.headers.get('x-experience-api-version')).to.equal('2.0.0');
  });

  describe('Alternate Request Syntax', () => {
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const ars = (method: string, fields: Record<string, string>, version: string | null = null) =>
      t.request('POST', 'statements', {
        query: { method },
        as: null,
        version,
        body: form(fields),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });

    it('1.0.3: PUT and GET through POST with form fields for headers, content and parameters', async () => {
      const id = randomUUID();
      const put = await ars('PUT', {
        statementId: id,
        content: JSON.stringify(statement()),
        Authorization: basic('admin'),
        'X-Experience-API-Version': '1.0.3',
        'Content-Type': 'application/json',
      });
      expect(put.status, put.text).to.equal(204);
      const get = await ars('GET', { statementId: id, Authorization: basic('admin'), 'X-Experience-API-Version': '1.0.3' });
      expect(get.status).to.equal(200);
      expect(get.json().id).to.equal(id);
    });

    it('400 for other query parameters, a non-form body, and on 2.0', async () => {
      const extra = await t.request('POST', 'statements', { query: { method: 'GET', limit: 1 }, body: '', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      expect(extra.status).to.equal(400);
      const json = await t.request('POST', 'statements', { query: { method: 'GET' }, body: {} });
      expect(json.status).to.equal(400);
      const v2 = await ars('GET', { Authorization: basic('admin'), 'X-Experience-API-Version': '2.0.0' });
      expect(v2.status).to.equal(400);
      const v2header = await ars('GET', { Authorization: basic('admin') }, '2.0.0');
      expect(v2header.status).to.equal(400);
    });
  });

  it('Agents: a Person object with the names seen for the agent; 400 without or with a bad agent', async () => {
    const mbox = `mailto:${randomUUID()}@example.com`;
    await t.request('POST', 'statements', { body: [statement({ actor: { mbox, name: 'Ann' } }), statement({ actor: { mbox, name: 'Ann B.' } })] });
    const person = (await t.request('GET', 'agents', { query: { agent: { objectType: 'Agent', mbox } } })).json();
    expect(person.objectType).to.equal('Person');
    expect(person.mbox).to.deep.equal([mbox]);
    expect(person.name).to.have.members(['Ann', 'Ann B.']);
    const unknown = (await t.request('GET', 'agents', { query: { agent: { mbox: 'mailto:nobody@example.com' } } })).json();
    expect(unknown).to.deep.equal({ objectType: 'Person', mbox: ['mailto:nobody@example.com'] });
    expect((await t.request('GET', 'agents')).status).to.equal(400);
    expect((await t.request('GET', 'agents', { query: { agent: { name: 'no ifi' } } })).status).to.equal(400);
    expect((await t.request('GET', 'agents', { query: { agent: 'not json' } })).status).to.equal(400);
  });

  it('Activities: the canonical definition merged from statements; an Activity even when nothing is known', async () => {
    const id = `http://example.com/activities/${randomUUID()}`;
    await t.request('POST', 'statements', { body: statement({ object: { id, definition: { name: { 'en-US': 'One' } } } }) });
    await t.request('POST', 'statements', { body: statement({ object: { id, definition: { name: { 'de-DE': 'Eins' }, type: 'http://example.com/type' } } }) });
    const activity = (await t.request('GET', 'activities', { query: { activityId: id } })).json();
    expect(activity).to.deep.equal({ objectType: 'Activity', id, definition: { name: { 'en-US': 'One', 'de-DE': 'Eins' }, type: 'http://example.com/type' } });
    const unknown = `http://example.com/activities/${randomUUID()}`;
    expect((await t.request('GET', 'activities', { query: { activityId: unknown }, version: '2.0.0' })).json()).to.deep.equal({ objectType: 'Activity', id: unknown });
    expect((await t.request('GET', 'activities')).status).to.equal(400);
    expect((await t.request('GET', 'activities', { query: { activityId: 'not an iri' } })).status).to.equal(400);
    expect((await t.request('GET', 'activities', { query: { activityId: id, extra: 1 } })).status).to.equal(400);
  });

  it('overrides: a replacement validator and middleware before the routes take effect', async () => {
    const mutant = await startTestLrs({}, {
      validateStatement: () => [],
      beforeRoutes: [(req, res, next) => (req.path === '/teapot' ? res.status(418).end() : next())],
    });
    try {
      const invalid = { actor: { mbox: 'not-a-mailto' }, verb: { id: 'http://example.com/v' }, object: { id: 'http://example.com/a' } };
      expect((await mutant.request('POST', 'statements', { body: invalid })).status).to.equal(200);
      expect((await t.request('POST', 'statements', { body: invalid })).status).to.equal(400);
      expect((await mutant.request('GET', 'teapot')).status).to.equal(418);
    } finally {
      await mutant.close();
    }
  });
});
