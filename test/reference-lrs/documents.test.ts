// Document resources over real HTTP: State, Activity Profile, Agent Profile (Communication 2.2-2.7, 3.1).
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import express from 'express';
import { createDocumentsRouter, type DocumentsRouter } from '../../reference-lrs/documents/index.js';

interface Call {
  query?: Record<string, string | object | undefined>;
  body?: string | Buffer | object;
  headers?: Record<string, string>;
  version?: string;
}

async function startDocuments(dataDir: string): Promise<{ url: string; server: Server; documents: DocumentsRouter }> {
  const documents = await createDocumentsRouter({ dataDir });
  const app = express();
  app.use((req, res, next) => {
    res.locals.xapiVersion = req.get('x-experience-api-version') ?? '1.0.3';
    next();
  });
  app.use('/xapi', documents.router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/xapi`, server, documents };
}

const sha1 = (data: string | Buffer) => createHash('sha1').update(data).digest('hex');
let counter = 0;
const unique = (name: string) => `${name}-${process.pid}-${++counter}`;
const activity = () => `https://xapi-conform.example/test/activity/${unique('a')}`;
const agent = () => ({ objectType: 'Agent', mbox: `mailto:${unique('agent')}@example.com` });

describe('reference-lrs documents', () => {
  let dir: string;
  let url: string;
  let server: Server;
  let documents: DocumentsRouter;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xc-docs-'));
    ({ url, server, documents } = await startDocuments(dir));
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await documents.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function call(method: string, path: string, options: Call = {}, base = url) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) search.append(name, typeof value === 'string' ? value : JSON.stringify(value));
    }
    const headers: Record<string, string> = { 'X-Experience-API-Version': options.version ?? '1.0.3', ...options.headers };
    let body: string | Blob | undefined;
    if (options.body !== undefined && method !== 'GET' && method !== 'HEAD') {
      if (typeof options.body === 'string') body = options.body;
      else if (Buffer.isBuffer(options.body)) body = new Blob([new Uint8Array(options.body)]);
      else {
        body = JSON.stringify(options.body);
        headers['Content-Type'] ??= 'application/json';
      }
    }
    const res = await fetch(`${base}/${path}?${search}`, { method, headers, body });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, bytes, text: bytes.toString('utf8'), json: () => JSON.parse(bytes.toString('utf8')) };
  }

  describe('State resource', () => {
    it('stores with PUT (204) and returns the document with its content type, quoted SHA-1 ETag and Last-Modified', async () => {
      const query = { activityId: activity(), agent: agent(), stateId: 'bookmark' };
      const put = await call('PUT', 'activities/state', { query, body: 'page 7', headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
      expect(put.status).to.equal(204);
      const get = await call('GET', 'activities/state', { query });
      expect(get.status).to.equal(200);
      expect(get.text).to.equal('page 7');
      expect(get.headers.get('content-type')).to.equal('text/plain; charset=utf-8');
      expect(get.headers.get('etag')).to.equal(`"${sha1('page 7')}"`);
      const modified = Date.parse(get.headers.get('last-modified') ?? '');
      expect(Math.abs(modified - Date.now())).to.be.lessThan(60_000);
      const head = await call('HEAD', 'activities/state', { query });
      expect(head.status).to.equal(200);
      expect(head.bytes.length).to.equal(0);
      expect(head.headers.get('etag')).to.equal(`"${sha1('page 7')}"`);
    });

    it('round-trips a binary document byte for byte', async () => {
      const query = { activityId: activity(), agent: agent(), stateId: 'blob' };
      const content = randomBytes(200_000);
      expect((await call('PUT', 'activities/state', { query, body: content, headers: { 'Content-Type': 'application/octet-stream' } })).status).to.equal(204);
      const get = await call('GET', 'activities/state', { query });
      expect(get.status).to.equal(200);
      expect(get.bytes.equals(content)).to.equal(true);
      expect(get.headers.get('content-type')).to.equal('application/octet-stream');
      expect(get.headers.get('etag')).to.equal(`"${sha1(content)}"`);
    });

    it('answers 404 for a document that does not exist', async () => {
      const res = await call('GET', 'activities/state', { query: { activityId: activity(), agent: agent(), stateId: 'none' } });
      expect(res.status).to.equal(404);
      expect(res.json().error).to.equal('Not Found');
    });

    it('matches the agent on its identifier, not on its other properties', async () => {
      const who = agent();
      const query = { activityId: activity(), stateId: 's' };
      await call('PUT', 'activities/state', { query: { ...query, agent: { ...who, name: 'Ann' } }, body: 'x', headers: { 'Content-Type': 'text/plain' } });
      const get = await call('GET', 'activities/state', { query: { ...query, agent: { mbox: who.mbox } } });
      expect(get.status).to.equal(200);
      expect(get.text).to.equal('x');
    });

    it('keeps documents of different registrations apart and lists ids per context', async () => {
      const context = { activityId: activity(), agent: agent() };
      const registration = '2b8f0c1e-3d4a-4b5c-8d9e-0f1a2b3c4d5e';
      await call('PUT', 'activities/state', { query: { ...context, stateId: 'plain' }, body: { a: 1 } });
      await call('PUT', 'activities/state', { query: { ...context, stateId: 'plain', registration }, body: { a: 2 } });
      await call('PUT', 'activities/state', { query: { ...context, stateId: 'only-reg', registration }, body: { a: 3 } });
      expect((await call('GET', 'activities/state', { query: { ...context, stateId: 'plain' } })).json()).to.deep.equal({ a: 1 });
      expect((await call('GET', 'activities/state', { query: { ...context, stateId: 'plain', registration: registration.toUpperCase() } })).json()).to.deep.equal({ a: 2 });
      expect((await call('GET', 'activities/state', { query: { ...context, stateId: 'only-reg' } })).status).to.equal(404);
      const withRegistration = await call('GET', 'activities/state', { query: { ...context, registration } });
      expect(withRegistration.status).to.equal(200);
      expect(withRegistration.json()).to.have.members(['plain', 'only-reg']).and.have.length(2);
      expect((await call('GET', 'activities/state', { query: context })).json()).to.have.length(3);
    });

    it('lists only the ids updated after "since" (exclusive), whatever the offset it is written with', async () => {
      const context = { activityId: activity(), agent: agent() };
      await call('PUT', 'activities/state', { query: { ...context, stateId: 'early' }, body: { t: 1 } });
      const between = Date.now();
      while (Date.now() <= between) await new Promise((resolve) => setImmediate(resolve));
      await call('PUT', 'activities/state', { query: { ...context, stateId: 'late' }, body: { t: 2 } });
      const since = new Date(between).toISOString();
      const res = await call('GET', 'activities/state', { query: { ...context, since } });
      expect(res.status).to.equal(200);
      expect(res.json()).to.deep.equal(['late']);
      const shifted = new Date(between + 2 * 3600_000).toISOString().replace('Z', '+02:00');
      expect((await call('GET', 'activities/state', { query: { ...context, since: shifted } })).json()).to.deep.equal(['late']);
      const future = new Date(Date.now() + 3600_000).toISOString();
      expect((await call('GET', 'activities/state', { query: { ...context, since: future } })).json()).to.deep.equal([]);
      expect(res.headers.get('last-modified')).to.be.a('string');
    });

    it('deletes one document, then all of a context, or only those of a registration', async () => {
      const context = { activityId: activity(), agent: agent() };
      const registration = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
      for (const stateId of ['one', 'two', 'three']) await call('PUT', 'activities/state', { query: { ...context, stateId }, body: { stateId } });
      await call('PUT', 'activities/state', { query: { ...context, stateId: 'reg', registration }, body: { r: 1 } });
      expect((await call('DELETE', 'activities/state', { query: { ...context, stateId: 'one' } })).status).to.equal(204);
      expect((await call('GET', 'activities/state', { query: { ...context, stateId: 'one' } })).status).to.equal(404);
      expect((await call('DELETE', 'activities/state', { query: { ...context, registration } })).status).to.equal(204);
      expect((await call('GET', 'activities/state', { query: context })).json()).to.have.members(['two', 'three']);
      expect((await call('DELETE', 'activities/state', { query: context })).status).to.equal(204);
      expect((await call('GET', 'activities/state', { query: context })).json()).to.deep.equal([]);
    });

    it('deletes, with "since", only documents updated after it', async () => {
      const context = { activityId: activity(), agent: agent() };
      await call('PUT', 'activities/state', { query: { ...context, stateId: 'old' }, body: { o: 1 } });
      const between = Date.now();
      while (Date.now() <= between) await new Promise((resolve) => setImmediate(resolve));
      await call('PUT', 'activities/state', { query: { ...context, stateId: 'new' }, body: { n: 1 } });
      expect((await call('DELETE', 'activities/state', { query: { ...context, since: new Date(between).toISOString() } })).status).to.equal(204);
      expect((await call('GET', 'activities/state', { query: context })).json()).to.deep.equal(['old']);
    });

    describe('parameters (400)', () => {
      const good = () => ({ activityId: activity(), agent: agent(), stateId: 's' });
      const cases: Array<[string, string, (q: Record<string, unknown>) => Record<string, unknown>]> = [
        ['PUT without activityId', 'PUT', ({ activityId: _, ...q }) => q],
        ['POST without agent', 'POST', ({ agent: _, ...q }) => q],
        ['PUT without stateId', 'PUT', ({ stateId: _, ...q }) => q],
        ['GET without activityId', 'GET', ({ activityId: _, ...q }) => q],
        ['DELETE without agent', 'DELETE', ({ agent: _, ...q }) => q],
        ['GET with agent not JSON', 'GET', (q) => ({ ...q, agent: 'mailto:x@example.com' })],
        ['PUT with a Group as agent', 'PUT', (q) => ({ ...q, agent: { objectType: 'Group', mbox: 'mailto:g@example.com' } })],
        ['GET with an agent with two IFIs', 'GET', (q) => ({ ...q, agent: { mbox: 'mailto:a@example.com', openid: 'https://openid.example/a' } })],
        ['GET with an agent with a bad mbox', 'GET', (q) => ({ ...q, agent: { mbox: 'a@example.com' } })],
        ['GET with an agent with a duplicate key', 'GET', (q) => ({ ...q, agent: '{"mbox": "mailto:a@example.com", "mbox": "mailto:b@example.com"}' })],
        ['GET with an agent with a property Agents do not have', 'GET', (q) => ({ ...q, agent: { mbox: 'mailto:a@example.com', age: 3 } })],
        ['DELETE with a registration that is not a UUID', 'DELETE', (q) => ({ ...q, registration: 'not-a-uuid' })],
        ['GET with a "since" that is not a timestamp', 'GET', ({ stateId: _, ...q }) => ({ ...q, since: 'yesterday' })],
        ['GET with an unknown parameter', 'GET', (q) => ({ ...q, profileId: 'p' })],
        ['GET with a parameter in the wrong case', 'GET', ({ stateId, ...q }) => ({ ...q, StateId: stateId })],
        ['PUT with "since"', 'PUT', (q) => ({ ...q, since: new Date().toISOString() })],
        ['PUT with an activityId that is not an IRI', 'PUT', (q) => ({ ...q, activityId: 'not an iri' })],
      ];
      for (const [what, method, change] of cases) {
        it(`${what} -> 400 with a JSON error, nothing stored`, async () => {
          const query = change(good()) as Call['query'];
          const res = await call(method, 'activities/state', { query, body: { a: 1 } });
          expect(res.status).to.equal(400);
          expect(res.json()).to.include.keys('error', 'message');
        });
      }

      it('a parameter given twice -> 400', async () => {
        const q = good();
        const res = await fetch(`${url}/activities/state?activityId=${encodeURIComponent(q.activityId)}&agent=${encodeURIComponent(JSON.stringify(q.agent))}&stateId=a&stateId=b`, {
          headers: { 'X-Experience-API-Version': '1.0.3' },
        });
        expect(res.status).to.equal(400);
      });

      it('an unsupported method -> 405 with Allow', async () => {
        const res = await call('PATCH', 'activities/state', { query: good() });
        expect(res.status).to.equal(405);
        expect(res.headers.get('allow')).to.include('PUT');
      });
    });
  });

  describe('POST merge (Communication 2.2.s7-s8)', () => {
    const target = () => ({ activityId: activity(), agent: agent(), stateId: 'vars' });

    it('merges top-level properties, replacing whole values', async () => {
      const query = target();
      await call('PUT', 'activities/state', { query, body: { x: 'foo', y: 'bar', nested: { keep: false, old: 1 } } });
      const post = await call('POST', 'activities/state', { query, body: { x: 'bash', z: 'faz', nested: { keep: true } } });
      expect(post.status).to.equal(204);
      const get = await call('GET', 'activities/state', { query });
      expect(get.json()).to.deep.equal({ x: 'bash', y: 'bar', z: 'faz', nested: { keep: true } });
      expect(get.headers.get('etag')).to.equal(`"${sha1(get.bytes)}"`);
    });

    it('stores a POST to a missing document as a new document (XAPI-00233)', async () => {
      const query = target();
      expect((await call('POST', 'activities/state', { query, body: { fresh: true } })).status).to.equal(204);
      expect((await call('GET', 'activities/state', { query })).json()).to.deep.equal({ fresh: true });
    });

    it('keeps "__proto__" as an ordinary property', async () => {
      const query = target();
      await call('PUT', 'activities/state', { query, body: { a: 1 } });
      await call('POST', 'activities/state', { query, body: '{"__proto__": {"polluted": true}}', headers: { 'Content-Type': 'application/json' } });
      expect(JSON.parse((await call('GET', 'activities/state', { query })).text)).to.deep.equal(JSON.parse('{"a": 1, "__proto__": {"polluted": true}}'));
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    const refused: Array<[string, Call['body'], Record<string, string>, Call['body'], Record<string, string>]> = [
      ['the posted document is not application/json', { a: 1 }, {}, 'text', { 'Content-Type': 'text/plain' }],
      ['the stored document is not application/json', 'plain', { 'Content-Type': 'text/plain' }, { a: 1 }, {}],
      ['the posted document is invalid JSON', { a: 1 }, {}, '{"a":', { 'Content-Type': 'application/json' }],
      ['the posted document is a JSON array', { a: 1 }, {}, '[1,2]', { 'Content-Type': 'application/json' }],
      ['the stored document is a JSON array', '[1]', { 'Content-Type': 'application/json' }, { a: 1 }, {}],
    ];
    for (const [what, stored, storedHeaders, posted, postedHeaders] of refused) {
      it(`answers 400 and changes nothing when ${what}`, async () => {
        const query = target();
        expect((await call('PUT', 'activities/state', { query, body: stored, headers: storedHeaders })).status).to.equal(204);
        const before = await call('GET', 'activities/state', { query });
        const res = await call('POST', 'activities/state', { query, body: posted, headers: postedHeaders });
        expect(res.status).to.equal(400);
        expect(res.json().message).to.be.a('string');
        const after = await call('GET', 'activities/state', { query });
        expect(after.text).to.equal(before.text);
        expect(after.headers.get('etag')).to.equal(before.headers.get('etag'));
      });
    }

    it('refuses invalid JSON posted to a missing document (XAPI-00235)', async () => {
      const query = target();
      const res = await call('POST', 'activities/state', { query, body: '{nope', headers: { 'Content-Type': 'application/json' } });
      expect(res.status).to.equal(400);
      expect((await call('GET', 'activities/state', { query })).status).to.equal(404);
    });

    it('refuses a PUT of invalid JSON labelled application/json', async () => {
      const res = await call('PUT', 'activities/state', { query: target(), body: '{nope', headers: { 'Content-Type': 'application/json' } });
      expect(res.status).to.equal(400);
    });

    it('loses no write when many POSTs merge into one document at once', async () => {
      const query = target();
      await call('PUT', 'activities/state', { query, body: { start: true } });
      const statuses = await Promise.all(
        Array.from({ length: 40 }, (_, i) => call('POST', 'activities/state', { query, body: { [`k${i}`]: i } }).then((res) => res.status)),
      );
      expect(statuses.every((status) => status === 204)).to.equal(true);
      const merged = (await call('GET', 'activities/state', { query })).json();
      expect(Object.keys(merged)).to.have.length(41);
      for (let i = 0; i < 40; i++) expect(merged[`k${i}`]).to.equal(i);
    });
  });

  describe('concurrency headers (Communication 3.1; 2.0 4.1.4)', () => {
    const resources: Array<[string, () => Record<string, unknown>]> = [
      ['activities/state', () => ({ activityId: activity(), agent: agent(), stateId: 's' })],
      ['activities/profile', () => ({ activityId: activity(), profileId: 'p' })],
      ['agents/profile', () => ({ agent: agent(), profileId: 'p' })],
    ];
    for (const [path, make] of resources) {
      describe(path, () => {
        it('PUT with If-None-Match: * creates, then 412 once the document exists', async () => {
          const query = make() as Call['query'];
          expect((await call('PUT', path, { query, body: { v: 1 }, headers: { 'If-None-Match': '*' } })).status).to.equal(204);
          const res = await call('PUT', path, { query, body: { v: 2 }, headers: { 'If-None-Match': '*' } });
          expect(res.status).to.equal(412);
          expect((await call('GET', path, { query })).json()).to.deep.equal({ v: 1 });
        });

        it('PUT / POST / DELETE with a stale If-Match -> 412 and nothing changes; the current ETag works', async () => {
          const query = make() as Call['query'];
          await call('PUT', path, { query, body: { v: 1 }, headers: { 'If-None-Match': '*' } });
          const stale = `"${sha1('something else')}"`;
          for (const method of ['PUT', 'POST', 'DELETE']) {
            const res = await call(method, path, { query, body: { v: 9 }, headers: { 'If-Match': stale } });
            expect(res.status, method).to.equal(412);
          }
          const current = (await call('GET', path, { query })).headers.get('etag')!;
          expect((await call('GET', path, { query })).json()).to.deep.equal({ v: 1 });
          expect((await call('PUT', path, { query, body: { v: 2 }, headers: { 'If-Match': current } })).status).to.equal(204);
          const next = (await call('GET', path, { query })).headers.get('etag')!;
          expect(next).to.not.equal(current);
          expect((await call('POST', path, { query, body: { w: 3 }, headers: { 'If-Match': `"x", ${next}` } })).status).to.equal(204);
          expect((await call('GET', path, { query })).json()).to.deep.equal({ v: 2, w: 3 });
          const last = (await call('GET', path, { query })).headers.get('etag')!;
          expect((await call('DELETE', path, { query, headers: { 'If-Match': last } })).status).to.equal(204);
          expect((await call('GET', path, { query })).status).to.equal(404);
        });

        it('If-Match on a missing document -> 412; If-None-Match with the current ETag -> 412', async () => {
          const query = make() as Call['query'];
          expect((await call('PUT', path, { query, body: { v: 1 }, headers: { 'If-Match': '*' } })).status).to.equal(412);
          expect((await call('GET', path, { query })).status).to.equal(404);
          await call('PUT', path, { query, body: { v: 1 }, headers: { 'If-None-Match': '*' } });
          const etag = (await call('GET', path, { query })).headers.get('etag')!;
          expect((await call('POST', path, { query, body: { v: 2 }, headers: { 'If-None-Match': etag } })).status).to.equal(412);
        });

        const exemptIn103 = path === 'activities/state';
        for (const version of ['1.0.3', '2.0.0']) {
          const expected = exemptIn103 && version === '1.0.3' ? 204 : 409;
          it(`${version}: PUT without If-Match / If-None-Match to an existing document -> ${expected}`, async () => {
            const query = make() as Call['query'];
            expect((await call('PUT', path, { query, body: { v: 1 }, version })).status).to.equal(204);
            const res = await call('PUT', path, { query, body: { v: 2 }, version });
            expect(res.status).to.equal(expected);
            const stored = (await call('GET', path, { query, version })).json();
            if (expected === 409) {
              expect(res.json().message).to.include('If-Match');
              expect(stored).to.deep.equal({ v: 1 });
            } else expect(stored).to.deep.equal({ v: 2 });
            // POST and DELETE need no precondition header.
            expect((await call('POST', path, { query, body: { w: 1 }, version })).status).to.equal(204);
            expect((await call('DELETE', path, { query, version })).status).to.equal(204);
          });
        }
      });
    }
  });

  describe('Activity Profile resource', () => {
    it('lists profile ids with since, serves single documents, and requires its parameters', async () => {
      const activityId = activity();
      await call('PUT', 'activities/profile', { query: { activityId, profileId: 'one' }, body: { a: 1 } });
      const between = Date.now();
      while (Date.now() <= between) await new Promise((resolve) => setImmediate(resolve));
      await call('PUT', 'activities/profile', { query: { activityId, profileId: 'two' }, body: 'two', headers: { 'Content-Type': 'text/plain' } });
      expect((await call('GET', 'activities/profile', { query: { activityId } })).json()).to.deep.equal(['one', 'two']);
      expect((await call('GET', 'activities/profile', { query: { activityId, since: new Date(between).toISOString() } })).json()).to.deep.equal(['two']);
      const two = await call('GET', 'activities/profile', { query: { activityId, profileId: 'two' } });
      expect(two.text).to.equal('two');
      expect(two.headers.get('content-type')).to.equal('text/plain');
      expect((await call('DELETE', 'activities/profile', { query: { activityId } })).status).to.equal(400);
      expect((await call('GET', 'activities/profile', { query: {} })).status).to.equal(400);
      expect((await call('PUT', 'activities/profile', { query: { profileId: 'x' }, body: { a: 1 } })).status).to.equal(400);
      expect((await call('GET', 'activities/profile', { query: { activityId, agent: agent() } })).status).to.equal(400);
      expect((await call('GET', 'activities/profile', { query: { activityId, profileId: 'missing' } })).status).to.equal(404);
    });
  });

  describe('Agent Profile resource', () => {
    it('lists profile ids with since, serves single documents, and refuses a Group or a missing agent', async () => {
      const who = agent();
      await call('PUT', 'agents/profile', { query: { agent: who, profileId: 'p1' }, body: { a: 1 } });
      await call('PUT', 'agents/profile', { query: { agent: { ...who, name: 'Other name' }, profileId: 'p2' }, body: { b: 2 } });
      const list = await call('GET', 'agents/profile', { query: { agent: who } });
      expect(list.json()).to.deep.equal(['p1', 'p2']);
      const single = await call('GET', 'agents/profile', { query: { agent: who, profileId: 'p2' } });
      expect(single.json()).to.deep.equal({ b: 2 });
      expect(Date.parse(list.headers.get('last-modified')!)).to.equal(Date.parse(single.headers.get('last-modified')!));
      expect((await call('GET', 'agents/profile', { query: { profileId: 'p1' } })).status).to.equal(400);
      expect((await call('PUT', 'agents/profile', { query: { agent: { objectType: 'Group', member: [who] }, profileId: 'g' }, body: { a: 1 } })).status).to.equal(400);
      const account = { account: { homePage: 'https://lms.example', name: unique('acct') } };
      expect((await call('PUT', 'agents/profile', { query: { agent: account, profileId: 'acc' }, body: { c: 3 } })).status).to.equal(204);
      expect((await call('GET', 'agents/profile', { query: { agent: { objectType: 'Agent', ...account }, profileId: 'acc' } })).json()).to.deep.equal({ c: 3 });
    });
  });

  describe('durability', () => {
    it('refuses to start on a damaged document file, naming it', async () => {
      const other = await mkdtemp(join(tmpdir(), 'xc-docs-damaged-'));
      try {
        await createDocumentsRouter({ dataDir: other }).then((d) => d.close());
        await writeFile(join(other, 'documents', 'damaged.doc'), 'no header here');
        let error: Error | undefined;
        await createDocumentsRouter({ dataDir: other }).catch((e: Error) => (error = e));
        expect(error?.message).to.include('damaged.doc');
      } finally {
        await rm(other, { recursive: true, force: true });
      }
    });

    it('serves every acknowledged document after a restart and drops leftover temp files', async () => {
      const other = await mkdtemp(join(tmpdir(), 'xc-docs-restart-'));
      try {
        const first = await startDocuments(other);
        const content = randomBytes(5000);
        const context = { activityId: activity(), agent: agent() };
        const writes = Array.from({ length: 20 }, (_, i) =>
          call('PUT', 'activities/state', { query: { ...context, stateId: `s${i}` }, body: { i } }, first.url),
        );
        writes.push(call('PUT', 'agents/profile', { query: { agent: context.agent, profileId: 'bin' }, body: content, headers: { 'Content-Type': 'image/png' } }, first.url));
        expect((await Promise.all(writes)).map((res) => res.status)).to.satisfy((all: number[]) => all.every((s) => s === 204));
        await new Promise((resolve) => first.server.close(resolve));
        await first.documents.close();
        await writeFile(join(other, 'documents', '.tmp-crashed.doc.123'), 'half');

        const second = await startDocuments(other);
        try {
          const ids = (await call('GET', 'activities/state', { query: context }, second.url)).json();
          expect(ids).to.have.members(Array.from({ length: 20 }, (_, i) => `s${i}`));
          const bin = await call('GET', 'agents/profile', { query: { agent: context.agent, profileId: 'bin' } }, second.url);
          expect(bin.bytes.equals(content)).to.equal(true);
          expect(bin.headers.get('content-type')).to.equal('image/png');
          expect((await readdir(join(other, 'documents'))).some((name) => name.startsWith('.tmp-'))).to.equal(false);
        } finally {
          await new Promise((resolve) => second.server.close(resolve));
          await second.documents.close();
        }
      } finally {
        await rm(other, { recursive: true, force: true });
      }
    });
  });
});
