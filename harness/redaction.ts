// What a report may hold: the run's own secrets never (an LRS may echo the Authorization header, a
// password or a token in a body, a header or an error message), and no single value of unbounded size.
import type { AuthMode } from './client.js';
import { basicAuthorization } from './client.js';

const REDACTED = '<redacted>';
/** Shorter values are too likely to occur by chance in a body to be replaced everywhere. */
const MIN_SECRET_CHARS = 4;
/** Longest string, and longest expected/actual as JSON, kept in a result. */
export const REPORT_VALUE_CHARS = 64 * 1024;

export interface RunCredentials {
  auth: AuthMode;
  extraHeaders: Record<string, string>;
  credentials: Partial<Record<string, { username: string; password: string }>>;
}

/** The password the auth checks send to be refused (derived from the real one, so it is redacted too). */
export const wrongPassword = (password: string): string => `${password}-wrong`;

/** The secrets of a run as they may appear on the wire: passwords, user:password, its base64, tokens, --header values. */
export function runSecrets(run: RunCredentials): string[] {
  const basics = Object.values(run.credentials).filter((c): c is { username: string; password: string } => c !== undefined);
  if (run.auth.kind === 'basic') basics.push(run.auth, { username: run.auth.username, password: wrongPassword(run.auth.password) });
  const secrets = basics.flatMap(({ username, password }) => [password, `${username}:${password}`, basicAuthorization(username, password).slice('Basic '.length)]);
  if (run.auth.kind === 'bearer' || run.auth.kind === 'token') secrets.push(run.auth.token);
  secrets.push(...Object.values(run.extraHeaders));
  // Longest first, so that a password inside "user:password" does not leave the user name's half behind.
  return [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_CHARS).sort((a, b) => b.length - a.length);
}

export function redactText(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** Every string in `value`, redacted and cut to REPORT_VALUE_CHARS. */
export function sanitize<T>(value: T, secrets: string[]): T {
  if (typeof value === 'string') return capText(redactText(value, secrets)) as T;
  if (Array.isArray(value)) return value.map((v) => sanitize(v, secrets)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, sanitize(v, secrets)])) as T;
  }
  return value;
}

function capText(text: string): string {
  return text.length <= REPORT_VALUE_CHARS ? text : `${text.slice(0, REPORT_VALUE_CHARS)}… [cut: ${text.length} characters in all]`;
}

/** A JSON value larger than REPORT_VALUE_CHARS becomes the start of its JSON text, with its size. */
export function capJsonValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  if (text === undefined || text.length <= REPORT_VALUE_CHARS) return value;
  return capText(text);
}
