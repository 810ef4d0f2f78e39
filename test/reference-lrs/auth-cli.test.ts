// `xapi-conform auth add | list | remove` on a temporary file, run as a real CLI process.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import { expect } from 'chai';
import express from 'express';
import yargs from 'yargs';
import { authCommand } from '../../bin/commands/auth.js';
import { createAuth } from '../../reference-lrs/auth/index.js';
import { readAuthFile } from '../../reference-lrs/auth/file.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(root, 'bin/xapi-conform.ts'), ...args],
      { cwd: root, env: { ...process.env, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Runs `xapi-conform auth …` in this process (fast), capturing what it prints; code 2 for a usage error. */
async function inProcess(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  const write = process.stdout.write;
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  try {
    await yargs(args).env('XAPI_CONFORM').command(authCommand).strict().fail((message, error) => {
      throw error ?? new Error(message);
    }).parseAsync();
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    return { code: 2, stdout, stderr: (error as Error).message };
  } finally {
    process.stdout.write = write;
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe('xapi-conform auth (CLI)', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xc-auth-cli-'));
    file = join(dir, 'auth.json');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('adds, replaces, lists and removes credentials without ever printing a password or hash', async () => {
    const added = await cli(['auth', 'add', '--user', 'alice', '--password', 'alice-pw-1', '--scope', 'statements/write',
      '--scope', 'statements/read/mine', '--agent-mbox', 'mailto:alice@example.com', '--auth-file', file, '--cost', '4']);
    expect(added.code, added.stderr).to.equal(0);
    expect(added.stdout).to.include('Added alice');
    const bob = await inProcess(['auth', 'add', '--user', 'bob', '--scope', 'all', '--auth-file', file, '--cost', '4'], {
      XAPI_CONFORM_PASSWORD: 'bob-pw-env',
    });
    expect(bob.code, bob.stderr).to.equal(0);

    let entries = await readAuthFile(file);
    expect(entries.map((entry) => entry.username)).to.deep.equal(['alice', 'bob']);
    expect(entries[0]!.scopes).to.deep.equal(['statements/write', 'statements/read/mine']);
    expect(entries[0]!.agent).to.deep.equal({ objectType: 'Agent', mbox: 'mailto:alice@example.com' });
    expect(await bcrypt.compare('alice-pw-1', entries[0]!.hash)).to.equal(true);
    expect(await bcrypt.compare('bob-pw-env', entries[1]!.hash)).to.equal(true);
    expect((await readFile(file, 'utf8'))).to.not.include('alice-pw-1');
    expect((await stat(file)).mode & 0o777).to.equal(0o600);

    const replaced = await inProcess(['auth', 'add', '--user', 'alice', '--password', 'alice-pw-2', '--scope', 'state', '--auth-file', file, '--cost', '4']);
    expect(replaced.stdout).to.include('Updated alice');
    entries = await readAuthFile(file);
    expect(entries).to.have.length(2);
    expect(entries[0]!.scopes).to.deep.equal(['state']);
    expect(await bcrypt.compare('alice-pw-1', entries[0]!.hash)).to.equal(false);
    expect(await bcrypt.compare('alice-pw-2', entries[0]!.hash)).to.equal(true);

    const listed = await inProcess(['auth', 'list', '--auth-file', file]);
    expect(listed.code).to.equal(0);
    expect(listed.stdout).to.include('alice\tstate').and.include('bob\tall');
    for (const output of [added, bob, replaced, listed]) {
      const text = output.stdout + output.stderr;
      for (const secret of ['alice-pw-1', 'alice-pw-2', 'bob-pw-env', '$2']) expect(text).to.not.include(secret);
    }

    const removed = await inProcess(['auth', 'remove', '--user', 'bob', '--auth-file', file]);
    expect(removed.code).to.equal(0);
    expect((await readAuthFile(file)).map((entry) => entry.username)).to.deep.equal(['alice']);
    expect((await readdir(dir)).filter((name) => name !== 'auth.json')).to.deep.equal([]);
  });

  it('fails (the real CLI exits 2) and leaves the file untouched for an unknown scope, an unknown user or a missing file', async () => {
    const before = await readFile(file, 'utf8');
    const badScope = await inProcess(['auth', 'add', '--user', 'x', '--password', 'y', '--scope', 'everything', '--auth-file', file]);
    expect(badScope.code).to.equal(2);
    const missingUser = await cli(['auth', 'remove', '--user', 'nobody', '--auth-file', file]);
    expect(missingUser.code).to.equal(2);
    expect(missingUser.stderr).to.include('nobody');
    const missingFile = await inProcess(['auth', 'list', '--auth-file', join(dir, 'none.json')]);
    expect(missingFile.code).to.equal(2);
    expect(await readFile(file, 'utf8')).to.equal(before);
  });

  it('writes a file that createAuth accepts', async () => {
    const auth = await createAuth({ authFile: file });
    const app = express();
    app.get('/xapi/whoami', auth.authenticate, auth.whoami);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/xapi/whoami`, {
        headers: { authorization: `Basic ${Buffer.from('alice:alice-pw-2').toString('base64')}` },
      });
      expect(res.status).to.equal(200);
      expect(await res.json()).to.deep.equal({ username: 'alice', scopes: ['state'] });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
