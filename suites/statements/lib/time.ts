// Exact comparison of the target's own timestamps (no local clock): an ISO 8601 combined date and
// time becomes nanoseconds since the epoch, keeping sub-millisecond digits that Date drops.
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** Nanoseconds since the epoch, or undefined when the text is not an extended-format date-time with a zone. */
export function instantNs(text: string): bigint | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', zone] = m;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${zone!.toUpperCase() === 'Z' ? 'Z' : normalizeZone(zone!)}`);
  if (Number.isNaN(ms)) return undefined;
  const nanos = BigInt((fraction + '000000000').slice(0, 9));
  return BigInt(ms) * 1_000_000n + nanos;
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
