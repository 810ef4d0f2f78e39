// Is the statement an LRS returned "the same" as the one we sent? The spec's comparison rules
// (Data 2.3.1 Statement Immutability and its exceptions, 4.5 Timestamps, 4.6 Durations,
// 2.2.s4.b3 float32 number precision, 2.4.6.2 contextActivities arrays, 2.4.2.2 unordered members),
// implemented permissively wherever the spec lets an LRS vary: a false failure is the worst bug.
import type { XapiVersion } from '../../harness/check.js';

export interface Difference {
  path: string;
  expected: unknown;
  actual: unknown;
  why: string;
}

export interface Comparison {
  differences: Difference[];
  /** Variations the spec discourages but does not forbid (graded warning, never failure). */
  warnings: string[];
}

/** Fields the LRS assigns (2.3.1.b1); compared only when we sent them. */
const LRS_SET = new Set(['id', 'authority', 'stored', 'timestamp', 'version']);
const IFI_KEYS = ['mbox', 'mbox_sha1sum', 'openid', 'account'];

export function compareStatements(sent: Record<string, any>, got: unknown, version: XapiVersion): Comparison {
  const out: Comparison = { differences: [], warnings: [] };
  if (!isObject(got)) {
    out.differences.push({ path: '', expected: 'a Statement object', actual: got, why: 'not a JSON object' });
    return out;
  }
  compareNode(withArrayContextActivities(sent), got, '', out, version);
  return out;
}

function compareNode(sent: unknown, got: unknown, path: string, out: Comparison, version: XapiVersion): void {
  const key = path.split('.').pop() ?? '';
  if (isObject(sent)) {
    if (!isObject(got)) return diff(out, path, sent, got, 'expected an object');
    for (const [k, v] of Object.entries(sent)) {
      const p = path ? `${path}.${k}` : k;
      if (!(k in got)) {
        if (k === 'attachments' && path === '') continue; // 2.3.1.b6: attachments may be left out on return
        diff(out, p, v, undefined, 'missing from the returned statement');
        continue;
      }
      compareNode(v, got[k], p, out, version);
    }
    for (const k of Object.keys(got)) {
      if (k in sent) continue;
      const p = path ? `${path}.${k}` : k;
      if (path === '' && LRS_SET.has(k)) continue;
      if (k === 'objectType' && impliedObjectType(sent, path) === got[k]) continue; // the default made explicit
      diff(out, p, undefined, got[k], 'present in the returned statement but not sent');
    }
    return;
  }
  if (Array.isArray(sent)) {
    if (!Array.isArray(got)) return diff(out, path, sent, got, 'expected an array');
    if (got.length !== sent.length) return diff(out, path, sent, got, `expected ${sent.length} item(s), got ${got.length}`);
    if (key === 'member') return compareUnordered(sent, got, path, out, version); // 2.3.1.b5: members are unordered
    sent.forEach((v, i) => compareNode(v, got[i], `${path}[${i}]`, out, version));
    return;
  }
  if (typeof sent === 'number') {
    if (typeof got !== 'number' || !(got === sent || Math.fround(got) === Math.fround(sent))) diff(out, path, sent, got, 'number differs beyond IEEE 754 single precision (2.2.s4.b3)');
    return;
  }
  if (typeof sent === 'string' && (path === 'timestamp' || path === 'object.timestamp')) return compareTimestamp(sent, got, path, out, version);
  if (typeof sent === 'string' && path.endsWith('result.duration')) return compareDuration(sent, got, path, out);
  if (sent !== got) diff(out, path, sent, got, 'value differs');
}

function compareUnordered(sent: unknown[], got: unknown[], path: string, out: Comparison, version: XapiVersion): void {
  const unused = got.map((_, i) => i);
  for (const [i, item] of sent.entries()) {
    const match = unused.findIndex((j) => {
      const probe: Comparison = { differences: [], warnings: [] };
      compareNode(item, got[j], `${path}[${i}]`, probe, version);
      return probe.differences.length === 0;
    });
    if (match === -1) diff(out, `${path}[${i}]`, item, got, 'no matching member in the returned group');
    else unused.splice(match, 1);
  }
}

/** objectType an LRS may add without changing meaning: Agent for IFI-identified agents, Activity for activities. */
function impliedObjectType(sent: Record<string, any>, path: string): string | undefined {
  if ('objectType' in sent) return undefined;
  if (IFI_KEYS.some((k) => k in sent) && !('member' in sent)) return 'Agent';
  const last = path.split('.').pop() ?? '';
  if ('id' in sent && (last === 'object' || /contextActivities\.\w+\[\d+\]$/.test(path))) return 'Activity';
  return undefined;
}

/** 2.4.6.2.s4.b3: every contextActivities value comes back as an array. */
function withArrayContextActivities(s: Record<string, any>): Record<string, any> {
  const copy = structuredClone(s);
  const fix = (st: any) => {
    const ca = st?.context?.contextActivities;
    if (ca) for (const k of Object.keys(ca)) if (!Array.isArray(ca[k])) ca[k] = [ca[k]];
    if (st?.object?.objectType === 'SubStatement') fix(st.object);
  };
  fix(copy);
  return copy;
}

// ---------------------------------------------------------------- timestamps

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Nanoseconds since the epoch, or undefined; `zoned` tells whether an offset was given. */
export function parseInstant(text: string): { ns: bigint; fractionDigits: number; zoned: boolean } | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', zone] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return undefined;
  let ns = BigInt(ms) * 1_000_000n + BigInt((frac + '000000000').slice(0, 9));
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1n : 1n;
    const digits = zone.slice(1).replace(':', '');
    const minutes = BigInt(Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
    ns -= sign * minutes * 60_000_000_000n;
  }
  return { ns, fractionDigits: frac.length, zoned: zone !== undefined };
}

function compareTimestamp(sent: string, got: unknown, path: string, out: Comparison, version: XapiVersion): void {
  if (typeof got !== 'string') return diff(out, path, sent, got, 'timestamp is not a string');
  const a = parseInstant(sent);
  const b = parseInstant(got);
  if (!b) return diff(out, path, sent, got, 'returned timestamp is not an ISO 8601 / RFC 3339 date-time');
  if (!a || !a.zoned) return; // no offset sent (1.0.3 only): the instant is the LRS's interpretation
  const delta = a.ns > b.ns ? a.ns - b.ns : b.ns - a.ns;
  // 4.5.s1.b3/b7: at least millisecond precision; MAY truncate or round beyond it.
  const allowed = a.fractionDigits <= 3 ? 0n : 1_000_000n;
  if (delta > allowed || (allowed > 0n && delta === allowed)) {
    diff(out, path, sent, got, `a different point in time (${delta} ns apart; only precision beyond milliseconds may be lost)`);
  }
  if (version === '2.0.0' && b.zoned && !/(Z|z|[+-]00:?00)$/.test(got)) out.warnings.push(`${path}: 2.0 expects timestamps converted to UTC; got ${got}`);
}

// ---------------------------------------------------------------- durations

const DURATION = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Hundredths of a second, truncated (4.6.s1.b4/b5: precision beyond 0.01 s may be dropped and is not compared). */
function centiseconds(s: string): bigint {
  const [int, frac = ''] = s.split('.');
  return BigInt(int) * 100n + BigInt((frac + '00').slice(0, 2));
}

function compareDuration(sent: string, got: unknown, path: string, out: Comparison): void {
  if (got === sent) return;
  const a = DURATION.exec(sent);
  const b = typeof got === 'string' ? DURATION.exec(got) : null;
  if (!a || !b) return diff(out, path, sent, got, 'duration differs (durations compare as strings, 2.3.1.b8)');
  for (let i = 1; i <= 6; i++) {
    if ((a[i] === undefined) !== (b[i] === undefined) || (a[i] !== undefined && Number(a[i]) !== Number(b[i]))) {
      return diff(out, path, sent, got, 'duration differs (durations compare as strings, 2.3.1.b8; only precision beyond 0.01 s may be dropped)');
    }
  }
  if ((a[7] === undefined) !== (b[7] === undefined)) return diff(out, path, sent, got, 'duration seconds component added or dropped');
  if (a[7] === undefined) return;
  const d = centiseconds(a[7]) - centiseconds(b[7]!);
  if (d === 0n) return;
  if (d === 1n || d === -1n) {
    out.warnings.push(`${path}: duration ${sent} came back as ${String(got)} (rounded rather than truncated to 0.01 s)`);
    return;
  }
  diff(out, path, sent, got, 'duration differs beyond 0.01 s precision (4.6)');
}

function diff(out: Comparison, path: string, expected: unknown, actual: unknown, why: string): void {
  out.differences.push({ path: path || '(statement)', expected, actual, why });
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
