// Statement forwarding (Ralph LRS compatible): statements the LRS accepted by PUT or POST are forwarded
// unchanged to every active target, after the client's write is acknowledged.
//
// Durability: the statement store is the queue. Each target keeps a durable cursor over the store's
// stored order (cursor.ts); a worker per target reads the statements after its cursor, delivers them
// (retries with exponential backoff, each attempt bounded by the entry's timeout) and then moves the
// cursor. Nothing is copied at write time, so the client's request is never delayed, and a statement
// the store acknowledged is forwarded even if the LRS is killed right after answering: on restart the
// worker resumes from the cursor. At-least-once: a crash may repeat the deliveries of the last 250 ms
// (the cursor is saved when idle and at most every 250 ms while busy; receiving LRSs accept identical
// re-sends of a statement id), and a restart gives a pending delivery a fresh retry budget.
// A target seen for the first time starts at the end of the store (it gets new statements, not history).
import { Agent } from 'undici';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import express, { type RequestHandler } from 'express';
import type { ForwardingEntry } from '../options.js';
import { LrsError } from '../http/errors.js';
import { CursorFile, type TargetState } from './cursor.js';
import { attemptDelivery, statementsUrl } from './deliver.js';
import { deliveryBody, type AttachmentData, type DeliveryBody } from './body.js';
import { parseForwardingConfig } from './config.js';

export { parseForwardingConfig, ForwardingConfigError } from './config.js';

export interface StoredStatement {
  /** Position in the store's stored order: increasing integers, starting above 0. */
  position: number;
  statement: Record<string, unknown>;
}

/** What the forwarder needs from the statement store (LRS-CORE). */
export interface StatementLog {
  /** Statements stored after `position` (exclusive), in stored order, at most `limit` of them. */
  readAfter(position: number, limit: number): Promise<StoredStatement[]>;
  /** Position of the last stored statement; 0 when the store is empty. */
  lastPosition(): Promise<number>;
}

export interface ForwarderOptions {
  entries: ForwardingEntry[];
  statements: StatementLog;
  /** The LRS's data folder; the forwarder keeps its cursors under `<dataDir>/forwarding`. */
  dataDir: string;
  /** The LRS's attachment data by SHA-2: statements whose attachment data it holds go as multipart/mixed. */
  attachments?: AttachmentData;
  log?: (line: string) => void;
  /** Backoff before retry n is min(base * 2^(n-1), max), with jitter. Defaults 200 ms and 30 s. */
  backoff?: { baseMs: number; maxMs: number };
  /** Test variants only (LrsOverrides.forwardedBody): rewrites each delivery's body before it is sent. */
  editBody?: (body: DeliveryBody) => DeliveryBody;
}

export interface TargetStatus {
  url: string;
  username: string;
  is_active: boolean;
  /** Statements delivered (counted since the target was first configured). */
  forwarded: number;
  /** Statements stored but not yet delivered nor given up on. */
  pending: number;
  /** Statements given up on after max_retries retries or a non-retryable answer. */
  failed: number;
  /** The attempt under way for the oldest pending delivery (1 = first try), 0 when idle. */
  attempt: number;
  lastError?: string;
}

export interface Forwarder {
  /** Call after each durable statement write, with the position of its last statement. Never throws. */
  statementsStored(lastPosition: number): void;
  status(): { targets: TargetStatus[] };
  /**
   * GET /forwarding/status, for the LRS's authenticated routers: answers the status to a credential
   * with scope `all` (it names targets and usernames, never passwords), 403 to others.
   */
  router: express.Router;
  close(): Promise<void>;
}

/** Most statements in one delivery while catching up (after a restart, or behind a slow target). */
const CATCH_UP_BATCH = 100;
/** Longest a busy target's saved cursor lags behind its deliveries. */
const SAVE_INTERVAL_MS = 250;

export async function createForwarder(options: ForwarderOptions): Promise<Forwarder> {
  // Entries given to start() directly (embedded, tests) get the same checks as the CLI's configuration.
  const entries = parseForwardingConfig(options.entries);
  const log = options.log ?? (() => {});
  const backoff = options.backoff ?? { baseMs: 200, maxMs: 30_000 };
  const closing = new AbortController();
  const dispatcher = new Agent({ keepAliveTimeout: 4_000 });
  const folder = join(options.dataDir, 'forwarding');
  const head = await options.statements.lastPosition();
  const workers: TargetWorker[] = [];
  for (const entry of entries) {
    if (!entry.is_active) {
      log(`forwarding: ${describe(entry)} is inactive; skipped`);
      continue;
    }
    const file = await CursorFile.forTarget(folder, entry.url, entry.basic_username);
    workers.push(
      await TargetWorker.open(entry, file, head, {
        statements: options.statements,
        attachments: options.attachments,
        dispatcher,
        closing: closing.signal,
        log,
        backoff,
        editBody: options.editBody,
      }),
    );
  }
  const loops = workers.map((worker) => worker.run());

  const status = () => ({
    targets: entries.map((entry) => {
      const worker = workers.find((w) => w.entry === entry);
      return worker?.status() ?? { url: entry.url, username: entry.basic_username, is_active: false, forwarded: 0, pending: 0, failed: 0, attempt: 0 };
    }),
  });

  const statusHandler: RequestHandler = (_req, res) => {
    res.json(status());
  };
  // Case-sensitive like every xAPI route.
  const router = express.Router({ caseSensitive: true });
  router.get('/forwarding/status', (req, res, next) => {
    const scopes = (res.locals.credential as { scopes?: string[] } | undefined)?.scopes ?? [];
    if (!scopes.includes('all')) return next(new LrsError(403, 'The forwarding status needs a credential with scope "all".'));
    statusHandler(req, res, next);
  });

  return {
    statementsStored(lastPosition) {
      for (const worker of workers) worker.stored(lastPosition);
    },
    status,
    router,
    async close() {
      closing.abort();
      for (const worker of workers) worker.wake();
      await Promise.all(loops);
      await dispatcher.destroy();
      for (const worker of workers) log(`forwarding: ${worker.summary()} (stopped)`);
    },
  };
}

interface WorkerDeps {
  statements: StatementLog;
  attachments?: AttachmentData;
  dispatcher: Agent;
  closing: AbortSignal;
  log: (line: string) => void;
  backoff: { baseMs: number; maxMs: number };
  editBody?: (body: DeliveryBody) => DeliveryBody;
}

class TargetWorker {
  /** Positions where a client's write ended: deliveries never span two writes (one write, one POST). */
  private readonly writeEnds = new Set<number>();
  private known: number;
  private dirty = true;
  private waiter?: () => void;
  private attempt = 0;
  private lastError?: string;
  private unsaved = false;
  private savedAt = 0;

  private constructor(
    readonly entry: ForwardingEntry,
    private readonly file: CursorFile,
    private state: TargetState,
    private readonly deps: WorkerDeps,
  ) {
    this.known = state.cursor;
  }

  static async open(entry: ForwardingEntry, file: CursorFile, head: number, deps: WorkerDeps): Promise<TargetWorker> {
    let state = await file.load();
    if (!state) {
      state = { cursor: head, forwarded: 0, failed: 0 };
      await file.save(state);
    } else if (state.cursor > head) {
      deps.log(`forwarding: ${describe(entry)}: saved position ${state.cursor} is past the store's end ${head}; restarting from the end`);
      state = { ...state, cursor: head };
      await file.save(state);
    }
    const worker = new TargetWorker(entry, file, state, deps);
    worker.known = head;
    deps.log(`forwarding: ${worker.summary()} (started)`);
    return worker;
  }

  stored(lastPosition: number): void {
    this.known = Math.max(this.known, lastPosition);
    this.writeEnds.add(lastPosition);
    this.wake();
  }

  wake(): void {
    this.dirty = true;
    this.waiter?.();
    this.waiter = undefined;
  }

  status(): TargetStatus {
    const { cursor, forwarded, failed } = this.state;
    return {
      url: this.entry.url,
      username: this.entry.basic_username,
      is_active: true,
      forwarded,
      pending: Math.max(0, this.known - cursor),
      failed,
      attempt: this.attempt,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  summary(): string {
    const s = this.status();
    return `${describe(this.entry)}: forwarded ${s.forwarded}, pending ${s.pending}, failed ${s.failed}`;
  }

  async run(): Promise<void> {
    while (!this.deps.closing.aborted) {
      if (!this.dirty) await new Promise<void>((resolve) => (this.waiter = resolve));
      this.dirty = false;
      try {
        let delivered = false;
        while (!this.deps.closing.aborted && (await this.deliverNext())) delivered = true;
        await this.persist(true); // idle (or closing): make all progress durable
        // One status line per burst of deliveries (failures are logged as they happen).
        if (delivered && !this.deps.closing.aborted) this.deps.log(`forwarding: ${this.summary()}`);
      } catch (error) {
        // The store could not be read or the cursor not saved: say so, wait, try again.
        this.lastError = (error as Error).message;
        this.deps.log(`forwarding: ${describe(this.entry)}: ${this.lastError}`);
        await this.pause(this.delay(4));
        this.dirty = true;
      }
    }
  }

  /** Delivers the oldest pending write (or catch-up batch); false when there is nothing pending. */
  private async deliverNext(): Promise<boolean> {
    const cursor = this.state.cursor;
    const nextEnd = Math.min(...[...this.writeEnds].filter((end) => end > cursor));
    const batch = this.cut(await this.deps.statements.readAfter(cursor, Math.min(nextEnd - cursor, CATCH_UP_BATCH)));
    if (batch.length === 0) return false;
    const last = batch[batch.length - 1].position;
    this.known = Math.max(this.known, last);
    const delivered = await this.deliverWithRetries(batch);
    if (this.deps.closing.aborted && !delivered) return false; // resumed from the cursor after restart
    this.state = {
      cursor: last,
      forwarded: this.state.forwarded + (delivered ? batch.length : 0),
      failed: this.state.failed + (delivered ? 0 : batch.length),
    };
    this.unsaved = true;
    await this.persist(false);
    for (const end of this.writeEnds) if (end <= last) this.writeEnds.delete(end);
    return true;
  }

  /**
   * Saves the cursor: at once when idle, else at most every SAVE_INTERVAL_MS, so that a busy target is
   * not held to one fsync per delivery. A crash can only make the last interval's deliveries repeat.
   */
  private async persist(now: boolean): Promise<void> {
    if (!this.unsaved || (!now && Date.now() - this.savedAt < SAVE_INTERVAL_MS)) return;
    await this.file.save(this.state);
    this.unsaved = false;
    this.savedAt = Date.now();
  }

  /** Keeps the statements up to the first write end and of one xAPI version (one version header). */
  private cut(read: StoredStatement[]): StoredStatement[] {
    const batch: StoredStatement[] = [];
    for (const stored of read) {
      if (batch.length > 0 && versionHeader(stored.statement) !== versionHeader(batch[0].statement)) break;
      batch.push(stored);
      if (this.writeEnds.has(stored.position)) break;
    }
    return batch;
  }

  private async deliverWithRetries(batch: StoredStatement[]): Promise<boolean> {
    const built = await deliveryBody(batch.map((s) => s.statement), this.deps.attachments);
    const body = this.deps.editBody ? this.deps.editBody(built) : built;
    const version = versionHeader(batch[0].statement);
    const span = `${batch.length} statement(s) at ${batch[0].position}..${batch[batch.length - 1].position}`;
    const attempts = this.entry.max_retries + 1;
    try {
      for (this.attempt = 1; this.attempt <= attempts; this.attempt++) {
        const outcome = await attemptDelivery(this.entry, body, version, this.deps.dispatcher, this.deps.closing);
        if (this.deps.closing.aborted) return false;
        if (outcome.ok) {
          this.lastError = undefined;
          return true;
        }
        this.lastError = outcome.reason;
        const last = this.attempt === attempts || !outcome.retryable;
        if (last) {
          this.deps.log(`forwarding: ${describe(this.entry)}: gave up on ${span} after ${this.attempt} attempt(s): ${outcome.reason}`);
          return false;
        }
        const wait = this.delay(this.attempt);
        this.deps.log(`forwarding: ${describe(this.entry)}: attempt ${this.attempt}/${attempts} for ${span} failed (${outcome.reason}); retrying in ${wait} ms`);
        await this.pause(wait);
        if (this.deps.closing.aborted) return false;
      }
      return false;
    } finally {
      this.attempt = 0;
    }
  }

  private delay(retry: number): number {
    const full = Math.min(this.deps.backoff.baseMs * 2 ** (retry - 1), this.deps.backoff.maxMs);
    return Math.round(full / 2 + (Math.random() * full) / 2);
  }

  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.deps.closing }).catch(() => {});
  }
}

/** The header for a stored statement: its `version` property says which xAPI version wrote it. */
function versionHeader(statement: Record<string, unknown>): string {
  return typeof statement.version === 'string' && statement.version.startsWith('2.') ? '2.0.0' : '1.0.3';
}

/** A target as logs name it: statements URL and username, never the password. */
function describe(entry: ForwardingEntry): string {
  return `target ${statementsUrl(entry)} (user ${entry.basic_username})`;
}
