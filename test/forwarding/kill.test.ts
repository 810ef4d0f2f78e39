// The durability promise, with a real crash: `xapi-conform serve` is killed (SIGKILL) while a forward is
// pending retries; started again on the same data folder, it delivers the acknowledged statement.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { startSink, sinkForwardingConfig, type RunningSink } from '../../harness/forwarding-sink.js';
import { waitFor, idsOf } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const user = { username: 'killer', password: 'kill-test-password' };

/** Starts `serve` and resolves with its URL (the first line it prints). */
function serve(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bin', 'xapi-conform.ts'), 'serve', '--port', '0', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('http'));
      if (line) resolve({ child, url: line.trim() });
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${err}`)));
  });
}

describe('forwarding survives a crash (SIGKILL) of the LRS', function () {
  this.timeout(60_000);
  let sink: RunningSink;
  let dir: string;
  let child: ChildProcess | undefined;

  before(async () => {
    sink = await startSink({ host: '127.0.0.1', port: 0 });
    dir = await mkdtemp(join(tmpdir(), 'xapi-conform-fwd-kill-'));
    await writeFile(join(dir, 'auth.json'), JSON.stringify([{ username: user.username, hash: bcrypt.hashSync(user.password, 4), scopes: ['all'] }]));
    await writeFile(join(dir, 'forwardings.json'), JSON.stringify(sinkForwardingConfig(sink).map((e) => ({ ...e, max_retries: 1000 }))));
  });
  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await sink.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers, after a restart, a statement whose forward was failing when the process was killed', async () => {
    const args = ['--data', join(dir, 'data'), '--auth-file', join(dir, 'auth.json'), '--forwardings', join(dir, 'forwardings.json')];
    const first = await serve(args);
    child = first.child;
    const id = randomUUID();
    sink.handle.failNext(100_000, { status: 500, statementId: id });
    const res = await fetch(`${first.url}/statements`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`,
        'x-experience-api-version': '1.0.3',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ id, actor: { mbox: 'mailto:kill@example.com' }, verb: { id: 'http://example.com/v' }, object: { id: 'http://example.com/a' } }),
    });
    expect(res.status).to.equal(200); // acknowledged
    await waitFor('failing attempts', () => sink.handle.received().filter((d) => idsOf([d]).includes(id)).length >= 2, 20_000);
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;

    sink.handle.reset(); // the target recovers while the LRS is down
    child = (await serve(args)).child;
    const arrived = await waitFor('the delivery after the restart', () => sink.handle.received().find((d) => idsOf([d]).includes(id)), 20_000);
    expect(arrived.answered).to.equal(200);
    child.kill('SIGTERM');
  });
});
