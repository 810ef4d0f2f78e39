// Exact comparison of the target's own timestamps (no local clock): an ISO 8601 combined date and
// time becomes nanoseconds since the epoch, keeping sub-millisecond digits that Date drops.
import type { CheckContext } from '../../../harness/context.js';

const EXTENDED_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)$/i;
// 1.0.3 also allows ISO 8601 basic format (XAPI-00123) and a missing zone (4.5.s1.b4 is SHOULD*).
const EXTENDED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)?$/i;

/**
 * Nanoseconds since the epoch, or undefined when the text is not an ISO 8601 combined date and time
 * (extended or basic format). A missing zone is read as UTC.
 */
export function instantNs(text: string): bigint | undefined {
  const m = EXTENDED.exec(text) ?? BASIC.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', zone = 'Z'] = m;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone.toUpperCase() === 'Z' ? 'Z' : normalizeZone(zone)}`);
  if (Number.isNaN(ms)) return undefined;
  const nanos = BigInt((fraction + '000000000').slice(0, 9));
  return BigInt(ms) * 1_000_000n + nanos;
}

const TIMESTAMP_FORM =
  'A Timestamp MUST be formatted according to ISO 8601. A Timestamp SHOULD* be expressed using the format described in RFC 3339 ... A Timestamp SHOULD* include the time zone. (XAPI-00123: ISO 8601 Extended or ISO 8601 Basic)';

/**
 * A timestamp the LRS returned: it MUST be an ISO 8601 date-time. Extended format with a zone is only
 * SHOULD* under 1.0.3 (a warning); 2.0 timestamps follow RFC 3339, so there it is required, unless
 * `formWarnsOn2` (values the 2.0 delta does not name, such as the Consistent-Through header).
 */
export function expectTimestamp(ctx: CheckContext, text: unknown, what: string, formWarnsOn2 = false): bigint {
  const ns = typeof text === 'string' ? instantNs(text) : undefined;
  ctx.expect.ok(ns !== undefined, `${what} is an ISO 8601 combined date and time`, { expected: 'e.g. 2024-05-01T12:00:00.000Z', actual: text });
  if (!EXTENDED_WITH_ZONE.test(text as string)) {
    if (ctx.version === '1.0.3' || formWarnsOn2) ctx.warn(`${what} ${String(text)} is not in ISO 8601 extended format with a time zone`, TIMESTAMP_FORM);
    else ctx.expect.fail(`${what} is an RFC 3339 date-time with a zone (2.0)`, { expected: 'e.g. 2024-05-01T12:00:00.000Z', actual: text });
  }
  return ns;
}

function normalizeZone(zone: string): string {
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${(digits.slice(2) || '00').padEnd(2, '0')}`;
}

/** Compares two timestamps by the instant they denote: negative, zero or positive. */
export function compareInstants(a: string, b: string): number {
  const x = instantNs(a);
  const y = instantNs(b);
  if (x === undefined || y === undefined) throw new Error(`not comparable timestamps: ${a} / ${b}`);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when the text ends in a UTC designator (Z or +00:00 / +0000 / +00). */
export function isUtc(text: string): boolean {
  return /(?:Z|\+00(?::?00)?)$/i.test(text);
}

/** An instant shifted by whole milliseconds, in UTC, e.g. to build a "slightly future" timestamp from the target's own time. */
export function shiftedIso(text: string, deltaMs: number): string {
  const ns = instantNs(text);
  if (ns === undefined) throw new Error(`not a timestamp: ${text}`);
  return new Date(Number(ns / 1_000_000n) + deltaMs).toISOString();
}
