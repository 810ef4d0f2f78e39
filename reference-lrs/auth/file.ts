// The credentials file (`--auth-file`, written by `xapi-conform auth add`): a JSON list of
// { "username", "hash" (bcrypt), "scopes": [...], "agent"?: {...} }, the layout of Ralph LRS's auth file.
import { readFile } from 'node:fs/promises';
import type { Scope } from '../options.js';
import { writeFileDurably } from '../durable.js';
import { validateActor } from '../../validation/index.js';

export const SCOPES: readonly Scope[] = [
  'statements/write',
  'statements/read',
  'statements/read/mine',
  'all/read',
  'all',
  'state',
  'define',
  'profile',
];

export interface AuthFileEntry {
  username: string;
  hash: string;
  scopes: Scope[];
  agent?: Record<string, unknown>;
}

const BCRYPT_HASH = /^\$2[abxy]\$\d{2}\$[./A-Za-z0-9]{53}$/;

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

/** Checks the parsed file; throws an Error naming the entry index and key at fault. */
export function parseAuthEntries(json: unknown, source = 'auth file'): AuthFileEntry[] {
  if (!Array.isArray(json)) throw new Error(`${source}: expected a JSON list of credentials`);
  const seen = new Set<string>();
  return json.map((entry, index) => {
    const where = `${source}: entry ${index}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new Error(`${where}: not an object`);
    const { username, hash, scopes, agent } = entry as Record<string, unknown>;
    if (typeof username !== 'string') throw new Error(`${where}: "username" must be a string`);
    if (seen.has(username)) throw new Error(`${where}: "username" ${JSON.stringify(username)} appears twice`);
    seen.add(username);
    if (typeof hash !== 'string' || !BCRYPT_HASH.test(hash)) throw new Error(`${where}: "hash" must be a bcrypt hash`);
    if (!Array.isArray(scopes) || scopes.length === 0) throw new Error(`${where}: "scopes" must be a non-empty list`);
    for (const scope of scopes) {
      if (!isScope(scope)) throw new Error(`${where}: "scopes" has unknown scope ${JSON.stringify(scope)} (known: ${SCOPES.join(', ')})`);
    }
    if (agent !== undefined) {
      // It becomes the authority of statements, so it must be a valid Agent or Group.
      const issues = validateActor(agent, '1.0.3');
      if (issues.length > 0) {
        throw new Error(`${where}: "agent" is not a valid Agent or Group (${issues.map((i) => `${i.path || '/'} ${i.message}`).join('; ')})`);
      }
    }
    const result: AuthFileEntry = { username, hash, scopes: [...scopes] as Scope[] };
    if (agent !== undefined) result.agent = agent as Record<string, unknown>;
    return result;
  });
}

/** Reads and checks the file; a missing file reads as an empty list when `missingOk`. */
export async function readAuthFile(path: string, missingOk = false): Promise<AuthFileEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (missingOk && (error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return parseAuthEntries(json, path);
}

/** Writes the whole file atomically and durably, readable by its owner only (it holds hashes). */
export async function writeAuthFile(path: string, entries: AuthFileEntry[]): Promise<void> {
  await writeFileDurably(path, `${JSON.stringify(entries, null, 2)}\n`, 0o600);
}

/** Adds the user, or replaces the entry of that name. Returns whether an entry was replaced. */
export async function upsertAuthEntry(path: string, entry: AuthFileEntry): Promise<boolean> {
  parseAuthEntries([entry], 'new entry');
  const entries = await readAuthFile(path, true);
  const index = entries.findIndex((existing) => existing.username === entry.username);
  if (index >= 0) entries[index] = entry;
  else entries.push(entry);
  await writeAuthFile(path, entries);
  return index >= 0;
}

/** Removes the user; returns false when there was no such user (the file is then left as it was). */
export async function removeAuthEntry(path: string, username: string): Promise<boolean> {
  const entries = await readAuthFile(path);
  const kept = entries.filter((entry) => entry.username !== username);
  if (kept.length === entries.length) return false;
  await writeAuthFile(path, kept);
  return true;
}
