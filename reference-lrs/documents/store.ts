// Durable document storage for the State, Activity Profile and Agent Profile resources.
// On disk: <dataDir>/documents/<sha256 of the document key>.doc, one file per document, holding a
// one-line JSON header (address, content type, ETag, last update) then the raw content bytes. Each file
// is replaced atomically (temp file, fsync, rename, fsync of the folder), so a GET always reads a header
// and content that belong together and a crash never leaves half a document. An in-memory index of
// the headers, rebuilt at start, answers id listings, `since` filters and preconditions.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyedLock } from './lock.js';
import { removeFileDurably, TEMP_PREFIX, writeFileDurably } from '../durable.js';

export type DocumentKind = 'state' | 'activity-profile' | 'agent-profile';

/** Where a document lives: its resource, context and id. */
export interface DocumentAddress {
  kind: DocumentKind;
  activityId?: string;
  /** The agent parameter as given, kept for reference; documents are matched on agentKey. */
  agent?: Record<string, unknown>;
  /** The agent's inverse functional identifier in canonical form. */
  agentKey?: string;
  /** Lower-cased UUID; State only. */
  registration?: string;
  /** stateId or profileId. */
  id: string;
}

export interface DocumentMeta extends DocumentAddress {
  key: string;
  group: string;
  contentType: string;
  /** Hex SHA-1 of the content, unquoted. */
  etag: string;
  /** Epoch milliseconds of the last update. */
  updated: number;
}

export interface StoredDocument {
  meta: DocumentMeta;
  content: Buffer;
}

/** The documents of one Activity / Agent / Activity+Agent, optionally narrowed. */
export interface DocumentFilter {
  group: string;
  registration?: string;
  /** Only documents updated strictly after this epoch millisecond. */
  since?: number;
}

const FILE_SUFFIX = '.doc';

/** The set of documents that multiple-document GET and DELETE address (the registration narrows it further). */
export function groupOf(address: Pick<DocumentAddress, 'kind' | 'activityId' | 'agentKey'>): string {
  switch (address.kind) {
    case 'state':
      return JSON.stringify([address.kind, address.activityId, address.agentKey]);
    case 'activity-profile':
      return JSON.stringify([address.kind, address.activityId]);
    case 'agent-profile':
      return JSON.stringify([address.kind, address.agentKey]);
  }
}

export function keyOf(address: DocumentAddress): string {
  return JSON.stringify([groupOf(address), address.registration ?? null, address.id]);
}

export function etagOf(content: Uint8Array): string {
  return createHash('sha1').update(content).digest('hex');
}

export class DocumentStore {
  readonly lock = new KeyedLock();
  private readonly index = new Map<string, DocumentMeta>();
  private readonly groups = new Map<string, Set<string>>();

  private constructor(private readonly dir: string) {}

  static async open(dataDir: string): Promise<DocumentStore> {
    const store = new DocumentStore(join(dataDir, 'documents'));
    await mkdir(store.dir, { recursive: true });
    // Synchronous reads: before the server listens nothing else waits on the event loop, and per-file
    // latency through the thread pool would dominate startup with many small documents.
    for (const name of await readdir(store.dir)) {
      const path = join(store.dir, name);
      // Left behind by a crash before the rename: never acknowledged, so never visible.
      if (name.startsWith(TEMP_PREFIX)) await unlink(path).catch(() => undefined);
      else if (name.endsWith(FILE_SUFFIX)) store.remember(readHeaderOrExplain(path));
    }
    return store;
  }

  get size(): number {
    return this.index.size;
  }

  meta(key: string): DocumentMeta | undefined {
    return this.index.get(key);
  }

  async read(key: string): Promise<StoredDocument | undefined> {
    if (!this.index.has(key)) return undefined;
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // deleted meanwhile
      throw error;
    }
    const newline = bytes.indexOf(0x0a);
    return { meta: JSON.parse(bytes.subarray(0, newline).toString('utf8')) as DocumentMeta, content: bytes.subarray(newline + 1) };
  }

  /** Stores the document durably, then makes it visible. Callers hold `lock` for the key. */
  async write(address: DocumentAddress, contentType: string, content: Buffer): Promise<DocumentMeta> {
    const key = keyOf(address);
    const previous = this.index.get(key);
    // Strictly increasing per document, so every update has its own `updated` for `since`.
    const updated = Math.max(Date.now(), previous ? previous.updated + 1 : 0);
    const meta: DocumentMeta = { ...address, key, group: groupOf(address), contentType, etag: etagOf(content), updated };
    const header = Buffer.from(`${JSON.stringify(meta)}\n`, 'utf8');
    await writeFileDurably(this.pathOf(key), Buffer.concat([header, content]));
    this.remember(meta);
    return meta;
  }

  /** Deletes the document durably. Callers hold `lock` for the key. */
  async remove(key: string): Promise<boolean> {
    const meta = this.index.get(key);
    if (!meta) return false;
    await removeFileDurably(this.pathOf(key));
    this.index.delete(key);
    const members = this.groups.get(meta.group);
    members?.delete(key);
    if (members?.size === 0) this.groups.delete(meta.group);
    return true;
  }

  /** Documents of a group, oldest update first. */
  list(filter: DocumentFilter): DocumentMeta[] {
    const found: DocumentMeta[] = [];
    for (const key of this.groups.get(filter.group) ?? []) {
      const meta = this.index.get(key)!;
      if (filter.registration !== undefined && meta.registration !== filter.registration) continue;
      if (filter.since !== undefined && !(meta.updated > filter.since)) continue;
      found.push(meta);
    }
    return found.sort((a, b) => a.updated - b.updated || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async close(): Promise<void> {
    await this.lock.drain();
  }

  private remember(meta: DocumentMeta): void {
    this.index.set(meta.key, meta);
    let members = this.groups.get(meta.group);
    if (!members) this.groups.set(meta.group, (members = new Set()));
    members.add(meta.key);
  }

  private pathOf(key: string): string {
    return join(this.dir, `${createHash('sha256').update(key).digest('hex')}${FILE_SUFFIX}`);
  }
}

const headerChunk = Buffer.allocUnsafe(4096);

/** Files are only ever replaced whole, so an unreadable one was damaged from outside: say which. */
function readHeaderOrExplain(path: string): DocumentMeta {
  try {
    const meta = readHeader(path);
    if (typeof meta?.key !== 'string' || typeof meta.etag !== 'string') throw new Error('header lacks key or etag');
    return meta;
  } catch (error) {
    throw new Error(`document file ${path} is unreadable (${(error as Error).message}); move it out of the data folder to start`);
  }
}

/** Reads only the header line of a document file. */
function readHeader(path: string): DocumentMeta {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let position = 0;
    for (;;) {
      const bytesRead = readSync(fd, headerChunk, 0, headerChunk.length, position);
      if (bytesRead === 0) throw new Error(`${path}: document header has no end`);
      const newline = headerChunk.subarray(0, bytesRead).indexOf(0x0a);
      if (newline >= 0) {
        chunks.push(Buffer.from(headerChunk.subarray(0, newline)));
        return JSON.parse(Buffer.concat(chunks).toString('utf8')) as DocumentMeta;
      }
      chunks.push(Buffer.from(headerChunk.subarray(0, bytesRead)));
      position += bytesRead;
    }
  } finally {
    closeSync(fd);
  }
}
