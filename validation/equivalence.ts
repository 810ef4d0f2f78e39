// "Statement Comparision Requirements" (Data 2.3.1): "Differences which could have been caused by
// exceptions to Statement immutability MUST be ignored"; any other difference counts. The
// exceptions: LRS-assigned id / authority / stored / timestamp / version; Activity Definitions,
// Verb "display" and Attachments (not part of the Statement); timestamp serialization (same instant, other zone,
// precision of at least milliseconds); order of Group members; case-insensitive values (email
// domain, UUID hex, language tags, sha1 hex); contextActivities returned as arrays (2.4.6.2);
// numbers kept with at least IEEE 754 32-bit precision (2.2); durations compared to 0.01 s (4.6).
import { durationsEqual, normalizeTimestamp } from './predicates.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface EquivalenceOptions {
  /** Also compare Verb "display" and Activity Definitions, as `format=exact` returns them
   *  unchanged. Default false: the spec says they are not part of the Statement. */
  exact?: boolean;
}

/** True when a and b are "the same Statement" under the spec's comparison rules. */
export function statementsEquivalent(a: unknown, b: unknown, options: EquivalenceOptions = {}): boolean {
  if (!isObject(a) || !isObject(b)) return false;
  const [ca, cb] = [canonicalStatement(a, options, true), canonicalStatement(b, options, true)];
  // Properties an LRS assigns when missing: compared only when both sides have them. Attachments
  // "are not part of Statements" (2.3.1.b6): their metadata is compared only when both have it.
  for (const key of ['id', 'timestamp', 'version', 'attachments']) {
    if (ca[key] === undefined || cb[key] === undefined) {
      delete ca[key];
      delete cb[key];
    }
  }
  return deepEqual(ca, cb, '');
}

function canonicalStatement(s: Json, options: EquivalenceOptions, topLevel: boolean): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(s)) {
    switch (key) {
      case 'stored':
      case 'authority':
        if (!topLevel) out[key] = value; // a SubStatement with these is invalid anyway
        break;
      case 'id':
        out.id = typeof value === 'string' ? value.toLowerCase() : value;
        break;
      case 'timestamp':
        out.timestamp = instant(value);
        break;
      case 'actor':
        out.actor = canonicalActor(value);
        break;
      case 'verb':
        out.verb = isObject(value) && !options.exact ? { id: value.id } : canonicalLanguageMaps(value);
        break;
      case 'object':
        out.object = canonicalObject(value, options);
        break;
      case 'context':
        out.context = canonicalContext(value, options);
        break;
      case 'attachments':
        out.attachments = Array.isArray(value) ? value.map(canonicalLanguageMaps) : value;
        break;
      default:
        out[key] = value;
    }
  }
  return out;
}

function instant(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    const normalized = normalizeTimestamp(value);
    // Milliseconds since the epoch with the sub-millisecond digits as a fraction.
    const fraction = normalized.slice(20, -1);
    return { instant: Date.parse(`${normalized.slice(0, 19)}Z`) + Number(`0.${fraction}`) * 1000 };
  } catch {
    return value;
  }
}

function canonicalActor(actor: unknown): unknown {
  if (!isObject(actor)) return actor;
  const out: Json = { ...actor };
  if (out.objectType === undefined) out.objectType = 'Agent';
  if (typeof out.mbox === 'string') out.mbox = canonicalMbox(out.mbox);
  if (typeof out.mbox_sha1sum === 'string') out.mbox_sha1sum = out.mbox_sha1sum.toLowerCase();
  if (Array.isArray(out.member)) {
    out.member = out.member.map(canonicalActor).sort((x, y) => (stableKey(x) < stableKey(y) ? -1 : 1));
  }
  return out;
}

/** The scheme and the domain of an email address are case insensitive (Data 2.4.2.3). */
function canonicalMbox(mbox: string): string {
  const at = mbox.lastIndexOf('@');
  if (at === -1) return mbox;
  const local = mbox.slice(0, at).replace(/^mailto:/i, 'mailto:');
  return `${local}@${mbox.slice(at + 1).toLowerCase()}`;
}

function canonicalActivity(activity: unknown, options: EquivalenceOptions): unknown {
  if (!isObject(activity)) return activity;
  const out: Json = { objectType: 'Activity', id: activity.id };
  if (options.exact && activity.definition !== undefined) out.definition = canonicalLanguageMaps(activity.definition);
  for (const key of Object.keys(activity)) if (!['objectType', 'id', 'definition'].includes(key)) out[key] = activity[key];
  if (activity.objectType !== undefined && activity.objectType !== 'Activity') out.objectType = activity.objectType;
  return out;
}

function canonicalObject(object: unknown, options: EquivalenceOptions): unknown {
  if (!isObject(object)) return object;
  switch (object.objectType) {
    case 'Agent':
    case 'Group':
      return canonicalActor(object);
    case 'StatementRef':
      return { ...object, id: typeof object.id === 'string' ? object.id.toLowerCase() : object.id };
    case 'SubStatement':
      return canonicalStatement(object, options, false);
    default:
      return canonicalActivity(object, options);
  }
}

function canonicalContext(context: unknown, options: EquivalenceOptions): unknown {
  if (!isObject(context)) return context;
  const out: Json = { ...context };
  if (typeof out.registration === 'string') out.registration = out.registration.toLowerCase();
  if (typeof out.language === 'string') out.language = out.language.toLowerCase();
  if (out.instructor !== undefined) out.instructor = canonicalActor(out.instructor);
  if (out.team !== undefined) out.team = canonicalActor(out.team);
  if (isObject(out.statement) && typeof out.statement.id === 'string') out.statement = { ...out.statement, id: out.statement.id.toLowerCase() };
  if (isObject(out.contextActivities)) {
    const activities: Json = {};
    for (const [key, value] of Object.entries(out.contextActivities)) {
      const list = Array.isArray(value) ? value : [value];
      activities[key] = list.map((a) => canonicalActivity(a, options));
    }
    out.contextActivities = activities;
  }
  for (const key of ['contextAgents', 'contextGroups'] as const) {
    const list = out[key];
    if (Array.isArray(list)) {
      out[key] = list.map((c) =>
        isObject(c) ? { ...c, ...(c.agent ? { agent: canonicalActor(c.agent) } : {}), ...(c.group ? { group: canonicalActor(c.group) } : {}) } : c,
      );
    }
  }
  return out;
}

const LANGUAGE_MAP_KEYS = new Set(['display', 'name', 'description']);

/** Lowercases language tags (case insensitive per RFC 5646) in display/name/description maps. */
function canonicalLanguageMaps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalLanguageMaps);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (LANGUAGE_MAP_KEYS.has(key) && isObject(v)) {
      out[key] = Object.fromEntries(Object.entries(v).map(([tag, text]) => [tag.toLowerCase(), text]));
    } else if (key === 'extensions') out[key] = v;
    else out[key] = canonicalLanguageMaps(v);
  }
  return out;
}

function stableKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

/** Structural equality with the comparison rules for numbers, durations and timestamps.
 *  Iterative, so that deeply nested extension values cannot exhaust the stack. */
function deepEqual(left: unknown, right: unknown, rootKey: string): boolean {
  const stack: [unknown, unknown, string][] = [[left, right, rootKey]];
  while (stack.length > 0) {
    const [a, b, key] = stack.pop()!;
    if (a === b) continue;
    if (typeof a === 'number' && typeof b === 'number') {
      if (Math.fround(a) !== Math.fround(b)) return false;
    } else if (key === 'duration' && typeof a === 'string' && typeof b === 'string') {
      if (!durationsEqual(a, b)) return false;
    } else if (key === 'timestamp' && isObject(a) && isObject(b) && typeof a.instant === 'number' && typeof b.instant === 'number') {
      // Either side may have been truncated or rounded to milliseconds (Data 4.5.s1.b7).
      if (Math.abs(a.instant - b.instant) >= 1) return false;
    } else if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) stack.push([a[i], b[i], key]);
    } else if (isObject(a) && isObject(b)) {
      const ka = Object.keys(a).filter((k) => a[k] !== undefined);
      const kb = Object.keys(b).filter((k) => b[k] !== undefined);
      if (ka.length !== kb.length) return false;
      for (const k of ka) {
        if (!(k in b)) return false;
        stack.push([a[k], b[k], k]);
      }
    } else return false;
  }
  return true;
}
