// Format predicates for xAPI values (Data 4.x). Each one grades leniently where the spec allows
// a form, because a false rejection by the reference LRS would make the suites wrong.
import { parse as parseLanguageTag } from 'bcp-47';
import type { XapiVersion } from '../harness/check.js';

// IRI (RFC 3987), best effort as Data 2.2.s4.b6 allows: an absolute IRI with a scheme
// ("containing IRL or IRI values without a scheme" MUST be rejected), no whitespace, controls or
// characters RFC 3987 excludes everywhere, well-formed percent-escapes, at most one fragment.
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
// eslint-disable-next-line no-control-regex
const IRI_FORBIDDEN = /[\u0000-\u0020\u007f-\u009f<>"{}|\\^`\ud800-\udfff\ufff0-\uffff]/u;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;

export function isIri(value: unknown): value is string {
  if (typeof value !== 'string' || !SCHEME.test(value)) return false;
  if (IRI_FORBIDDEN.test(value) || BAD_PERCENT.test(value)) return false;
  const hash = value.indexOf('#');
  return hash === -1 || value.indexOf('#', hash + 1) === -1;
}

/** An IRL is an IRI meant to be resolvable: same form. */
export const isIrl = isIri;

/** A URI (RFC 3986) is an IRI restricted to ASCII (openid). */
export function isUri(value: unknown): value is string {
  return isIri(value) && /^[\x21-\x7e]*$/.test(value);
}

// "mbox: The required format is 'mailto:email address'" (Data 2.4.2.3). The scheme is matched
// case-insensitively as RFC 3986 says schemes are; the address needs a local part and a domain.
const MAILTO = /^mailto:[^@\s<>"]+@[^@\s<>"]+$/i;
export function isMailtoIri(value: unknown): value is string {
  return typeof value === 'string' && MAILTO.test(value) && isIri(value);
}

/** mbox_sha1sum: "The hex-encoded SHA1 hash of a mailto IRI" (40 hex digits, either case). */
export function isSha1(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-fA-F]{40}$/.test(value);
}

/** Attachment sha2: hex SHA-224, SHA-256, SHA-384 or SHA-512 digest. */
export function isSha2(value: unknown): value is string {
  return typeof value === 'string' && /^(?:[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$/.test(value);
}

// "UUIDs MUST be in the standard string form. It is recommended variant 2 in RFC 4122 is used"
// (Data 4.4): the variant is only a recommendation, so any version/variant digits are accepted.
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

// Internet Media Type (RFC 2046 / RFC 6838): type "/" subtype, optional parameters. Matched one piece at a
// time (sticky regexes, a loop over quoted strings): one regex with a repeated group over a multi-megabyte
// value overflows the regex engine's backtrack stack (RangeError).
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const TYPE_AND_SUBTYPE = new RegExp(`${TOKEN}/${TOKEN}`, 'y');
const PARAMETER_NAME = new RegExp(`[ \\t]*;[ \\t]*${TOKEN}=`, 'y');
const TOKEN_VALUE = new RegExp(TOKEN, 'y');
const TRAILING_SPACE = /[ \t]*$/y;
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/** Index just after the sticky regex's match at `from`, or -1. */
function stickyEnd(regex: RegExp, text: string, from: number): number {
  regex.lastIndex = from;
  return regex.test(text) ? regex.lastIndex : -1;
}

/** Index just after the quoted-string ("...", backslash escapes) starting at `from`, or -1. */
function quotedStringEnd(text: string, from: number): number {
  for (let at = from + 1; at < text.length; at++) {
    const c = text[at]!;
    if (c === '"') return at + 1;
    if (c === '\\' && (++at >= text.length || LINE_TERMINATOR.test(text[at]!))) return -1;
  }
  return -1;
}

export function isMediaType(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  let at = stickyEnd(TYPE_AND_SUBTYPE, value, 0);
  for (let name = stickyEnd(PARAMETER_NAME, value, at); at !== -1 && name !== -1; name = stickyEnd(PARAMETER_NAME, value, at)) {
    at = value[name] === '"' ? quotedStringEnd(value, name) : stickyEnd(TOKEN_VALUE, value, name);
  }
  return at !== -1 && stickyEnd(TRAILING_SPACE, value, at) === value.length;
}

// RFC 5646 well-formedness (the spec: "MUST at least validate that the sequence of token lengths
// for language map keys matches the RFC 5646 standard"); registry validity is not required.
const languageTagCache = new Map<string, boolean>();
export function isLanguageTag(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  let known = languageTagCache.get(value);
  if (known === undefined) {
    const tag = parseLanguageTag(value, { normalize: false });
    known = Boolean(tag.language || tag.irregular || tag.regular || tag.privateuse.length > 0);
    if (languageTagCache.size > 10_000) languageTagCache.clear();
    // Only tag-sized strings: a cache of hostile multi-megabyte keys would hold their memory.
    if (value.length <= 256) languageTagCache.set(value, known);
  }
  return known;
}

/** Statement "version" (Data 2.4.10): "An LRS MUST accept all Statements where their version
 *  starts with `1.0.`" (Semantic Versioning 1.0.0, so a pre-release suffix is allowed), and
 *  XAPI-00101 also accepts "1.0". For 2.0 "2.0.x" is accepted, and 1.0.x too, since "1.0.x
 *  statements may still be stored by an LRS that supports both" (2.0 delta). */
// The dot-separated pre-release identifiers are checked after the regex: a repeated group in it would
// overflow the regex engine's backtrack stack on a multi-megabyte value (RangeError).
const STATEMENT_VERSION = /^([12])\.0(\.\d+(?:-([0-9A-Za-z.-]+))?)?$/;
export function isStatementVersion(value: unknown, version: XapiVersion): value is string {
  if (typeof value !== 'string') return false;
  const m = STATEMENT_VERSION.exec(value);
  if (!m) return false;
  const preRelease = m[3];
  if (preRelease !== undefined && (preRelease.startsWith('.') || preRelease.endsWith('.') || preRelease.includes('..'))) return false;
  return m[1] === '1' || (version === '2.0.0' && m[2] !== undefined);
}

// ---------------------------------------------------------------- durations (Data 4.6)

// ISO 8601:2004 4.4.3.2 format with designators: PnYnMnDTnHnMnS or PnW; only the lowest-order
// component may carry a decimal fraction ("." or ","). The alternative format (P0003-01-...)
// is excluded. "P16559.14S" (seconds without "T") is accepted because the spec's own table of
// examples lists it as valid (Data 4.6.s2.table1.row2).
const NUM = '(\\d+(?:[.,]\\d+)?)';
const DURATION = new RegExp(
  `^P(?:${NUM}W|(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}D)?(?:T(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?|${NUM}S)$`,
);

export interface ParsedDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export function parseDuration(value: unknown): ParsedDuration | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DURATION.exec(value);
  if (!m) return undefined;
  // Groups 1..8: W | Y M D T H M S | S-without-T. At least one component; only the last one
  // present may carry a fraction; a "T" needs a time component after it.
  let last = 0;
  for (let i = 1; i <= 8; i++) {
    if (m[i] === undefined) continue;
    if (last && hasFraction(m[last]!)) return undefined;
    last = i;
  }
  if (!last || value.charCodeAt(value.length - 1) === 84 /* T */) return undefined;
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]!.replace(',', '.')));
  return { weeks: n(1), years: n(2), months: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) + n(8) };
}

function hasFraction(text: string): boolean {
  return text.indexOf('.') !== -1 || text.indexOf(',') !== -1;
}

export function isIso8601Duration(value: unknown): value is string {
  return parseDuration(value) !== undefined;
}

/** Canonical form for comparing durations "to 0.01 second precision" (Data 4.6.s1.b5, 2.0):
 *  components are kept apart (months and minutes do not convert) except that seconds are
 *  truncated to hundredths. Returns undefined for an invalid duration. */
export function durationKey(value: unknown): string | undefined {
  const d = parseDuration(value);
  if (!d) return undefined;
  const centis = Math.floor(Math.round(d.seconds * 1e6) / 1e4);
  return [d.years, d.months, d.weeks, d.days, d.hours, d.minutes, centis].join(',');
}

/** True when both are valid durations equal once precision beyond 0.01 s is ignored. */
export function durationsEqual(a: unknown, b: unknown): boolean {
  const ka = durationKey(a);
  return ka !== undefined && ka === durationKey(b);
}

// --------------------------------------------------------------- timestamps (Data 4.5)

// ISO 8601 combined date and time, extended (2013-05-18T05:32:34.123+00:00) or basic
// (20130518T053234Z) format; time may be reduced to hh or hh:mm; the zone is optional in 1.0.3
// ("SHOULD* include the time zone"). Lowercase t/z as RFC 3339 5.6 allows.
const EXTENDED =
  /^(\d{4})-(\d{2})-(\d{2})([Tt ])(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;
const BASIC = /^(\d{4})(\d{2})(\d{2})([Tt])(\d{2})(?:(\d{2})(?:(\d{2})(?:[.,](\d+))?)?)?(?:([Zz])|([+-])(\d{2})(\d{2})?)?$/;

interface TimestampParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: string;
  /** Offset in minutes east of UTC; undefined when the timestamp has no zone. */
  offset: number | undefined;
  negativeZero: boolean;
}

function parseTimestamp(text: string, allowSpace: boolean): TimestampParts | undefined {
  const m = EXTENDED.exec(text) ?? BASIC.exec(text);
  if (!m) return undefined;
  if (m[4] === ' ' && !allowSpace) return undefined;
  const year = +m[1]!;
  const month = +m[2]!;
  const day = +m[3]!;
  const hour = +m[5]!;
  const minute = m[6] === undefined ? 0 : +m[6];
  const second = m[7] === undefined ? 0 : +m[7];
  const fraction = m[8] ?? '';
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (minute > 59 || second > 60) return undefined;
  if (hour > 24 || (hour === 24 && (minute !== 0 || second !== 0 || /[1-9]/.test(fraction)))) return undefined;
  let offset: number | undefined;
  let negativeZero = false;
  if (m[9]) offset = 0;
  else if (m[10]) {
    const oh = +m[11]!;
    const om = m[12] === undefined ? 0 : +m[12];
    if (oh > 23 || om > 59) return undefined;
    offset = (m[10] === '-' ? -1 : 1) * (oh * 60 + om);
    negativeZero = m[10] === '-' && oh === 0 && om === 0;
  }
  return { year, month, day, hour, minute, second, fraction, offset, negativeZero };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A Timestamp per Data 4.5; for 2.0 also RFC 3339's space separator is allowed. An offset of -00,
 *  -0000 or -00:00 is invalid in both: ISO 8601 writes a zero offset as Z or with a plus sign (ADL's
 *  1.0.3 conformance suite rejects it under XAPI-00123), and the 2.0 delta says so explicitly. */
export function isTimestamp(text: unknown, version: XapiVersion): text is string {
  if (typeof text !== 'string') return false;
  const parts = parseTimestamp(text, version === '2.0.0');
  return parts !== undefined && !parts.negativeZero;
}

/** The same instant in UTC, "YYYY-MM-DDThh:mm:ss.sssZ" with the sub-millisecond digits kept
 *  when present (at least millisecond precision). A timestamp without a zone is read as UTC.
 *  Throws on an invalid timestamp. */
export function normalizeTimestamp(text: string): string {
  const p = parseTimestamp(text, true);
  if (!p) throw new RangeError(`not an ISO 8601 timestamp: ${text}`);
  const date = new Date(0);
  date.setUTCFullYear(p.year, p.month - 1, p.day); // setUTCFullYear keeps years below 100 as they are
  date.setUTCHours(p.hour, p.minute - (p.offset ?? 0), Math.min(p.second, 59), 0);
  const iso = date.toISOString(); // YYYY-MM-DDThh:mm:ss.000Z
  const digits = (p.fraction + '000').slice(0, Math.max(3, p.fraction.length));
  const leap = p.second === 60 ? '60' : iso.slice(17, 19);
  return `${iso.slice(0, 17)}${leap}.${digits}Z`;
}
