// Durable statement storage: an append-only journal in segment files plus in-memory indexes rebuilt at start.
//
// On disk (dataDir/statements/segment-NNNNNN.jsonl): one line per stored statement, `<keys>\t<statement>`
// where <statement> is its exact stored JSON and <keys> a small JSON array of what the indexes need (so a
// restart parses only the keys, not every statement), and after the statements of one request a commit line
// {"$commit": n}. A request is acknowledged only after its lines and commit line are written and
// fdatasync'ed. At start, statement lines after the last commit line (a write torn by a crash, never
// acknowledged) are cut off, so a batch is either wholly there or absent. Statements are read back from the
// segment files on demand (the page cache keeps recent ones in memory), so memory holds only the indexes.
// Writers are serialized through one queue; requests that arrive while a write is in flight are committed
// together with one fsync (group commit), which is what keeps parallel POSTs fast.
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { keysOf, authorityKey, type StatementKeys } from '../statements/keys.js';
import { syncDirectory } from '../durable.js';

type Json = Record<string, any>;

/** What is kept in memory per stored statement; the statement itself stays on disk (see `text`). */
export interface StoredRecord {
  /** 1-based position in stored order. */
  seq: number;
  id: string;
  storedMs: number;
  authority: string;
  /** Lower-cased id of the statement this one voids, when it is a voiding statement. */
  voids?: string;
  /** Where the statement's JSON is: segment number, byte offset, byte length. */
  segment: number;
  offset: number;
  length: number;
}

/**
 * The journal's per-statement keys, positional to keep restarts cheap: id, stored (ms), authority, verb,
 * activity (object), other related activities, agents (actor/object), other related agents, registration,
 * StatementRef target, 1 when voiding.
 */
type KeyLine = [string, number, string, string | null, string | null, string[], string[], string[], string | null, string | null, 0 | 1];

function keyLine(id: string, storedMs: number, authority: string, k: StatementKeys): KeyLine {
  return [
    id, storedMs, authority, k.verb ?? null, k.activity ?? null,
    k.relatedActivities.filter((a) => a !== k.activity), k.agents, k.relatedAgents.filter((a) => !k.agents.includes(a)),
    k.registration ?? null, k.refTarget ?? null, k.voids ? 1 : 0,
  ];
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
const LOCK_FILE = 'LOCK';
const REPLAY_CHUNK_BYTES = 8 * 1024 * 1024;

interface ReplayState {
  /** Statement lines read since the last commit line. */
  pending: Array<{ keys: KeyLine; offset: number; length: number }>;
  /** Bytes of the segment up to the end of the last commit line. */
  committed: number;
  /** A line that is neither a statement line nor the expected commit line: the rest is a torn write. */
  damaged: boolean;
}

/** Appends a position to an index entry (a function, not a closure per call: this runs for every key at start). */
function add(index: Map<string, number[]>, key: string | null, seq: number): void {
  if (key === null) return;
  const list = index.get(key);
  if (list) list.push(seq);
  else index.set(key, [seq]);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One LRS per data folder: two processes appending to one journal would interleave their writes. The lock
 * file holds the owner's pid; a lock left by a process that no longer runs (kill -9) is taken over.
 */
async function takeLock(dir: string): Promise<void> {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && processAlive(owner)) {
      throw new Error(`the data folder ${dir} is in use by process ${owner}${owner === process.pid ? ' (this process: close the other LRS first)' : ''}`);
    }
    await rm(path, { force: true });
  }
  throw new Error(`could not lock the data folder ${dir}`);
}
const COMMIT_PREFIX = '{"$commit":';
const NEWLINE = Buffer.from('\n');

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

  private readonly authorities = new Map<string, string>();
  /** Read-only descriptors of the segment files, by segment number. */
  private readonly readers = new Map<number, number>();
  private readonly storedListeners: Array<(event: StoredEvent) => void> = [];
  private queue: Array<{ job: CommitJob; resolve: (stored: Json[]) => void; reject: (err: unknown) => void }> = [];
  private writing = false;
  private segment!: { handle: FileHandle; index: number; size: number };
  private lastStoredMs = 0;
  private inFlightStoredMs: number | undefined;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly replayChunkBytes: number,
  ) {}

  /** Opens (creating if needed) the journal under dataDir and rebuilds the indexes. */
  /** `replayChunkBytes`: read size at start (tests make it small to cross chunk boundaries). */
  static async open(dataDir: string, { replayChunkBytes = REPLAY_CHUNK_BYTES } = {}): Promise<StatementStore> {
    const dir = join(dataDir, 'statements');
    await mkdir(dir, { recursive: true });
    await syncDirectory(dataDir);
    await takeLock(dir);
    const store = new StatementStore(dir, replayChunkBytes);
    try {
      await store.replay();
    } catch (err) {
      await rm(join(dir, LOCK_FILE), { force: true });
      throw err;
    }
    return store;
  }

  /** The stored JSON text of a statement, read from its segment file. */
  text(record: StoredRecord): string {
    const buffer = Buffer.allocUnsafe(record.length);
    let read = 0;
    while (read < record.length) {
      const n = readSync(this.readers.get(record.segment)!, buffer, read, record.length - read, record.offset + read);
      if (n === 0) throw new Error(`statement journal segment ${record.segment} is shorter than its index says`);
      read += n;
    }
    return buffer.toString('utf8');
  }

  /** The stored statement at a position, parsed. */
  statement(seq: number): Json {
    return JSON.parse(this.text(this.records[seq - 1]));
  }

  get size(): number {
    return this.records.length;
  }

  get lastStored(): number {
    return this.lastStoredMs;
  }

  /**
   * X-Experience-API-Consistent-Through (ms): every statement stored before it is visible. While a commit is
   * being written its statements already carry their stored time but are not visible yet, so that time is
   * the bound; otherwise now (never before the last stored time).
   */
  consistentThrough(): number {
    if (this.inFlightStoredMs !== undefined) return Math.min(Date.now(), this.inFlightStoredMs);
    return Math.max(Date.now(), this.lastStoredMs);
  }

  /** Called after every durable commit (never during replay at start). */
  onStored(listener: (event: StoredEvent) => void): void {
    this.storedListeners.push(listener);
  }

  /** Stored statements in stored order from a 1-based position: for forwarding and export. */
  readFrom(position: number, limit = 1000): Array<{ seq: number; statement: Json }> {
    const start = Math.max(1, position);
    return this.records.slice(start - 1, start - 1 + limit).map((r) => ({ seq: r.seq, statement: JSON.parse(this.text(r)) }));
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
    for (const fd of this.readers.values()) closeSync(fd);
    this.readers.clear();
    await rm(join(this.dir, LOCK_FILE), { force: true });
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
      return record ? JSON.parse(this.text(record)) : undefined;
    };
    const nowMs = Math.max(Date.now(), this.lastStoredMs);
    const stored = new Date(nowMs).toISOString();
    const admitted: Array<{ entry: (typeof group)[number]; statements: Json[]; lines: Array<{ keys: KeyLine; json: Buffer }> }> = [];
    for (const entry of group) {
      let statements: Json[];
      const lines: Array<{ keys: KeyLine; json: Buffer }> = [];
      // A job that cannot be admitted or serialized fails alone: thrown here it would escape drain() and
      // take the process down with every other request of the group.
      try {
        statements = entry.job.admit(lookup);
        for (const statement of statements) {
          statement.stored = stored;
          if (statement.timestamp === undefined) statement.timestamp = stored;
          const keys = keyLine(String(statement.id), nowMs, authorityKey(statement.authority), keysOf(statement));
          lines.push({ keys, json: Buffer.from(JSON.stringify(statement), 'utf8') });
        }
      } catch (err) {
        entry.reject(err);
        continue;
      }
      for (const statement of statements) pending.set(String(statement.id).toLowerCase(), statement);
      admitted.push({ entry, statements, lines });
    }
    const toWrite = admitted.filter((a) => a.lines.length > 0);
    const placed: Array<{ keys: KeyLine; offset: number; length: number }> = [];
    let segment = this.segment?.index ?? 1;
    if (toWrite.length) {
      const chunks: Buffer[] = [];
      let size = 0;
      const push = (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
      };
      for (const a of toWrite) {
        for (const line of a.lines) {
          push(Buffer.from(`${JSON.stringify(line.keys)}\t`, 'utf8'));
          placed.push({ keys: line.keys, offset: size, length: line.json.length });
          push(line.json);
          push(NEWLINE);
        }
        push(Buffer.from(`${COMMIT_PREFIX}${a.lines.length}}\n`, 'utf8'));
      }
      let base: number;
      this.inFlightStoredMs = nowMs;
      try {
        ({ segment, base } = await this.append(Buffer.concat(chunks, size)));
      } catch (err) {
        this.inFlightStoredMs = undefined;
        for (const a of admitted) a.entry.reject(err);
        return;
      }
      for (const p of placed) p.offset += base;
      this.lastStoredMs = nowMs;
    }
    const from = this.records.length + 1;
    for (const p of placed) this.apply(p.keys, segment, p.offset, p.length);
    this.inFlightStoredMs = undefined;
    for (const a of admitted) a.entry.resolve(a.statements);
    if (toWrite.length) {
      let end = from - 1;
      const event = { from, to: this.records.length, ends: toWrite.map((a) => (end += a.lines.length)) };
      for (const listener of this.storedListeners) listener(event);
    }
  }

  /** Appends and syncs; returns the segment written to and the offset the data starts at. */
  private async append(data: Buffer): Promise<{ segment: number; base: number }> {
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
      return { segment: this.segment.index, base: before };
    } catch (err) {
      // Leave no half-written request behind for the next append to build on.
      await this.segment.handle.truncate(before).catch(() => undefined);
      throw err;
    }
  }

  private apply(
    [id, storedMs, authorityText, verb, activity, moreActivities, agents, moreAgents, registration, refTarget, voiding]: KeyLine,
    segment: number,
    offset: number,
    length: number,
  ): void {
    const seq = this.records.length + 1;
    // Few distinct authorities, many statements: keep one copy of each authority key.
    let authority = this.authorities.get(authorityText);
    if (authority === undefined) this.authorities.set(authorityText, (authority = authorityText));
    const record: StoredRecord = { seq, id, storedMs, authority, segment, offset, length };
    if (voiding && refTarget) record.voids = refTarget;
    this.records.push(record);
    this.byId.set(record.id.toLowerCase(), record);
    add(this.verbIndex, verb, seq);
    add(this.activityIndex, activity, seq);
    add(this.relatedActivityIndex, activity, seq);
    for (const key of moreActivities) add(this.relatedActivityIndex, key, seq);
    for (const key of agents) {
      add(this.agentIndex, key, seq);
      add(this.relatedAgentIndex, key, seq);
    }
    for (const key of moreAgents) add(this.relatedAgentIndex, key, seq);
    add(this.registrationIndex, registration, seq);
    add(this.referrers, refTarget, seq);
    if (record.voids && !this.voidedAt.has(record.voids)) this.voidedAt.set(record.voids, seq);
  }

  private async replay(): Promise<void> {
    const segments = (await readdir(this.dir))
      .map((name) => /^segment-(\d{6})\.jsonl$/.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    for (const [i, index] of segments.entries()) {
      const path = this.segmentPath(index);
      const fd = openSync(path, 'r');
      this.readers.set(index, fd);
      const size = fstatSync(fd).size;
      const committedBytes = this.replaySegment(fd, size, index);
      if (committedBytes < size) {
        if (i !== segments.length - 1) throw new Error(`journal segment ${path} is damaged before its end`);
        // The tail is a write torn by a crash: never acknowledged, so it is dropped.
        const writable = openSync(path, 'r+');
        try {
          ftruncateSync(writable, committedBytes);
          fsyncSync(writable);
        } finally {
          closeSync(writable);
        }
      }
    }
    await this.openSegment(segments.length ? segments[segments.length - 1] : 1);
  }

  /**
   * Applies every committed request in a segment, read in chunks (memory stays small whatever the segment
   * size); returns the byte length of the committed part.
   */
  private replaySegment(fd: number, size: number, segment: number): number {
    const state: ReplayState = { pending: [], committed: 0, damaged: false };
    const chunk = Buffer.allocUnsafe(this.replayChunkBytes);
    let carry = Buffer.alloc(0);
    let base = 0;
    let position = 0;
    while (position < size && !state.damaged) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, size - position), position);
      if (n === 0) break;
      position += n;
      const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      const consumed = this.replayLines(data, base, segment, state);
      carry = Buffer.from(data.subarray(consumed));
      base += consumed;
    }
    return state.committed;
  }

  /** Replays the complete lines of `data` (which starts at byte `base` of the segment); returns bytes used. */
  private replayLines(data: Buffer, base: number, segment: number, state: ReplayState): number {
    let offset = 0;
    while (offset < data.length) {
      const end = data.indexOf(10, offset);
      if (end === -1) break;
      const tab = data.indexOf(9, offset);
      if (tab === -1 || tab > end) {
        const line = data.toString('utf8', offset, end);
        if (!line.startsWith(COMMIT_PREFIX) || Number(line.slice(COMMIT_PREFIX.length, -1)) !== state.pending.length) {
          state.damaged = true;
          break;
        }
        for (const p of state.pending) {
          this.apply(p.keys, segment, p.offset, p.length);
          this.lastStoredMs = Math.max(this.lastStoredMs, p.keys[1]);
        }
        state.pending = [];
        offset = end + 1;
        state.committed = base + offset;
        continue;
      }
      try {
        state.pending.push({ keys: JSON.parse(data.toString('utf8', offset, tab)), offset: base + tab + 1, length: end - tab - 1 });
      } catch {
        state.damaged = true;
        break;
      }
      offset = end + 1;
    }
    return offset;
  }

  private segmentPath(index: number): string {
    return join(this.dir, `segment-${String(index).padStart(6, '0')}.jsonl`);
  }

  private async openSegment(index: number): Promise<void> {
    const path = this.segmentPath(index);
    const handle = await open(path, 'a+');
    const { size } = await handle.stat();
    if (this.segment) await this.segment.handle.close();
    if (!this.readers.has(index)) this.readers.set(index, openSync(path, 'r'));
    this.segment = { handle, index, size };
    // Make the new file's directory entry durable too.
    await syncDirectory(this.dir);
  }
}
