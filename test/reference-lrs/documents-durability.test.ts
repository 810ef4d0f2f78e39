// Kill -9 during a stream of document writes: after a restart every acknowledged write is served.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { expect } from 'chai';
import { start } from '../../reference-lrs/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const AUTH = `Basic ${Buffer.from('admin:admin-pw').toString('base64')}`;
const users = [{ username: 'admin', password: 'admin-pw', scopes: ['all' as const] }];

describe('reference-lrs documents durability (kill -9)', function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'xc-docs-kill-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('serves every acknowledged PUT and POST after the process is killed mid-stream', async () => {
    const script = `
      import { start } from ${JSON.stringify(join(root, 'reference-lrs/index.ts'))};
      const lrs = await start({ dataDir: ${JSON.stringify(dir)}, users: ${JSON.stringify(users)} });
      console.log(lrs.url);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', () => reject(new Error('the LRS process ended before printing its URL')));
    });

    const activityId = 'https://xapi-conform.example/durability/activity';
    const agent = JSON.stringify({ mbox: 'mailto:durable@example.com' });
    const acknowledged = new Map<string, string>();
    const unexpected: number[] = [];
    let killed = false;
    let next = 0;
    const writer = async () => {
      while (!killed) {
        const stateId = `s${next++}`;
        const body = JSON.stringify({ stateId, payload: 'x'.repeat(next % 500) });
        const query = new URLSearchParams({ activityId, agent, stateId });
        const method = next % 3 === 0 ? 'POST' : 'PUT';
        try {
          const res = await fetch(`${url}/activities/state?${query}`, {
            method,
            headers: { Authorization: AUTH, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' },
            body,
          });
          if (res.status === 204) acknowledged.set(stateId, body);
          else unexpected.push(res.status);
        } catch {
          // Connection refused or reset once the process is gone: not acknowledged.
        }
        if (acknowledged.size >= 150 && !killed) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    await exited;
    expect(unexpected, 'statuses other than 204').to.deep.equal([]);
    expect(acknowledged.size).to.be.at.least(150);

    const lrs = await start({ dataDir: dir, users });
    try {
      const headers = { Authorization: AUTH, 'X-Experience-API-Version': '1.0.3' };
      const ids = (await (await fetch(`${lrs.url}/activities/state?${new URLSearchParams({ activityId, agent })}`, { headers })).json()) as string[];
      const missing = [...acknowledged.keys()].filter((id) => !ids.includes(id));
      expect(missing, 'acknowledged but lost').to.deep.equal([]);
      for (const [stateId, body] of [...acknowledged].slice(0, 40)) {
        const res = await fetch(`${lrs.url}/activities/state?${new URLSearchParams({ activityId, agent, stateId })}`, { headers });
        expect(await res.text()).to.equal(body);
      }
    } finally {
      await lrs.close();
    }
  });
});
