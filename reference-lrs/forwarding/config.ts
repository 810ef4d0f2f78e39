// Forwarding configuration (Ralph LRS compatible): a JSON list of
// { is_active, url, basic_username, basic_password, max_retries, timeout }. Every key of every entry is
// required and type-checked; an invalid configuration must stop the LRS from starting, so errors name
// the entry index and the key (and never echo a password).
import type { ForwardingEntry } from '../options.js';

const KEYS = ['is_active', 'url', 'basic_username', 'basic_password', 'max_retries', 'timeout'] as const;
type Key = (typeof KEYS)[number];

export class ForwardingConfigError extends Error {
  constructor(message: string) {
    super(`Invalid forwarding configuration: ${message}`);
    this.name = 'ForwardingConfigError';
  }
}

/**
 * Validates a parsed forwarding configuration. A string is taken as the JSON text itself (the content of
 * `--forwardings FILE` or XAPI_CONFORM_FORWARDINGS). Throws ForwardingConfigError naming entry and key.
 */
export function parseForwardingConfig(json: unknown): ForwardingEntry[] {
  const value = typeof json === 'string' ? parseText(json) : json;
  if (!Array.isArray(value)) {
    throw new ForwardingConfigError(`expected a JSON list of forwarding entries, got ${describe(value)}`);
  }
  const entries = value.map((entry, index) => parseEntry(entry, index));
  const first = repeatedTarget(entries);
  if (first) {
    throw new ForwardingConfigError(`entry ${first[1]}: key "url" with the same basic_username repeats active entry ${first[0]}`);
  }
  return entries;
}

/** Two active entries for one target (URL and username) would share its durable cursor: [first, repeat]. */
export function repeatedTarget(entries: ForwardingEntry[]): [number, number] | undefined {
  const key = (e: ForwardingEntry) => `${e.url.replace(/\/+$/, '')}\n${e.basic_username}`;
  const seen = new Map<string, number>();
  for (const [index, entry] of entries.entries()) {
    if (!entry.is_active) continue;
    const earlier = seen.get(key(entry));
    if (earlier !== undefined) return [earlier, index];
    seen.set(key(entry), index);
  }
  return undefined;
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8's messages may quote the text, passwords included: keep only the position.
    const position = /position (\d+)/.exec((error as Error).message);
    throw new ForwardingConfigError(`not valid JSON${position ? ` (at character ${position[1]})` : ''}`);
  }
}

function parseEntry(entry: unknown, index: number): ForwardingEntry {
  const where = `entry ${index}`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new ForwardingConfigError(`${where}: expected an object, got ${describe(entry)}`);
  }
  const record = entry as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new ForwardingConfigError(`${where}: unknown key "${key}" (allowed: ${KEYS.join(', ')})`);
    }
  }
  for (const key of KEYS) {
    if (!(key in record)) throw new ForwardingConfigError(`${where}: missing required key "${key}"`);
  }
  const bad = (key: Key, expected: string): never => {
    const shown = key === 'basic_password' ? typeof record[key] : describe(record[key]);
    throw new ForwardingConfigError(`${where}: key "${key}" must be ${expected}, got ${shown}`);
  };

  if (typeof record.is_active !== 'boolean') bad('is_active', 'a boolean');
  if (typeof record.url !== 'string' || !isHttpUrl(record.url)) bad('url', 'an absolute http(s) URL');
  if (typeof record.basic_username !== 'string' || record.basic_username === '' || record.basic_username.includes(':')) {
    bad('basic_username', 'a non-empty string without ":"');
  }
  if (typeof record.basic_password !== 'string') bad('basic_password', 'a string');
  if (!Number.isSafeInteger(record.max_retries) || (record.max_retries as number) < 0) {
    bad('max_retries', 'a whole number >= 0');
  }
  if (typeof record.timeout !== 'number' || !Number.isFinite(record.timeout) || record.timeout <= 0) {
    bad('timeout', 'a number of seconds > 0');
  }
  return {
    is_active: record.is_active as boolean,
    url: record.url as string,
    basic_username: record.basic_username as string,
    basic_password: record.basic_password as string,
    max_retries: record.max_retries as number,
    timeout: record.timeout as number,
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
