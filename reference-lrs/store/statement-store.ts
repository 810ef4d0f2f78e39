// Durable statement storage: an append-only journal in segment files plus in-memory indexes rebuilt at start.
//
// On disk (dataDir/statements/segment-NNNNNN.jsonl): one line per stored statement (its exact stored JSON),
// and after the statements of one request a commit line {"$commit": n}. A request is acknowledged only after
// its lines and commit line are written and fdatasync'ed. At start, statement lines after the last commit
// line (a write torn by a crash, never acknowledged) are cut off, so a batch is either wholly there or absent.
// Writers are serialized through one queue; requests that arrive while a write is in flight are committed
// together with one fsync (group commit), which is what keeps parallel POSTs fast.
import { closeSync, fsyncSync, ftruncateSync, openSync } from 'node:fs';
import { mkdir, open, readdir, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { keysOf, authorityKey, type StatementKeys } from '../statements/keys.js';

type Json = Record<string, any>;

/** What is kept in memory per stored statement; the statement itself stays as its stored JSON text. */
export interface StoredRecord {
  /** 1-based position in stored order. */
  seq: number;
  id: string;
  storedMs: number;
  json: string;
  authority: string;
  /** Lower-cased id of the statement this one voids, when it is a voiding statement. */
  voids?: string;
}

/** One request's statements, admitted or refused inside the serialized commit section. */
export interface CommitJob {
  /**
   * Called once, in commit order, with a lookup of already stored (or earlier in this commit group) statements
   * by id. Returns the statements to store (identical re-sends left out); throws (e.g. 409) to refuse the job.
   */
  admit(lookup: (id: string) => Json | undefined): Json[];
}

export interface StoredEvent {
  /** Positions (seq) of the statements made durable by one commit, in stored order. */
  from: number;
  to: number;
  /** Position of the last statement of each request in the commit, in order (forwarding: one request, one POST). */
  ends: number[];
}

const SEGMENT_BYTES = 64 * 1024 * 1024;
const COMMIT_PREFIX = '{"$commit":';

export class StatementStore {
  readonly records: StoredRecord[] = [];
  readonly byId = new Map<string, StoredRecord>();
  readonly verbIndex = new Map<string, number[]>();
  readonly activityIndex = new Map<string, number[]>();
  readonly relatedActivityIndex = new Map<string, number[]>();
  readonly agentIndex = new Map<string, number[]>();
  readonly relatedAgentIndex = new Map<string, number[]>();
  readonly registrationIndex = new Map<string, number[]>();
  /** Statements that target a statement id with a StatementRef object (voiding or not). */
  readonly referrers = new Map<string, number[]>();
  /** Seq of the first voiding statement for each voided id. */
  readonly voidedAt = new Map<string, number>();

  private readonly observers: Array<(statement: Json, record: StoredRecord) => void> = [];
  private readonly storedListeners: Array<(event: StoredEvent) => void> = [];
  private queue: Array<{ job: CommitJob; resolve: (stored: Json[]) => void; reject: (err: unknown) => void }> = [];
  private writing = false;
  private segment!: { handle: FileHandle; index: number; size: number };
  private lastStoredMs = 0;
  private closed = false;

  private constructor(private readonly dir: string) {}

  /** Opens (creating if needed) the journal under dataDir and rebuilds the indexes. */
  static async open(dataDir: string, observers: Array<(statement: Json, record: StoredRecord) => void> = []): Promise<StatementStore> {
    const dir = join(dataDir, 'statements');
    await mkdir(dir, { recursive: true });
    const store = new StatementStore(dir);
    store.observers.push(...observers);
    await store.replay();
    return store;
  }

  get size(): number {
    return this.records.length;
  }

  get lastStored(): number {
    return this.lastStoredMs;
  }

  /** Called after every durable commit (never during replay at start). */
  onStored(listener: (event: StoredEvent) => void): void {
    this.storedListeners.push(listener);
  }

  /** Stored statements in stored order from a 1-based position: for forwarding and export. */
  readFrom(position: number, limit = 1000): Array<{ seq: number; statement: Json }> {
    const start = Math.max(1, position);
    return this.records.slice(start - 1, start - 1 + limit).map((r) => ({ seq: r.seq, statement: JSON.parse(r.json) }));
  }

  /** Statements stored after `position` (exclusive), in stored order: the forwarder's StatementLog. */
  async readAfter(position: number, limit: number): Promise<Array<{ position: number; statement: Json }>> {
    return this.readFrom(position + 1, limit).map(({ seq, statement }) => ({ position: seq, statement }));
  }

  /** Position of the last stored statement; 0 when empty. */
  async lastPosition(): Promise<number> {
    return this.records.length;
  }

  get(id: string): StoredRecord | undefined {
    return this.byId.get(id.toLowerCase());
  }

  isVoided(record: StoredRecord, snapshot = Infinity): boolean {
    if (record.voids !== undefined) return false;
    const at = this.voidedAt.get(record.id.toLowerCase());
    return at !== undefined && at <= snapshot;
  }

  /** Admit and durably store a request's statements; resolves with the statements stored (LRS fields set). */
  commit(job: CommitJob): Promise<Json[]> {
    if (this.closed) return Promise.reject(new Error('the statement store is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      void this.drain();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.writing || this.queue.length) await new Promise((r) => setTimeout(r, 5));
    await this.segment.handle.close();
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length) await this.commitGroup(this.queue.splice(0));
    } finally {
      this.writing = false;
    }
  }

  private async commitGroup(group: typeof this.queue): Promise<void> {
    const pending = new Map<string, Json>();
    const lookup = (id: string): Json | undefined => {
      const key = id.toLowerCase();
      const known = pending.get(key);
      if (known) return known;
      const record = this.byId.get(key);
      return record ? JSON.parse(record.json) : undefined;
    };
    const nowMs = Math.max(Date.now(), this.lastStoredMs);
    const stored = new Date(nowMs).toISOString();
    const admitted: Array<{ entry: (typeof group)[number]; statements: Json[]; lines: string[] }> = [];
    for (const entry of group) {
      let statements: Json[];
      try {
        statements = entry.job.admit(lookup);
      } catch (err) {
        entry.reject(err);
        continue;
      }
      const lines: string[] = [];
      for (const statement of statements) {
        statement.stored = stored;
        if (statement.timestamp === undefined) statement.timestamp = stored;
        pending.set(String(statement.id).toLowerCase(), statement);
        lines.push(JSON.stringify(statement));
      }
      admitted.push({ entry, statements, lines });
    }
    const toWrite = admitted.filter((a) => a.lines.length > 0);
    if (toWrite.length) {
      const text = toWrite.map((a) => `${a.lines.join('\n')}\n${COMMIT_PREFIX}${a.lines.length}}\n`).join('');
      try {
        await this.append(Buffer.from(text, 'utf8'));
      } catch (err) {
        for (const a of admitted) a.entry.reject(err);
        return;
      }
      this.lastStoredMs = nowMs;
    }
    const from = this.records.length + 1;
    for (const a of toWrite) a.lines.forEach((line, i) => this.apply(a.statements[i], line, nowMs));
    for (const a of admitted) a.entry.resolve(a.statements);
    if (toWrite.length) {
      let end = from - 1;
      const event = { from, to: this.records.length, ends: toWrite.map((a) => (end += a.lines.length)) };
      for (const listener of this.storedListeners) listener(event);
    }
  }

  private async append(data: Buffer): Promise<void> {
    if (this.segment.size > 0 && this.segment.size + data.length > SEGMENT_BYTES) await this.openSegment(this.segment.index + 1);
    const before = this.segment.size;
    try {
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await this.segment.handle.write(data, written, data.length - written, before + written);
        written += bytesWritten;
      }
      await this.segment.handle.datasync();
      this.segment.size = before + data.length;
    } catch (err) {
      // Leave no half-written request behind for the next append to build on.
      await this.segment.handle.truncate(before).catch(() => undefined);
      throw err;
    }
  }

  private apply(statement: Json, json: string, storedMs: number): void {
    const seq = this.records.length + 1;
    const keys: StatementKeys = keysOf(statement);
    const record: StoredRecord = { seq, id: String(statement.id), storedMs, json, authority: authorityKey(statement.authority) };
    if (keys.voids) record.voids = keys.voids;
    this.records.push(record);
    this.byId.set(record.id.toLowerCase(), record);
    const add = (index: Map<string, number[]>, key: string | undefined) => {
      if (key === undefined) return;
      const list = index.get(key);
      if (list) list.push(seq);
      else index.set(key, [seq]);
    };
    add(this.verbIndex, keys.verb);
    add(this.activityIndex, keys.activity);
    for (const key of keys.relatedActivities) add(this.relatedActivityIndex, key);
    for (const key of keys.agents) add(this.agentIndex, key);
    for (const key of keys.relatedAgents) add(this.relatedAgentIndex, key);
    add(this.registrationIndex, keys.registration);
    add(this.referrers, keys.refTarget);
    if (keys.voids && !this.voidedAt.has(keys.voids)) this.voidedAt.set(keys.voids, seq);
    for (const observer of this.observers) observer(statement, record);
  }

  private async replay(): Promise<void> {
    const segments = (await readdir(this.dir))
      .map((name) => /^segment-(\d{6})\.jsonl$/.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    for (const [i, index] of segments.entries()) {
      const path = this.segmentPath(index);
      const data = await readFile(path);
      const committedBytes = this.replaySegment(data);
      if (committedBytes < data.length) {
        if (i !== segments.length - 1) throw new Error(`journal segment ${path} is damaged before its end`);
        // The tail is a write torn by a crash: never acknowledged, so it is dropped.
        const fd = openSync(path, 'r+');
        try {
          ftruncateSync(fd, committedBytes);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
    }
    await this.openSegment(segments.length ? segments[segments.length - 1] : 1);
  }

  /** Applies every committed request in the segment; returns the byte length of the committed part. */
  private replaySegment(data: Buffer): number {
    let offset = 0;
    let committed = 0;
    let pending: Array<{ statement: Json; json: string }> = [];
    while (offset < data.length) {
      const end = data.indexOf(10, offset);
      if (end === -1) break;
      const line = data.toString('utf8', offset, end);
      offset = end + 1;
      if (line.startsWith(COMMIT_PREFIX)) {
        const count = Number(line.slice(COMMIT_PREFIX.length, -1));
        if (count !== pending.length) break;
        for (const { statement, json } of pending) {
          const storedMs = Date.parse(statement.stored);
          this.apply(statement, json, storedMs);
          this.lastStoredMs = Math.max(this.lastStoredMs, storedMs);
        }
        pending = [];
        committed = offset;
        continue;
      }
      try {
        pending.push({ statement: JSON.parse(line), json: line });
      } catch {
        break;
      }
    }
    return committed;
  }

  private segmentPath(index: number): string {
    return join(this.dir, `segment-${String(index).padStart(6, '0')}.jsonl`);
  }

  private async openSegment(index: number): Promise<void> {
    const path = this.segmentPath(index);
    const handle = await open(path, 'a+');
    const { size } = await handle.stat();
    if (this.segment) await this.segment.handle.close();
    this.segment = { handle, index, size };
    // Make the new file's directory entry durable too.
    const dirHandle = await open(this.dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  }
}
