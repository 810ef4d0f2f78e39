// Durability and concurrency over real HTTP: an acknowledged write survives kill -9, a torn write at the
// end of the journal is dropped on restart, and parallel POSTs are each stored exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { send, startTestLrs, statement } from './helpers.js';
import { StatementStore } from '../../reference-lrs/store/statement-store.js';

async function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./child-lrs.ts', import.meta.url).pathname, dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  for await (const chunk of child.stdout!) {
    output += chunk;
    if (output.includes('\n')) break;
  }
  const url = output.trim();
  if (!url.startsWith('http')) throw new Error(`child LRS did not start: ${output}`);
  return { child, url };
}

describe('reference-lrs durability and concurrency', function () {
  this.timeout(60_000);
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'xapi-conform-durability-'));
  });
  afterEach(async () => rm(dataDir, { recursive: true, force: true }));

  it('after kill -9 during a stream of writes, a restart serves every acknowledged statement', async () => {
    const { child, url } = await startChild(dataDir);
    const acknowledged: string[] = [];
    let stop = false;
    const writer = async (lane: number) => {
      for (let i = 0; !stop; i++) {
        const batch = Array.from({ length: 1 + ((i + lane) % 3) }, () => statement({ id: randomUUID() }));
        try {
          const reply = await send(`${url}/statements`, 'POST', { body: batch });
          if (reply.status === 200) acknowledged.push(...reply.json());
        } catch {
          return; // the server died mid-request: that write was never acknowledged
        }
      }
    };
    const lanes = [0, 1, 2, 3].map(writer);
    while (acknowledged.length < 150) await new Promise((r) => setImmediate(r));
    child.kill("SIGKILL");
    await once(child, 'exit');
    stop = true;
    await Promise.all(lanes);
    expect(acknowledged.length).to.be.at.least(150);

    const restarted = await startTestLrs({ dataDir });
    try {
      for (const id of acknowledged) {
        const reply = await restarted.request('GET', 'statements', { query: { statementId: id } });
        expect(reply.status, `acknowledged ${id}`).to.equal(200);
      }
      expect(restarted.lrs.statements.size).to.be.at.least(acknowledged.length);
    } finally {
      await restarted.close();
    }
  });

  it('refuses a data folder another running LRS holds, and takes over the lock of a killed one', async () => {
    const first = await startTestLrs({ dataDir });
    try {
      let refused: unknown;
      await startTestLrs({ dataDir }).then((second) => second.close(), (err) => (refused = err));
      expect(String(refused)).to.match(/in use by process/);
    } finally {
      await first.close();
    }
    // A start that fails after the lock was taken (port in use) releases it.
    const busy = await startTestLrs();
    try {
      const port = Number(new URL(busy.url).port);
      let failed: unknown;
      await startTestLrs({ dataDir, port }).then((lrs) => lrs.close(), (err) => (failed = err));
      expect(String(failed)).to.match(/EADDRINUSE/);
    } finally {
      await busy.close();
    }
    const { child } = await startChild(dataDir);
    child.kill('SIGKILL');
    await once(child, 'exit');
    const after = await startTestLrs({ dataDir });
    await after.close();
  });

  it('drops a torn, uncommitted tail of the journal at restart and keeps serving and storing', async () => {
    const first = await startTestLrs({ dataDir });
    const [kept] = (await first.request('POST', 'statements', { body: statement() })).json();
    await first.close();
    const [segment] = (await readdir(join(dataDir, 'statements'))).filter((n) => n.endsWith('.jsonl'));
    // A whole statement line without its commit line, then half a line: what a crash mid-write leaves.
    const id = randomUUID();
    const torn = `${JSON.stringify([id, Date.now(), '', null, null, [], [], [], null, null, 0])}\t${JSON.stringify({ ...statement(), id })}`;
    await appendFile(join(dataDir, 'statements', segment), `${torn}\n${torn.slice(0, 60)}`);
    const second = await startTestLrs({ dataDir });
    try {
      expect(second.lrs.statements.size).to.equal(1);
      expect((await second.request('GET', 'statements', { query: { statementId: kept } })).status).to.equal(200);
      const [added] = (await second.request('POST', 'statements', { body: statement() })).json();
      expect((await second.request('GET', 'statements', { query: { statementId: added } })).status).to.equal(200);
    } finally {
      await second.close();
    }
    const third = await startTestLrs({ dataDir });
    try {
      expect(third.lrs.statements.size).to.equal(2);
    } finally {
      await third.close();
    }
  });

  it('Consistent-Through never passes the stored time of a statement that is not visible yet', async () => {
    const store = await StatementStore.open(dataDir);
    try {
      const s: Record<string, any> = { ...statement(), id: randomUUID(), authority: { mbox: 'mailto:a@example.com' } };
      const committing = store.commit({ admit: () => [s] });
      // The commit is now being written: the statement has its stored time but cannot be read yet.
      expect(store.get(s.id)).to.equal(undefined);
      expect(store.consistentThrough()).to.be.at.most(Date.parse(s.stored));
      await committing;
      expect(store.get(s.id)).to.not.equal(undefined);
      expect(store.consistentThrough()).to.be.at.least(Date.parse(s.stored));
    } finally {
      await store.close();
    }
  });

  it('a statement that cannot be serialized fails its own commit only; the store keeps writing', async () => {
    const store = await StatementStore.open(dataDir);
    try {
      const authority = { mbox: 'mailto:a@example.com' };
      const unserializable: Record<string, any> = { ...statement(), id: randomUUID(), authority, result: { extensions: { 'http://e.com/x': 1n } } };
      const good: Record<string, any> = { ...statement(), id: randomUUID(), authority };
      // Queued together, so both land in one commit group.
      const [bad, fine] = await Promise.allSettled([store.commit({ admit: () => [unserializable] }), store.commit({ admit: () => [good] })]);
      expect(bad.status).to.equal('rejected');
      expect(fine.status).to.equal('fulfilled');
      expect(store.get(unserializable.id)).to.equal(undefined);
      expect(store.get(good.id)).to.not.equal(undefined);
    } finally {
      await store.close();
    }
  });

  it('tells listeners about each durable commit and reads statements back in stored order from a position', async () => {
    const t = await startTestLrs({ dataDir });
    try {
      const events: Array<{ from: number; to: number; ends: number[] }> = [];
      t.lrs.statements.onStored((event) => events.push(event));
      const first = (await t.request('POST', 'statements', { body: [statement(), statement()] })).json();
      const second = (await t.request('POST', 'statements', { body: statement() })).json();
      expect(events).to.deep.equal([{ from: 1, to: 2, ends: [2] }, { from: 3, to: 3, ends: [3] }]);
      const all = await t.lrs.statements.readAfter(0, 10);
      expect(all.map((s) => s.statement.id)).to.deep.equal([...first, ...second]);
      expect(all.map((s) => s.position)).to.deep.equal([1, 2, 3]);
      expect((await t.lrs.statements.readAfter(2, 10)).map((s) => s.statement.id)).to.deep.equal(second);
      expect(await t.lrs.statements.lastPosition()).to.equal(3);
    } finally {
      await t.close();
    }
  });

  it('rebuilds the same indexes whatever the read chunk size at start (lines cut across chunks)', async () => {
    const t = await startTestLrs({ dataDir });
    const verb = `http://example.com/verbs/${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(...(await t.request('POST', 'statements', { body: Array.from({ length: 7 }, () => statement({ verb: { id: verb } })) })).json());
    await t.close();
    for (const replayChunkBytes of [1, 100, 1000, 1 << 20]) {
      const store = await StatementStore.open(dataDir, { replayChunkBytes });
      try {
        expect(store.size, `chunk ${replayChunkBytes}`).to.equal(ids.length);
        expect(store.verbIndex.get(verb)!.map((seq) => store.statement(seq).id)).to.deep.equal(ids);
      } finally {
        await store.close();
      }
    }
  });

  it('many parallel POSTs: every id is retrievable exactly once, in queries and after a restart', async () => {
    const t = await startTestLrs({ dataDir });
    const verb = `http://example.com/verbs/${randomUUID()}`;
    const replies = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        t.request('POST', 'statements', { body: Array.from({ length: 1 + (i % 4) }, () => statement({ verb: { id: verb } })) }),
      ),
    );
    const ids = replies.flatMap((r) => {
      expect(r.status).to.equal(200);
      return r.json() as string[];
    });
    // The same ids PUT concurrently with two different bodies: exactly one wins, the other gets 409.
    const contested = randomUUID();
    const race = await Promise.all([statement(), statement()].map((body) => t.request('PUT', 'statements', { query: { statementId: contested }, body })));
    expect(race.map((r) => r.status).sort()).to.deep.equal([204, 409]);
    // The same statement sent many times at once: every request succeeds, one copy is stored.
    const twin = statement({ id: randomUUID(), verb: { id: verb } });
    const twins = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? t.request('POST', 'statements', { body: twin }) : t.request('PUT', 'statements', { query: { statementId: twin.id }, body: twin }))));
    expect(twins.map((r) => r.status).sort()).to.deep.equal([200, 200, 200, 200, 200, 204, 204, 204, 204, 204]);
    ids.push(twin.id);
    const collect = async (lrs: typeof t) => {
      const seen: string[] = [];
      let reply = await lrs.request('GET', 'statements', { query: { verb, limit: 25 } });
      for (;;) {
        seen.push(...reply.json().statements.map((s: { id: string }) => s.id));
        if (!reply.json().more) return seen;
        reply = await send(`${new URL(lrs.url).origin}${reply.json().more}`, 'GET');
      }
    };
    const seen = await collect(t);
    expect(seen).to.have.length(ids.length);
    expect(new Set(seen)).to.deep.equal(new Set(ids));
    await t.close();
    const again = await startTestLrs({ dataDir });
    try {
      const after = await collect(again);
      expect(after).to.deep.equal(seen);
    } finally {
      await again.close();
    }
  });
});
