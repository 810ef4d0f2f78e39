// createAuth over real HTTP: 401/403 paths, scopes, whoami, authority, credential cache, auth file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { expect } from 'chai';
import express from 'express';
import { createAuth, type Auth, type Credential } from '../../reference-lrs/auth/index.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function serve(auth: Auth): Promise<{ url: string; server: Server }> {
  const app = express();
  app.use('/xapi', auth.authenticate, auth.authorize);
  app.get('/xapi/whoami', auth.whoami);
  app.all('/xapi/*rest', (_req, res) => {
    const credential = res.locals.credential as Credential | undefined;
    res.json({ credential: credential ?? null, own: credential ? auth.readsOnlyOwn(credential) : null });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/xapi`, server };
}

describe('reference-lrs auth', () => {
  let dir: string;
  let url: string;
  let server: Server;
  let auth: Auth;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xc-auth-'));
    const authFile = join(dir, 'auth.json');
    await writeFile(
      authFile,
      JSON.stringify([
        {
          username: 'filed',
          hash: bcrypt.hashSync('filed-secret', 4),
          scopes: ['statements/write', 'statements/read/mine'],
          agent: { objectType: 'Agent', mbox: 'mailto:filed@example.com' },
        },
      ]),
    );
    auth = await createAuth({
      authFile,
      homePage: 'http://lrs.example/xapi',
      users: [
        { username: 'admin', password: 'admin-secret', scopes: ['all'] },
        { username: 'reader', password: 'r', scopes: ['statements/read'] },
        { username: 'allreader', password: 'ar', scopes: ['all/read'] },
        { username: 'mine', password: 'm', scopes: ['statements/read/mine', 'statements/write'] },
        { username: 'state', password: 's', scopes: ['state'] },
        { username: 'profile', password: 'p', scopes: ['profile'] },
        { username: 'define', password: 'd', scopes: ['define'] },
      ],
    });
    ({ url, server } = await serve(auth));
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const call = (method: string, path: string, authorization?: string) =>
    fetch(`${url}/${path}`, { method, headers: authorization ? { authorization } : {} });

  describe('authenticate (401)', () => {
    const refused: Array<[string, string | undefined]> = [
      ['no Authorization header', undefined],
      ['a wrong password', basic('admin', 'nope')],
      ['an unknown user', basic('nobody', 'admin-secret')],
      ['the empty credentials "Basic Og=="', 'Basic Og=='],
      ['a non-Basic scheme', 'Bearer abc'],
      ['no colon in the decoded value', `Basic ${Buffer.from('admin').toString('base64')}`],
    ];
    for (const [what, header] of refused) {
      it(`answers 401 with a challenge and a JSON error for ${what}`, async () => {
        const res = await call('GET', 'statements', header);
        expect(res.status).to.equal(401);
        expect(res.headers.get('www-authenticate')).to.match(/^Basic realm=/);
        const body = await res.json();
        expect(body.error).to.equal('Unauthorized');
        expect(body.message).to.be.a('string').and.not.include('admin-secret');
      });
    }

    it('accepts the scheme name in any case and sets the credential', async () => {
      const res = await call('GET', 'statements', basic('admin', 'admin-secret').replace('Basic', 'bAsIc'));
      expect(res.status).to.equal(200);
      const body = await res.json();
      expect(body.credential.username).to.equal('admin');
      expect(body.credential.scopes).to.deep.equal(['all']);
    });

    it('lets GET /about through without credentials, but not PUT /about', async () => {
      expect((await call('GET', 'about')).status).to.equal(200);
      expect((await call('HEAD', 'about')).status).to.equal(200);
      expect((await call('PUT', 'about')).status).to.equal(401);
    });

    it('checks users from the auth file (bcrypt hash) and uses their agent as authority', async () => {
      const res = await call('GET', 'statements', basic('filed', 'filed-secret'));
      expect(res.status).to.equal(200);
      const body = await res.json();
      expect(body.credential.authority).to.deep.equal({ objectType: 'Agent', mbox: 'mailto:filed@example.com' });
      expect(body.own).to.equal(true);
      expect((await call('GET', 'statements', basic('filed', 'wrong'))).status).to.equal(401);
    });

    it('gives a default authority: an account on the LRS base named after the user', async () => {
      const body = await (await call('GET', 'statements', basic('admin', 'admin-secret'))).json();
      expect(body.credential.authority).to.deep.equal({
        objectType: 'Agent',
        account: { homePage: 'http://lrs.example/xapi', name: 'admin' },
      });
    });

    it('runs bcrypt once per credential, then answers from the cache', async () => {
      const original = bcrypt.compare;
      let calls = 0;
      (bcrypt as { compare: unknown }).compare = (...args: Parameters<typeof original>) => {
        calls += 1;
        return original(...args);
      };
      try {
        const header = basic('profile', 'p');
        const first = await Promise.all([1, 2, 3].map(() => call('GET', 'agents/profile', header)));
        for (const res of first) expect(res.status).to.equal(200);
        expect(calls).to.equal(1);
        expect((await call('GET', 'agents/profile', header)).status).to.equal(200);
        expect(calls).to.equal(1);
        // A refused header is remembered as refused (never as good): bcrypt runs once for it too.
        expect((await call('GET', 'agents/profile', basic('profile', 'q'))).status).to.equal(401);
        expect((await call('GET', 'agents/profile', basic('profile', 'q'))).status).to.equal(401);
        expect(calls).to.equal(2);
        expect((await call('GET', 'agents/profile', header)).status).to.equal(200);
        expect(calls).to.equal(2);
      } finally {
        (bcrypt as { compare: unknown }).compare = original;
      }
    });
  });

  describe('authorize (403 by scope)', () => {
    const users: Record<string, string> = {
      all: basic('admin', 'admin-secret'),
      read: basic('reader', 'r'),
      allread: basic('allreader', 'ar'),
      mine: basic('mine', 'm'),
      state: basic('state', 's'),
      profile: basic('profile', 'p'),
      define: basic('define', 'd'),
    };
    // [user, method, path, expected status]
    const table: Array<[string, string, string, number]> = [
      ['all', 'PUT', 'statements', 200],
      ['all', 'DELETE', 'activities/state', 200],
      ['all', 'DELETE', 'statements', 200],
      ['read', 'GET', 'statements', 200],
      ['read', 'HEAD', 'statements', 200],
      ['read', 'POST', 'statements', 403],
      ['read', 'GET', 'activities/state', 403],
      ['read', 'GET', 'agents', 200],
      ['read', 'GET', 'activities', 200],
      ['read', 'DELETE', 'statements', 403],
      ['allread', 'GET', 'statements', 200],
      ['allread', 'GET', 'activities/state', 200],
      ['allread', 'GET', 'agents/profile', 200],
      ['allread', 'PUT', 'activities/state', 403],
      ['allread', 'POST', 'activities/profile', 403],
      ['mine', 'GET', 'statements', 200],
      ['mine', 'POST', 'statements', 200],
      ['mine', 'GET', 'activities', 403],
      ['mine', 'GET', 'activities/state', 403],
      ['state', 'GET', 'activities/state', 200],
      ['state', 'PUT', 'activities/state', 200],
      ['state', 'DELETE', 'activities/state', 200],
      ['state', 'GET', 'statements', 403],
      ['state', 'PUT', 'activities/profile', 403],
      ['state', 'GET', 'agents/profile', 403],
      ['state', 'GET', 'agents', 403],
      ['profile', 'PUT', 'activities/profile', 200],
      ['profile', 'POST', 'agents/profile', 200],
      ['profile', 'GET', 'activities', 200],
      ['profile', 'PUT', 'activities/state', 403],
      ['profile', 'POST', 'statements', 403],
      ['define', 'GET', 'activities', 200],
      ['define', 'GET', 'agents', 200],
      ['define', 'GET', 'statements', 403],
    ];
    for (const [user, method, path, status] of table) {
      it(`${user}: ${method} ${path} -> ${status}`, async () => {
        const res = await call(method, path, users[user]);
        expect(res.status).to.equal(status);
        if (status === 403 && method !== 'HEAD') {
          const body = await res.json();
          expect(body.error).to.equal('Forbidden');
          expect(body.message).to.include(path);
        }
      });
    }

    it('matches resources with a trailing slash too', async () => {
      expect((await call('GET', 'statements/', users.state)).status).to.equal(403);
    });
  });

  describe('whoami and readsOnlyOwn', () => {
    it('answers { username, scopes } and 401 without credentials', async () => {
      const res = await call('GET', 'whoami', basic('mine', 'm'));
      expect(res.status).to.equal(200);
      expect(await res.json()).to.deep.equal({ username: 'mine', scopes: ['statements/read/mine', 'statements/write'] });
      expect((await call('GET', 'whoami')).status).to.equal(401);
    });

    it('limits reads to own statements only for statements/read/mine without a broader read scope', () => {
      const authority = {};
      expect(auth.readsOnlyOwn({ username: 'm', scopes: ['statements/read/mine'], authority })).to.equal(true);
      expect(auth.readsOnlyOwn({ username: 'm', scopes: ['statements/read/mine', 'statements/read'], authority })).to.equal(false);
      expect(auth.readsOnlyOwn({ username: 'm', scopes: ['statements/read/mine', 'all'], authority })).to.equal(false);
      expect(auth.readsOnlyOwn({ username: 'r', scopes: ['statements/read'], authority })).to.equal(false);
    });
  });

  describe('configuration errors', () => {
    it('rejects an auth file entry with an unknown scope, naming the entry', async () => {
      const file = join(dir, 'bad.json');
      await writeFile(file, JSON.stringify([{ username: 'x', hash: bcrypt.hashSync('y', 4), scopes: ['everything'] }]));
      let error: Error | undefined;
      await createAuth({ authFile: file }).catch((e: Error) => (error = e));
      expect(error?.message).to.include('entry 0').and.include('everything');
    });

    it('rejects an auth file entry whose hash is not bcrypt', async () => {
      const file = join(dir, 'plain.json');
      await writeFile(file, JSON.stringify([{ username: 'x', hash: 'secret', scopes: ['all'] }]));
      let error: Error | undefined;
      await createAuth({ authFile: file }).catch((e: Error) => (error = e));
      expect(error?.message).to.include('"hash"').and.not.include('secret"');
    });

    it('explains how to create a missing auth file', async () => {
      let error: Error | undefined;
      await createAuth({ authFile: join(dir, 'missing.json') }).catch((e: Error) => (error = e));
      expect(error?.message).to.include('missing.json').and.include('xapi-conform auth add');
    });

    it('rejects an agent that is not a valid Agent or Group', async () => {
      const file = join(dir, 'agent.json');
      await writeFile(file, JSON.stringify([{ username: 'x', hash: bcrypt.hashSync('y', 4), scopes: ['all'], agent: { mbox: 'nobody' } }]));
      let error: Error | undefined;
      await createAuth({ authFile: file }).catch((e: Error) => (error = e));
      expect(error?.message).to.include('entry 0').and.include('"agent"');
    });

    it('rejects a user given in clear under a name already in the file', async () => {
      const file = join(dir, 'dup.json');
      await writeFile(file, JSON.stringify([{ username: 'x', hash: bcrypt.hashSync('y', 4), scopes: ['all'] }]));
      let error: Error | undefined;
      await createAuth({ authFile: file, users: [{ username: 'x', password: 'z', scopes: ['all'] }] }).catch(
        (e: Error) => (error = e),
      );
      expect(error?.message).to.include('"x"');
    });
  });
});
