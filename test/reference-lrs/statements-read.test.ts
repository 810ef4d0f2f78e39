// GET /statements over real HTTP: single statements, every query parameter, StatementRef targeting,
// voiding, `more` paging over a stable snapshot, formats (Communication 2.1.3, 2.1.4; Data 2.5).
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { send, startTestLrs, statement, type TestLrs } from './helpers.js';

const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';

describe('reference-lrs statements: GET', () => {
  let t: TestLrs;
  before(async () => {
    t = await startTestLrs();
  });
  after(async () => t.close());

  const post = async (body: unknown, version = '1.0.3'): Promise<string[]> => {
    const reply = await t.request('POST', 'statements', { body, version });
    expect(reply.status, reply.text).to.equal(200);
    return reply.json();
  };
  const query = async (q: Record<string, string | number | boolean | object>, options: { version?: string; as?: 'admin' | 'reader' | 'mine' } = {}) => {
    const reply = await t.request('GET', 'statements', { query: q, ...options });
    expect(reply.status, reply.text).to.equal(200);
    return reply;
  };
  const ids = (reply: { json(): any }) => reply.json().statements.map((s: { id: string }) => s.id);
  const follow = async (more: string, version = '1.0.3') => send(`${new URL(t.url).origin}${more}`, 'GET', { version });

  it('single GET: 200 with Last-Modified = stored and Consistent-Through; 404 for unknown ids', async () => {
    const [id] = await post(statement());
    const reply = await t.request('GET', 'statements', { query: { statementId: id } });
    expect(reply.status).to.equal(200);
    const s = reply.json();
    expect(new Date(reply.headers.get('last-modified')!).getTime()).to.equal(Math.floor(Date.parse(s.stored) / 1000) * 1000);
    expect(Date.parse(reply.headers.get('x-experience-api-consistent-through')!)).to.be.at.least(Math.floor(Date.parse(s.stored)));
    expect((await t.request('GET', 'statements', { query: { statementId: randomUUID() } })).status).to.equal(404);
  });

  it('single GET: 400 with both ids, with other parameters, or with bad format/attachments values', async () => {
    const [id] = await post(statement());
    const cases = [
      { statementId: id, voidedStatementId: id },
      { statementId: id, limit: 1 },
      { statementId: id, verb: 'http://example.com/v' },
      { statementId: id, format: 'full' },
      { statementId: id, attachments: 'yes' },
      { StatementId: id },
    ];
    for (const q of cases) expect((await t.request('GET', 'statements', { query: q })).status, JSON.stringify(q)).to.equal(400);
    expect((await t.request('GET', 'statements', { query: { statementId: id, format: 'ids', attachments: false } })).status).to.equal(200);
  });

  it('voided statements: 404 by statementId, 200 by voidedStatementId, left out of queries; the voiding statement is returned', async () => {
    const target = statement();
    const [targetId] = await post(target);
    const [voidingId] = await post(statement({ verb: { id: VOIDED }, object: { objectType: 'StatementRef', id: targetId } }));
    expect((await t.request('GET', 'statements', { query: { statementId: targetId } })).status).to.equal(404);
    expect((await t.request('GET', 'statements', { query: { voidedStatementId: targetId } })).json().id).to.equal(targetId);
    expect((await t.request('GET', 'statements', { query: { voidedStatementId: voidingId } })).status).to.equal(404);
    // Filtering by the voided statement's activity finds the voiding statement (it targets it), not the voided one.
    expect(ids(await query({ activity: target.object.id }))).to.deep.equal([voidingId]);
  });

  it('a voiding statement stored before its target voids the target when it arrives; voiding twice changes nothing', async () => {
    const targetId = randomUUID();
    const voiding = (id: string) => statement({ verb: { id: VOIDED }, object: { objectType: 'StatementRef', id } });
    const [first] = await post(voiding(targetId));
    expect((await t.request('PUT', 'statements', { query: { statementId: targetId }, body: statement() })).status).to.equal(204);
    expect((await t.request('GET', 'statements', { query: { statementId: targetId } })).status).to.equal(404);
    expect((await t.request('GET', 'statements', { query: { voidedStatementId: targetId } })).status).to.equal(200);
    const [second] = await post(voiding(targetId));
    expect((await t.request('GET', 'statements', { query: { voidedStatementId: targetId } })).status).to.equal(200);
    for (const id of [first, second]) expect((await t.request('GET', 'statements', { query: { statementId: id } })).status).to.equal(200);
  });

  it('StatementRef targeting applies recursively to agent, verb, activity and registration filters', async () => {
    const registration = randomUUID();
    const c = statement({ context: { registration }, verb: { id: `http://example.com/verbs/${randomUUID()}` } });
    const [cId] = await post(c);
    const [bId] = await post(statement({ verb: { id: 'http://example.com/verbs/confirmed' }, object: { objectType: 'StatementRef', id: cId } }));
    const [aId] = await post(statement({ verb: { id: 'http://example.com/verbs/noted' }, object: { objectType: 'StatementRef', id: bId } }));
    const filters: Array<Record<string, string | object>> = [{ agent: c.actor }, { verb: c.verb.id }, { activity: c.object.id }, { registration }];
    for (const q of filters) {
      expect(new Set(ids(await query(q))), JSON.stringify(q)).to.deep.equal(new Set([aId, bId, cId]));
    }
    // A StatementRef in context does not count.
    const [ctxRef] = await post(statement({ context: { statement: { objectType: 'StatementRef', id: cId } } }));
    expect(ids(await query({ activity: c.object.id }))).to.not.include(ctxRef);
  });

  it('agent matches actor or object (and Group members); related_agents widens to authority, context, SubStatements and 2.0 contextAgents', async () => {
    const agent = { objectType: 'Agent', mbox: `mailto:${randomUUID()}@example.com` };
    const [asActor] = await post(statement({ actor: agent }));
    const [asObject] = await post(statement({ object: agent }));
    const [asMember] = await post(statement({ actor: { objectType: 'Group', member: [agent] } }));
    const [asInstructor] = await post(statement({ context: { instructor: agent } }));
    const [inSub] = await post(statement({ object: { objectType: 'SubStatement', actor: agent, verb: { id: 'http://example.com/v' }, object: { id: 'http://example.com/a' } } }));
    const [asContextAgent] = await post(statement({ context: { contextAgents: [{ objectType: 'contextAgent', agent }] } }), '2.0.0');
    expect(new Set(ids(await query({ agent })))).to.deep.equal(new Set([asActor, asObject, asMember]));
    expect(new Set(ids(await query({ agent, related_agents: true }, { version: '2.0.0' })))).to.deep.equal(
      new Set([asActor, asObject, asMember, asInstructor, inSub, asContextAgent]),
    );
  });

  it('activity matches the object; related_activities widens to context activities and SubStatements', async () => {
    const activity = `http://example.com/activities/${randomUUID()}`;
    const [direct] = await post(statement({ object: { id: activity } }));
    const [parent] = await post(statement({ context: { contextActivities: { parent: [{ id: activity }] } } }));
    const [grouping] = await post(statement({ context: { contextActivities: { grouping: { id: activity } } } }));
    const [sub] = await post(statement({ object: { objectType: 'SubStatement', actor: { mbox: 'mailto:s@example.com' }, verb: { id: 'http://example.com/v' }, object: { id: activity } } }));
    expect(ids(await query({ activity }))).to.deep.equal([direct]);
    expect(new Set(ids(await query({ activity, related_activities: true })))).to.deep.equal(new Set([direct, parent, grouping, sub]));
  });

  it('combines filters (AND), orders by stored (descending, or ascending), applies since/until and limit', async () => {
    const agent = { mbox: `mailto:${randomUUID()}@example.com` };
    const verb = `http://example.com/verbs/${randomUUID()}`;
    const posted: string[] = [];
    for (let i = 0; i < 4; i++) posted.push(...(await post(statement({ actor: agent, verb: { id: verb } }))));
    await post(statement({ actor: agent }));
    const all = await query({ agent, verb });
    expect(ids(all)).to.deep.equal([...posted].reverse());
    expect(ids(await query({ agent, verb, ascending: true }))).to.deep.equal(posted);
    const stored: string[] = all.json().statements.map((x: { stored: string }) => x.stored).reverse();
    const expectSince = posted.filter((_, i) => Date.parse(stored[i]) > Date.parse(stored[1]));
    const expectUntil = posted.filter((_, i) => Date.parse(stored[i]) <= Date.parse(stored[1]));
    expect(ids(await query({ agent, verb, since: stored[1], ascending: true }))).to.deep.equal(expectSince);
    expect(ids(await query({ agent, verb, until: stored[1], ascending: true }))).to.deep.equal(expectUntil);
    expect(expectUntil).to.include(posted[1]);
    expect(ids(await query({ agent, verb, limit: 2 }))).to.deep.equal([posted[3], posted[2]]);
  });

  it('rejects bad parameter values and unknown or wrongly-cased parameters with 400', async () => {
    const cases = [
      { limit: -1 }, { limit: 'x' }, { ascending: 'yes' }, { related_agents: 1 }, { format: 'full' },
      { since: 'yesterday' }, { until: '2024-13-01T00:00:00Z' }, { registration: 'not-a-uuid' },
      { agent: '{"name":"no ifi"}' }, { agent: 'not json' }, { verb: 'not an iri' }, { Verb: 'http://e.com/v' }, { extra: 1 },
      { more: 'garbage' },
      { more: Buffer.from(JSON.stringify({ params: {}, snapshot: 1e9, after: 0 })).toString('base64url') },
      { more: Buffer.from(JSON.stringify({ params: { limit: 'lots' }, snapshot: 0, after: 0 })).toString('base64url') },
    ];
    for (const q of cases) expect((await t.request('GET', 'statements', { query: q })).status, JSON.stringify(q)).to.equal(400);
  });

  it('an empty result is 200 with an empty statements array', async () => {
    const reply = await query({ verb: `http://example.com/verbs/${randomUUID()}` });
    expect(reply.json().statements).to.deep.equal([]);
  });

  it('more pages through a stable snapshot: no duplicates, no gaps, nothing stored later', async () => {
    const verb = `http://example.com/verbs/${randomUUID()}`;
    const posted = await post(Array.from({ length: 7 }, () => statement({ verb: { id: verb } })));
    const seen: string[] = [];
    let reply = await query({ verb, limit: 3 });
    for (;;) {
      seen.push(...ids(reply));
      await post(statement({ verb: { id: verb } })); // arrives while paging
      const more = reply.json().more;
      if (!more) break;
      expect(more).to.match(/^\/xapi\/statements\?/);
      reply = await follow(more);
      expect(reply.status).to.equal(200);
    }
    expect(seen).to.deep.equal([...posted].reverse());
  });

  it('format=ids keeps only identifiers; format=canonical picks one language per map by Accept-Language', async () => {
    const s = statement({
      actor: { objectType: 'Agent', mbox: `mailto:${randomUUID()}@example.com`, name: 'Named' },
      verb: { id: 'http://example.com/v', display: { 'en-US': 'did', 'de-DE': 'tat' } },
    });
    s.object.definition = { name: { 'en-US': 'Thing', 'de-DE': 'Ding' }, description: { 'en-US': 'A thing', 'de-DE': 'Ein Ding' } };
    const [id] = await post(s);
    const idsFormat = (await t.request('GET', 'statements', { query: { statementId: id, format: 'ids' } })).json();
    expect(idsFormat.actor).to.deep.equal({ objectType: 'Agent', mbox: s.actor.mbox });
    expect(idsFormat.verb).to.deep.equal({ id: 'http://example.com/v' });
    expect(idsFormat.object).to.deep.equal({ objectType: 'Activity', id: s.object.id });
    const canonical = (await t.request('GET', 'statements', { query: { statementId: id, format: 'canonical' }, headers: { 'Accept-Language': 'de, en;q=0.5' } })).json();
    expect(canonical.object.definition.name).to.deep.equal({ 'de-DE': 'Ding' });
    expect(canonical.object.definition.description).to.deep.equal({ 'de-DE': 'Ein Ding' });
    expect(canonical.verb.display).to.deep.equal({ 'de-DE': 'tat' });
    expect(canonical.actor).to.deep.equal(s.actor);
    const exact = (await t.request('GET', 'statements', { query: { statementId: id } })).json();
    expect(exact.object.definition).to.deep.equal(s.object.definition);
    // Canonical Verb display and Activity definition come from every statement: a later French one adds 'fr'.
    const verb = `http://example.com/verbs/${randomUUID()}`;
    const [first] = await post(statement({ verb: { id: verb, display: { 'en-US': 'did' } }, object: { id: s.object.id } }));
    await post(statement({ verb: { id: verb, display: { 'fr-FR': 'fit' } }, object: { id: s.object.id, definition: { name: { 'fr-FR': 'Chose' } } } }));
    const french = (await t.request('GET', 'statements', { query: { statementId: first, format: 'canonical' }, headers: { 'Accept-Language': 'fr' } })).json();
    expect(french.verb.display).to.deep.equal({ 'fr-FR': 'fit' });
    expect(french.object.definition.name).to.deep.equal({ 'fr-FR': 'Chose' });
  });

  it('statements/read/mine sees only statements it wrote', async () => {
    const verb = `http://example.com/verbs/${randomUUID()}`;
    const [own] = (await t.request('POST', 'statements', { body: statement({ verb: { id: verb } }), as: 'mine' })).json();
    const [other] = await post(statement({ verb: { id: verb } }));
    expect(ids(await query({ verb }, { as: 'mine' }))).to.deep.equal([own]);
    expect((await t.request('GET', 'statements', { query: { statementId: other }, as: 'mine' })).status).to.equal(404);
    expect(new Set(ids(await query({ verb }, { as: 'reader' })))).to.deep.equal(new Set([own, other]));
  });

  it('every statements response carries X-Experience-API-Consistent-Through, errors included', async () => {
    for (const reply of [await query({}), await t.request('GET', 'statements', { query: { bogus: 1 } }), await t.request('POST', 'statements', { body: {} })]) {
      expect(reply.headers.get('x-experience-api-consistent-through')).to.match(/^\d{4}-\d{2}-\d{2}T/);
    }
  });

  it('HEAD answers like GET without a body', async () => {
    const [id] = await post(statement());
    const head = await t.request('HEAD', 'statements', { query: { statementId: id } });
    expect(head.status).to.equal(200);
    expect(head.body.length).to.equal(0);
    expect(head.headers.get('x-experience-api-consistent-through')).to.be.a('string');
    expect((await t.request('HEAD', 'statements', { query: { statementId: randomUUID() } })).status).to.equal(404);
  });
});
