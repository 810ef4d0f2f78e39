// The tolerance catalogue is well-formed, and each variant really differs from the reference LRS: a probe
// sees its deviation on the variant and not on the reference LRS (a no-op variant would pass the
// tolerance matrix without proving anything). `npm run tolerance-matrix` runs the suites against them.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { startTestLrs, statement, multipart, type TestLrs } from '../reference-lrs/helpers.js';
import { variants } from './catalogue.js';

const postStatements = async (t: TestLrs, count: number, extra: Record<string, unknown> = {}) => {
  const verb = `http://example.com/verbs/${randomUUID()}`;
  const reply = await t.request('POST', 'statements', { body: Array.from({ length: count }, () => statement({ verb: { id: verb }, ...extra })) });
  expect(reply.status, reply.text).to.equal(200);
  return { verb, ids: reply.json() as string[] };
};
const profilePut = (t: TestLrs) =>
  t.request('PUT', 'activities/profile', { query: { activityId: `http://example.com/a/${randomUUID()}`, profileId: 'p' }, body: { a: 1 } });

/** Spec text as read: link targets, HTML tags, quotes and backticks dropped, whitespace collapsed. */
const plain = (text: string) => text.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, '').replace(/["`]/g, '').replace(/\s+/g, ' ').trim();
const XAPI_SPEC = plain(
  ['xAPI-Data.md', 'xAPI-Communication.md', 'xAPI-About.md'].map((f) => readFileSync(new URL(`../../spec/xapi-1.0.3/${f}`, import.meta.url), 'utf8')).join('\n'),
);

/** Each probe says whether the variant's deviation shows. */
const PROBES: Record<string, (t: TestLrs) => Promise<boolean>> = {
  'multipart-preamble': async (t) => {
    const data = Buffer.from('attachment data');
    const sha2 = createHash('sha256').update(data).digest('hex');
    const s = statement({ attachments: [{ usageType: 'http://example.com/u', display: { 'en-US': 'a' }, contentType: 'text/plain', length: data.length, sha2 }] });
    const { body, contentType } = multipart([
      { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(s) },
      { headers: { 'Content-Type': 'text/plain', 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': sha2 }, body: data },
    ]);
    const [id] = (await t.request('POST', 'statements', { body, headers: { 'Content-Type': contentType } })).json();
    const answer = await t.request('GET', 'statements', { query: { statementId: id, attachments: true } });
    return !answer.text.startsWith('--');
  },
  'server-page-of-3': async (t) => {
    const { verb } = await postStatements(t, 5);
    return (await t.request('GET', 'statements', { query: { verb, limit: 10 } })).json().statements.length === 3;
  },
  'new-profile-put-without-precondition-400': async (t) => (await profilePut(t)).status === 400,
  'new-profile-put-without-precondition-409': async (t) => (await profilePut(t)).status === 409,
  'repeat-put-409': async (t) => {
    const id = randomUUID();
    const s = statement({ id });
    await t.request('PUT', 'statements', { query: { statementId: id }, body: s });
    return (await t.request('PUT', 'statements', { query: { statementId: id }, body: s })).status === 409;
  },
  'more-on-other-path': async (t) => {
    const { verb } = await postStatements(t, 3);
    const { more } = (await t.request('GET', 'statements', { query: { verb, limit: 2 } })).json();
    const next = await fetch(new URL(more, t.url), { headers: { 'X-Experience-API-Version': '1.0.3', Authorization: `Basic ${Buffer.from('admin:admin-pass').toString('base64')}` } });
    return !/\/statements\?/.test(more) && next.status === 200 && ((await next.json()) as { statements: unknown[] }).statements.length === 1;
  },
  'more-omitted-when-complete': async (t) => {
    const { verb } = await postStatements(t, 1);
    return !('more' in (await t.request('GET', 'statements', { query: { verb } })).json());
  },
  'stored-microseconds-offset': async (t) => {
    const { ids } = await postStatements(t, 1);
    return /\.\d{6}\+00:00$/.test((await t.request('GET', 'statements', { query: { statementId: ids[0] } })).json().stored);
  },
  'own-language-preference': async (t) => {
    const { ids } = await postStatements(t, 1, { verb: { id: `http://example.com/verbs/${randomUUID()}`, display: { 'en-US': 'did', 'fr-FR': 'a fait' } } });
    return 'fr-FR' in (await t.request('GET', 'statements', { query: { statementId: ids[0], format: 'canonical' } })).json().verb.display;
  },
  'extra-response-headers': async (t) => (await t.request('GET', 'about')).headers.get('x-request-id') !== null,
  'json-without-charset': async (t) => (await t.request('GET', 'about')).headers.get('content-type') === 'application/json',
  'json-reformatted': async (t) => (await t.request('GET', 'about')).text.includes('\n  '),
};

describe('tolerance catalogue', function () {
  this.timeout(60_000);
  let reference: TestLrs;
  before(async () => {
    reference = await startTestLrs();
  });
  after(async () => reference.close());

  it('has at least 8 variants with unique names, each citing the spec text that permits it', () => {
    expect(variants.length).to.be.at.least(8);
    expect(new Set(variants.map((v) => v.name)).size).to.equal(variants.length);
    const uncited = variants.filter((v) => !/(Communication|Data|RFC) \d/.test(v.permittedBy) || !v.permittedBy.includes('"')).map((v) => v.name);
    expect(uncited).to.deep.equal([]);
    expect(Object.keys(PROBES).sort()).to.deep.equal(variants.map((v) => v.name).sort());
  });

  it('quotes the xAPI specification word for word (RFC quotes aside: the RFCs are not kept in spec/)', () => {
    const misquoted = variants.flatMap((v) =>
      [...v.permittedBy.matchAll(/"([^"]{12,})"/g)]
        .filter((m) => !/RFC/.test(v.permittedBy.slice(Math.max(0, m.index! - 30), m.index)))
        .filter((m) => !m[1]!.split(' ... ').every((piece) => XAPI_SPEC.includes(plain(piece))))
        .map((m) => `${v.name}: "${m[1]}"`),
    );
    expect(misquoted).to.deep.equal([]);
  });

  for (const variant of variants) {
    it(`${variant.name}: the deviation shows on the variant and not on the reference LRS`, async () => {
      expect(await PROBES[variant.name]!(reference), 'reference LRS').to.equal(false);
      const t = await startTestLrs({}, variant.build().overrides);
      try {
        expect(await PROBES[variant.name]!(t), variant.deviation).to.equal(true);
      } finally {
        await t.close();
      }
    });
  }
});
