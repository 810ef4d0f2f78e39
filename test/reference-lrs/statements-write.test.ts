// PUT and POST /statements over real HTTP (Communication 2.1.1, 2.1.2; Data 2.3, 2.4).
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { startTestLrs, statement, type TestLrs } from './helpers.js';

describe('reference-lrs statements: PUT and POST', () => {
  let t: TestLrs;
  before(async () => {
    t = await startTestLrs({ bodyLimitBytes: 256 * 1024 });
  });
  after(async () => t.close());

  const get = async (id: string, version = '1.0.3') => t.request('GET', 'statements', { query: { statementId: id }, version });

  it('PUT stores with 204; the same statement again is 204; a different one with that id is 409 and changes nothing', async () => {
    const id = randomUUID();
    const s = statement();
    expect((await t.request('PUT', 'statements', { query: { statementId: id }, body: s })).status).to.equal(204);
    expect((await t.request('PUT', 'statements', { query: { statementId: id }, body: s })).status).to.equal(204);
    const other = await t.request('PUT', 'statements', { query: { statementId: id }, body: { ...s, verb: { id: 'http://example.com/other' } } });
    expect(other.status).to.equal(409);
    expect(other.json()).to.have.keys('error', 'message');
    const stored = (await get(id)).json();
    expect(stored.verb.id).to.equal(s.verb.id);
  });

  it('PUT without statementId, with a non-UUID id, or with an id differing from the body is 400', async () => {
    expect((await t.request('PUT', 'statements', { body: statement() })).status).to.equal(400);
    expect((await t.request('PUT', 'statements', { query: { statementId: 'nope' }, body: statement() })).status).to.equal(400);
    const mismatch = await t.request('PUT', 'statements', { query: { statementId: randomUUID() }, body: statement({ id: randomUUID() }) });
    expect(mismatch.status).to.equal(400);
  });

  it('POST of a batch answers 200 with the ids in order, keeping given ids and assigning the rest', async () => {
    const given = randomUUID();
    const reply = await t.request('POST', 'statements', { body: [statement(), statement({ id: given }), statement()] });
    expect(reply.status).to.equal(200);
    const ids = reply.json();
    expect(ids).to.have.length(3);
    expect(ids[1]).to.equal(given);
    for (const id of ids) expect((await get(id)).status).to.equal(200);
  });

  it('sets id, stored, timestamp, version and authority (from the credential)', async () => {
    const [id] = (await t.request('POST', 'statements', { body: statement({ stored: '2001-01-01T00:00:00Z', authority: { mbox: 'mailto:fake@example.com' } }) })).json();
    const s = (await get(id)).json();
    expect(s.id).to.equal(id);
    expect(s.version).to.equal('1.0.0');
    expect(s.stored).to.not.equal('2001-01-01T00:00:00Z');
    expect(Date.parse(s.stored)).to.be.greaterThan(Date.parse('2020-01-01T00:00:00Z'));
    expect(s.timestamp).to.equal(s.stored);
    expect(s.authority.account.name).to.equal('admin');
    const asMine = (await t.request('POST', 'statements', { body: statement(), as: 'mine' })).json()[0];
    expect((await get(asMine)).json().authority).to.deep.equal({ objectType: 'Agent', mbox: 'mailto:mine@example.com' });
  });

  it('is atomic: one invalid statement in a batch stores none of them', async () => {
    const good = randomUUID();
    const reply = await t.request('POST', 'statements', { body: [statement({ id: good }), { actor: {}, verb: {} }] });
    expect(reply.status).to.equal(400);
    expect((await get(good)).status).to.equal(404);
  });

  it('rejects a batch with the same id twice (400) and a batch conflicting with a stored statement (409), storing nothing', async () => {
    const id = randomUUID();
    expect((await t.request('POST', 'statements', { body: [statement({ id }), statement({ id })] })).status).to.equal(400);
    expect((await get(id)).status).to.equal(404);
    await t.request('PUT', 'statements', { query: { statementId: id }, body: statement() });
    const fresh = randomUUID();
    const reply = await t.request('POST', 'statements', { body: [statement({ id: fresh }), statement({ id })] });
    expect(reply.status).to.equal(409);
    expect((await get(fresh)).status).to.equal(404);
  });

  it('POST re-sending a stored statement unchanged is accepted without a second copy', async () => {
    const s = statement({ id: randomUUID() });
    const first = await t.request('POST', 'statements', { body: s });
    const second = await t.request('POST', 'statements', { body: s });
    expect(first.status).to.equal(200);
    expect(second.status).to.equal(200);
    expect(second.json()).to.deep.equal([s.id]);
    const list = (await t.request('GET', 'statements', { query: { activity: s.object.id } })).json();
    expect(list.statements).to.have.length(1);
  });

  it('answers 400 (never 500) to bad JSON, duplicate keys, wrong content types, non-objects and invalid statements', async () => {
    const bad: Array<[string | Buffer, string]> = [
      ['{"actor":', 'application/json'],
      ['{"actor":{"mbox":"mailto:a@example.com"},"actor":{"mbox":"mailto:b@example.com"},"verb":{"id":"http://e.com/v"},"object":{"id":"http://e.com/a"}}', 'application/json'],
      [JSON.stringify(statement()), 'text/plain'],
      ['42', 'application/json'],
      ['null', 'application/json'],
      [Buffer.from([0xff, 0xfe, 0x7b]), 'application/json'],
      [JSON.stringify(statement({ verb: { id: 'not an iri' } })), 'application/json'],
      [JSON.stringify(statement({ unknownProperty: 1 })), 'application/json'],
      ['', 'application/json'],
    ];
    for (const [body, contentType] of bad) {
      const reply = await t.request('POST', 'statements', { body, headers: { 'Content-Type': contentType } });
      expect(reply.status, `${contentType} ${String(body).slice(0, 60)}`).to.equal(400);
      expect(reply.json().error).to.be.a('string');
    }
  });

  it('checks the statement version property against the request version', async () => {
    expect((await t.request('POST', 'statements', { body: statement({ version: '1.0.9' }) })).status).to.equal(200);
    expect((await t.request('POST', 'statements', { body: statement({ version: '2.0.0' }) })).status).to.equal(400);
    const [id] = (await t.request('POST', 'statements', { body: statement(), version: '2.0.0' })).json();
    expect((await get(id, '2.0.0')).json().version).to.equal('2.0.0');
  });

  it('accepts and keeps the statement version "1.0" (XAPI-00101: "1.0" or "1.0.x"), under 1.0.3 and 2.0', async () => {
    for (const version of ['1.0.3', '2.0.0']) {
      const reply = await t.request('POST', 'statements', { body: statement({ version: '1.0' }), version });
      expect(reply.status, reply.text).to.equal(200);
      expect((await get(reply.json()[0], version)).json().version).to.equal('1.0');
    }
  });

  it('refuses a negative zero timestamp offset with 400 under 1.0.3 and 2.0 (ISO 8601 writes it +00:00)', async () => {
    for (const version of ['1.0.3', '2.0.0']) {
      for (const timestamp of ['2024-05-01T12:00:00-00:00', '20240501T120000-0000', '2024-05-01T12:00:00-00']) {
        const reply = await t.request('POST', 'statements', { body: statement({ timestamp }), version });
        expect(reply.status, `${version} ${timestamp}: ${reply.text}`).to.equal(400);
        expect(reply.json().message).to.match(/timestamp/);
      }
    }
  });

  it('accepts an authority Group of two Agents identified by account (3-legged OAuth: consumer and user)', async () => {
    const authority = {
      objectType: 'Group',
      member: [
        { account: { homePage: 'http://example.com/xAPI/OAuth/Token', name: 'oauth_consumer_x75db' } },
        { objectType: 'Agent', account: { homePage: 'http://example.com', name: 'bob' } },
      ],
    };
    for (const version of ['1.0.3', '2.0.0']) {
      const reply = await t.request('POST', 'statements', { body: statement({ authority }), version });
      expect(reply.status, reply.text).to.equal(200);
    }
  });

  it('stores a non-UTC timestamp converted to UTC (1.0.3 and 2.0), keeping sub-millisecond digits', async () => {
    for (const version of ['1.0.3', '2.0.0']) {
      const [id] = (await t.request('POST', 'statements', { body: statement({ timestamp: '2024-05-01T12:00:00.250+02:00' }), version })).json();
      expect((await get(id, version)).json().timestamp).to.equal('2024-05-01T10:00:00.250Z');
    }
    const [precise] = (await t.request('POST', 'statements', { body: statement({ timestamp: '2024-05-01T12:00:00.123456-05:00' }) })).json();
    expect((await get(precise)).json().timestamp).to.equal('2024-05-01T17:00:00.123456Z');
  });

  it('returns a single context activity inside an array (also in SubStatements)', async () => {
    const parent = { objectType: 'Activity', id: 'http://example.com/parent' };
    const sub = { objectType: 'SubStatement', actor: { mbox: 'mailto:s@example.com' }, verb: { id: 'http://example.com/v' }, object: { id: 'http://example.com/a' }, context: { contextActivities: { grouping: parent } } };
    const [id] = (await t.request('POST', 'statements', { body: statement({ object: sub, context: { contextActivities: { parent, other: [parent] } } }) })).json();
    const s = (await get(id)).json();
    expect(s.context.contextActivities).to.deep.equal({ parent: [parent], other: [parent] });
    expect(s.object.context.contextActivities).to.deep.equal({ grouping: [parent] });
  });

  it('a voiding statement cannot be voided (400); a missing target does not stop voiding', async () => {
    const target = randomUUID();
    const voidingId = randomUUID();
    const voids = (id: string) => statement({ verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id } });
    expect((await t.request('POST', 'statements', { body: { ...voids(target), id: voidingId } })).status).to.equal(200);
    const reply = await t.request('POST', 'statements', { body: voids(voidingId) });
    expect(reply.status).to.equal(400);
    expect((await get(voidingId)).status).to.equal(200);
  });

  it('answers 413 to a body over the configured limit', async () => {
    const big = statement({ result: { extensions: { 'http://example.com/x': 'x'.repeat(300 * 1024) } } });
    const reply = await t.request('POST', 'statements', { body: big });
    expect(reply.status).to.equal(413);
    expect(reply.json().error).to.be.a('string');
  });

  it('answers 415 to a Content-Encoding it cannot decode', async () => {
    const reply = await t.request('POST', 'statements', { body: JSON.stringify(statement()), headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'x-unknown' } });
    expect(reply.status).to.equal(415);
    expect(reply.json().error).to.be.a('string');
  });

  it('405 for methods the resource does not have', async () => {
    const reply = await t.request('DELETE', 'statements');
    expect(reply.status).to.equal(405);
    expect(reply.headers.get('allow')).to.contain('GET');
  });
});
