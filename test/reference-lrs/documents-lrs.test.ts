// Documents and auth through the whole reference LRS (start()): pipeline order, versions, scopes,
// Alternate Request Syntax, the overrides.documents injection point.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { start, type ReferenceLrs } from '../../reference-lrs/index.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ADMIN = basic('admin', 'admin-pw');
const STATE_ONLY = basic('stater', 'state-pw');
const READER = basic('reader', 'read-pw');
const sha1 = (data: Uint8Array | string) => createHash('sha1').update(data).digest('hex');
let counter = 0;
const stateQuery = (extra: Record<string, string> = {}) =>
  new URLSearchParams({
    activityId: `https://xapi-conform.example/lrs-test/${process.pid}/${++counter}`,
    agent: JSON.stringify({ mbox: `mailto:learner${counter}@example.com` }),
    stateId: 'doc',
    ...extra,
  });

describe('reference-lrs documents and auth through start()', () => {
  let dir: string;
  let lrs: ReferenceLrs;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xc-docs-lrs-'));
    lrs = await start({
      dataDir: dir,
      users: [
        { username: 'admin', password: 'admin-pw', scopes: ['all'] },
        { username: 'stater', password: 'state-pw', scopes: ['state'] },
        { username: 'reader', password: 'read-pw', scopes: ['statements/read'] },
      ],
    });
  });

  after(async () => {
    await lrs.close();
    await rm(dir, { recursive: true, force: true });
  });

  const send = (method: string, path: string, init: { auth?: string; version?: string | null; headers?: Record<string, string>; body?: string | Blob } = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.auth !== undefined) headers.Authorization = init.auth;
    if (init.version !== null) headers['X-Experience-API-Version'] = init.version ?? '1.0.3';
    return fetch(`${lrs.url}/${path}`, { method, headers, body: init.body });
  };

  it('stores and serves a binary State document byte for byte with ETag and Last-Modified', async () => {
    const query = stateQuery();
    const content = randomBytes(100_000);
    const put = await send('PUT', `activities/state?${query}`, {
      auth: ADMIN,
      headers: { 'Content-Type': 'application/pdf' },
      body: new Blob([new Uint8Array(content)]),
    });
    expect(put.status).to.equal(204);
    const get = await send('GET', `activities/state?${query}`, { auth: STATE_ONLY });
    expect(get.status).to.equal(200);
    expect(Buffer.from(await get.arrayBuffer()).equals(content)).to.equal(true);
    expect(get.headers.get('content-type')).to.equal('application/pdf');
    expect(get.headers.get('etag')).to.equal(`"${sha1(content)}"`);
    expect(get.headers.get('last-modified')).to.be.a('string');
    expect(get.headers.get('x-experience-api-version')).to.be.a('string');
    const head = await send('HEAD', `activities/state?${query}`, { auth: ADMIN });
    expect(head.status).to.equal(200);
    expect(head.headers.get('etag')).to.equal(`"${sha1(content)}"`);
  });

  it('answers 401 without credentials, 403 for a scope that does not cover documents, 400 without a version', async () => {
    const query = stateQuery();
    const anonymous = await send('GET', `activities/state?${query}`);
    expect(anonymous.status).to.equal(401);
    expect(anonymous.headers.get('www-authenticate')).to.match(/^Basic/);
    const reader = await send('PUT', `activities/state?${query}`, { auth: READER, headers: { 'Content-Type': 'text/plain' }, body: 'x' });
    expect(reader.status).to.equal(403);
    expect((await reader.json()).error).to.equal('Forbidden');
    const profile = await send('GET', `activities/profile?activityId=${encodeURIComponent('https://x.example/a')}`, { auth: STATE_ONLY });
    expect(profile.status).to.equal(403);
    expect((await send('GET', `activities/state?${query}`, { auth: ADMIN, version: null })).status).to.equal(400);
  });

  it('answers whoami for the credential', async () => {
    const res = await send('GET', 'whoami', { auth: STATE_ONLY });
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ username: 'stater', scopes: ['state'] });
  });

  it('2.0: a PUT without precondition headers to an existing State document is a 409; 1.0.3 allows it', async () => {
    const query = stateQuery();
    const put = (version: string, body: string) =>
      send('PUT', `activities/state?${query}`, { auth: STATE_ONLY, version, headers: { 'Content-Type': 'application/json' }, body });
    expect((await put('2.0.0', '{"v":1}')).status).to.equal(204);
    expect((await put('2.0.0', '{"v":2}')).status).to.equal(409);
    expect((await put('1.0.3', '{"v":3}')).status).to.equal(204);
    const get = await send('GET', `activities/state?${query}`, { auth: STATE_ONLY, version: '2.0.0' });
    expect(await get.json()).to.deep.equal({ v: 3 });
  });

  it('1.0.3 Alternate Request Syntax reaches the documents (PUT issued as POST with a form body)', async () => {
    const query = stateQuery();
    const form = new URLSearchParams({ ...Object.fromEntries(query), content: '{"alt":true}', 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3', Authorization: ADMIN });
    const res = await fetch(`${lrs.url}/activities/state?method=PUT`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(res.status).to.equal(204);
    const get = await send('GET', `activities/state?${query}`, { auth: ADMIN });
    expect(await get.json()).to.deep.equal({ alt: true });
    expect(get.headers.get('content-type')).to.equal('application/json');
  });

  it('uses overrides.documents.merge when a mutant LRS sets it', async () => {
    const mutantDir = await mkdtemp(join(tmpdir(), 'xc-docs-mutant-'));
    const mutant = await start(
      { dataDir: mutantDir, users: [{ username: 'admin', password: 'admin-pw', scopes: ['all'] }] },
      { documents: { merge: (_stored, posted) => posted } },
    );
    try {
      const query = stateQuery();
      const write = (method: string, body: string) =>
        fetch(`${mutant.url}/activities/state?${query}`, {
          method,
          headers: { Authorization: ADMIN, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' },
          body,
        });
      await write('PUT', '{"a":1}');
      await write('POST', '{"b":2}');
      const get = await fetch(`${mutant.url}/activities/state?${query}`, { headers: { Authorization: ADMIN, 'X-Experience-API-Version': '1.0.3' } });
      expect(await get.json()).to.deep.equal({ b: 2 });
    } finally {
      await mutant.close();
      await rm(mutantDir, { recursive: true, force: true });
    }
  });
});
