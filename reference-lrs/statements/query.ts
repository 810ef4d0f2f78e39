// GET /statements as a query (Communication 2.1.3): parameter checks, filtering through the indexes,
// StatementRef targeting (2.1.3 "Filter Conditions for StatementRefs"), voided statements left out (2.1.4),
// and `more` paging over a fixed snapshot: the snapshot is the stored position at the first page, carried in
// the more token with the position reached, so later pages see neither new statements nor duplicates.
import { badRequest } from '../http/errors.js';
import type { XapiVersion } from '../http/version.js';
import type { StatementStore, StoredRecord } from '../store/statement-store.js';
import { checkJsonLimits, isIri, isTimestamp, isUuid, normalizeTimestamp, parseJsonStrict, validateAgent, validateGroup } from '../validation-adapter.js';
import { agentKeys } from './keys.js';

export const MAX_PAGE = 500;

export type Format = 'exact' | 'ids' | 'canonical';

export interface StatementQuery {
  agent?: string; // the JSON text as given
  verb?: string;
  activity?: string;
  registration?: string;
  relatedActivities: boolean;
  relatedAgents: boolean;
  since?: string;
  until?: string;
  limit: number;
  format: Format;
  attachments: boolean;
  ascending: boolean;
}

export interface PageCursor {
  /** The query parameters of the first page, as given (re-checked on every page). */
  params: Record<string, string>;
  /** Stored position the query sees (snapshot). */
  snapshot: number;
  /** Last position returned so far (0 = none). */
  after: number;
}

const QUERY_PARAMS = [
  'agent', 'verb', 'activity', 'registration', 'related_activities', 'related_agents',
  'since', 'until', 'limit', 'format', 'attachments', 'ascending',
];
const SINGLE_PARAMS = ['statementId', 'voidedStatementId'];
export const ALL_PARAMS = [...QUERY_PARAMS, ...SINGLE_PARAMS, 'more'];

/** 400 for parameters the spec does not define and for spec names in the wrong case (Communication 3.2). */
export function checkParameterNames(params: Record<string, unknown>, allowed: readonly string[]): void {
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) throw badRequest(`Parameter ${name} is given more than once.`);
    if (allowed.includes(name)) continue;
    const sameButCase = allowed.find((a) => a.toLowerCase() === name.toLowerCase());
    throw badRequest(sameButCase ? `Parameter ${name} must be spelled ${sameButCase} (parameters are case sensitive).` : `Unknown parameter ${name}.`);
  }
}

function parseBoolean(params: Record<string, string>, name: string): boolean {
  const value = params[name];
  if (value === undefined) return false;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badRequest(`Parameter ${name} must be true or false.`);
}

export function parseFormat(value: string | undefined): Format {
  if (value === undefined) return 'exact';
  if (value === 'exact' || value === 'ids' || value === 'canonical') return value;
  throw badRequest('Parameter format must be exact, ids or canonical.');
}

/** since / until: a Timestamp, kept as its UTC normal form (so Date.parse reads any offset form). */
function parseTimestamp(value: string | undefined, name: string, version: XapiVersion): string | undefined {
  if (value === undefined) return undefined;
  if (!isTimestamp(value, version)) throw badRequest(`Parameter ${name} must be an ISO 8601 timestamp.`);
  return normalizeTimestamp(value);
}

/** Parses and checks the agent parameter; returns the keys it matches by. */
export function agentParameterKeys(text: string, version: XapiVersion): string[] {
  let agent: unknown;
  try {
    agent = parseJsonStrict(text);
  } catch {
    throw badRequest('Parameter agent must be a JSON Agent or identified Group.');
  }
  const isGroup = typeof agent === 'object' && agent !== null && (agent as Record<string, unknown>).objectType === 'Group';
  const issues = isGroup ? validateGroup(agent, version) : validateAgent(agent, version);
  if (issues.length) throw badRequest(`Parameter agent is not a valid Agent or Group: ${issues[0].path} ${issues[0].message}`.trim());
  const keys = agentKeys(agent).slice(0, 1); // the IFI of the Agent / identified Group itself
  if (!keys.length) throw badRequest('Parameter agent must have an inverse functional identifier (anonymous Groups cannot be queried).');
  return keys;
}

export function parseQuery(params: Record<string, string>, version: XapiVersion): StatementQuery {
  const limitText = params.limit;
  if (limitText !== undefined && !/^\d+$/.test(limitText)) throw badRequest('Parameter limit must be a nonnegative integer.');
  if (params.agent !== undefined) agentParameterKeys(params.agent, version);
  if (params.registration !== undefined && !isUuid(params.registration)) throw badRequest('Parameter registration must be a UUID.');
  for (const name of ['verb', 'activity']) {
    if (params[name] !== undefined && !isIri(params[name])) throw badRequest(`Parameter ${name} must be an IRI.`);
  }
  return {
    agent: params.agent,
    verb: params.verb,
    activity: params.activity,
    registration: params.registration?.toLowerCase(),
    relatedActivities: parseBoolean(params, 'related_activities'),
    relatedAgents: parseBoolean(params, 'related_agents'),
    since: parseTimestamp(params.since, 'since', version),
    until: parseTimestamp(params.until, 'until', version),
    limit: limitText === undefined ? 0 : Number(limitText),
    format: parseFormat(params.format),
    attachments: parseBoolean(params, 'attachments'),
    ascending: parseBoolean(params, 'ascending'),
  };
}

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** Reads a more token; its parameters are checked again by the caller like a first request's. */
export function decodeCursor(token: string, storeSize: number): PageCursor {
  try {
    // Within the JSON limits: through the Alternate Request Syntax a token can be megabytes long.
    const text = Buffer.from(token, 'base64url').toString('utf8');
    checkJsonLimits(text);
    const cursor = JSON.parse(text) as PageCursor;
    const { params, snapshot, after } = cursor;
    if (
      Number.isSafeInteger(snapshot) && snapshot >= 0 && snapshot <= storeSize &&
      Number.isSafeInteger(after) && after >= 0 &&
      typeof params === 'object' && params !== null && Object.values(params).every((v) => typeof v === 'string')
    ) {
      return { params, snapshot, after };
    }
  } catch {
    // fall through
  }
  throw badRequest('The more token is not one this LRS issued.');
}

/** Sorted union of sorted position lists. */
function union(lists: number[][]): number[] {
  if (lists.length === 1) return lists[0];
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

function intersect(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(a[i]);
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return out;
}

/** Adds, recursively, every statement that targets a matching statement with a StatementRef. */
function withReferrers(store: StatementStore, direct: number[]): number[] {
  if (store.referrers.size === 0) return direct;
  const found = new Set<number>(direct);
  const extra: number[] = [];
  const queue = [...direct];
  while (queue.length) {
    const seq = queue.pop()!;
    const refs = store.referrers.get(store.records[seq - 1].id.toLowerCase());
    if (!refs) continue;
    for (const ref of refs) {
      if (!found.has(ref)) {
        found.add(ref);
        extra.push(ref);
        queue.push(ref);
      }
    }
  }
  return extra.length ? union([direct, extra]) : direct;
}

/** First position whose stored time is > ms (records are in non-decreasing stored order). */
function firstAfter(records: StoredRecord[], ms: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (records[mid].storedMs > ms) hi = mid;
    else lo = mid + 1;
  }
  return lo + 1;
}

export interface QueryPage {
  records: StoredRecord[];
  /** Cursor for the next page, when there is one. */
  next?: PageCursor;
}

export function runQuery(
  store: StatementStore,
  query: StatementQuery,
  cursor: PageCursor,
  version: XapiVersion,
  ownAuthority: string | undefined,
): QueryPage {
  const { snapshot, after } = cursor;
  // Each filter parameter is met by a statement directly or through the statements it targets, recursively
  // ("will meet the filter condition if the targeted Statement meets the filter condition", read per
  // parameter); the statement must meet every filter given.
  const filters: number[][] = [];
  const lookup = (index: Map<string, number[]>, key: string) => withReferrers(store, index.get(key) ?? []);
  if (query.agent !== undefined) {
    const [key] = agentParameterKeys(query.agent, version);
    filters.push(lookup(query.relatedAgents ? store.relatedAgentIndex : store.agentIndex, key));
  }
  if (query.verb !== undefined) filters.push(lookup(store.verbIndex, query.verb));
  if (query.activity !== undefined) {
    filters.push(lookup(query.relatedActivities ? store.relatedActivityIndex : store.activityIndex, query.activity));
  }
  if (query.registration !== undefined) filters.push(lookup(store.registrationIndex, query.registration));
  let candidates: number[] | undefined;
  for (const list of filters.sort((a, b) => a.length - b.length)) candidates = candidates ? intersect(candidates, list) : list;

  // Position range from since/until (applied to the statement itself, never to its target).
  let low = 1;
  let high = snapshot;
  if (query.since !== undefined) low = Math.max(low, firstAfter(store.records, Date.parse(query.since)));
  if (query.until !== undefined) high = Math.min(high, firstAfter(store.records, Date.parse(query.until)) - 1);
  if (after > 0) {
    if (query.ascending) low = Math.max(low, after + 1);
    else high = Math.min(high, after - 1);
  }
  const pageSize = query.limit === 0 || query.limit > MAX_PAGE ? MAX_PAGE : query.limit;
  const out: StoredRecord[] = [];
  let hasMore = false;
  const take = (seq: number): boolean => {
    const record = store.records[seq - 1];
    if (store.isVoided(record, snapshot)) return true;
    if (ownAuthority !== undefined && record.authority !== ownAuthority) return true;
    if (out.length === pageSize) {
      hasMore = true;
      return false;
    }
    out.push(record);
    return true;
  };
  if (candidates) {
    // Binary-search the range ends in the candidate list, then walk it.
    const lowerBound = (value: number) => {
      let lo = 0;
      let hi = candidates!.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (candidates![mid] < value) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const start = lowerBound(low);
    const end = lowerBound(high + 1) - 1;
    if (query.ascending) for (let i = start; i <= end && take(candidates[i]); i++);
    else for (let i = end; i >= start && take(candidates[i]); i--);
  } else if (query.ascending) for (let seq = low; seq <= high && take(seq); seq++);
  else for (let seq = high; seq >= low && take(seq); seq--);
  const last = out.at(-1);
  return { records: out, next: hasMore && last ? { ...cursor, after: last.seq } : undefined };
}
