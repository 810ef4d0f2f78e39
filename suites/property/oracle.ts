// The in-memory oracle for statement queries (Communication 2.1.3 GET Statements, 2.1.4 Voided
// Statements, Data 2.5). Given the statements we stored (with the "stored" values the LRS gave them),
// it says which ones a query must return. Where the spec can be read two ways it returns every
// acceptable answer, and the LRS passes when it matches any of them.
import { ifiKey, VOIDED_VERB, type Statement } from './arbitraries.js';
import { parseInstant } from './equivalence.js';

export interface StoredStatement {
  id: string;
  statement: Statement;
  stored: string;
  storedNs: bigint;
}

export interface OracleQuery {
  agent?: Record<string, unknown>;
  verb?: string;
  activity?: string;
  related_agents?: boolean;
  related_activities?: boolean;
  since?: string;
  until?: string;
  ascending?: boolean;
}

const isVoiding = (s: Statement) => s.verb?.id === VOIDED_VERB && s.object?.objectType === 'StatementRef';

/** Ids of statements the population voids (2.3.2.s2.b3: a voiding statement itself is never voided). */
export function voidedIds(population: StoredStatement[]): Set<string> {
  const byId = new Map(population.map((p) => [p.id, p]));
  const out = new Set<string>();
  for (const p of population) {
    if (!isVoiding(p.statement)) continue;
    const target = byId.get(p.statement.object.id);
    if (target && !isVoiding(target.statement)) out.add(target.id);
  }
  return out;
}

/** Every acceptable result set (ids), ordered by stored as the query asks. */
export function expectedResults(population: StoredStatement[], q: OracleQuery): string[][] {
  const voided = voidedIds(population);
  const byId = new Map(population.map((p) => [p.id, p]));
  const conditions = filterConditions(q);
  const since = q.since ? parseInstant(q.since)!.ns : undefined;
  const until = q.until ? parseInstant(q.until)!.ns : undefined;
  const inTime = (p: StoredStatement) => (since === undefined || p.storedNs > since) && (until === undefined || p.storedNs <= until);

  // "Statements which target another Statement … will meet the filter condition if the targeted
  // Statement meets the filter condition" (2.1.3.s3), recursively. Read per condition, or for all
  // conditions together: both readings are accepted.
  const viaRefs = (test: (s: Statement) => boolean) => {
    const memo = new Map<string, boolean>();
    const meets = (p: StoredStatement, depth = 0): boolean => {
      if (memo.has(p.id)) return memo.get(p.id)!;
      let ok = test(p.statement);
      if (!ok && p.statement.object?.objectType === 'StatementRef' && depth < 50) {
        const target = byId.get(p.statement.object.id);
        ok = target !== undefined && meets(target, depth + 1);
      }
      memo.set(p.id, ok);
      return ok;
    };
    return meets;
  };
  const together = viaRefs((s) => conditions.every((c) => c(s)));
  const perCondition = conditions.map((c) => viaRefs(c));
  const readings = [
    (p: StoredStatement) => together(p),
    (p: StoredStatement) => perCondition.every((meets) => meets(p)),
  ];
  const results = readings.map((matches) =>
    population
      .filter((p) => !voided.has(p.id) && inTime(p) && matches(p))
      .sort((a, b) => (a.storedNs === b.storedNs ? 0 : (a.storedNs < b.storedNs) === Boolean(q.ascending) ? -1 : 1))
      .map((p) => p.id),
  );
  const unique = new Map(results.map((r) => [[...r].sort().join(','), r]));
  return [...unique.values()];
}

function filterConditions(q: OracleQuery): Array<(s: Statement) => boolean> {
  const out: Array<(s: Statement) => boolean> = [];
  if (q.verb) out.push((s) => s.verb?.id === q.verb);
  if (q.activity) out.push((s) => (q.related_activities ? relatedActivityIds(s) : objectActivityIds(s)).includes(q.activity!));
  if (q.agent) {
    const key = ifiKey(q.agent as Statement);
    out.push((s) => (q.related_agents ? relatedAgents(s) : [s.actor, s.object]).some((a) => agentMatches(a, key)));
  }
  return out;
}

/** Same IFI, or a Group with a member of that IFI (2.1.3 "agent" parameter). */
function agentMatches(a: unknown, key: string): boolean {
  if (!a || typeof a !== 'object') return false;
  const x = a as Statement;
  if (x.objectType === 'StatementRef' || x.objectType === 'SubStatement') return false;
  if (ifiKey(x) === key) return true;
  return Array.isArray(x.member) && x.member.some((m: Statement) => ifiKey(m) === key);
}

function objectActivityIds(s: Statement): string[] {
  const o = s.object;
  return o && (o.objectType === undefined || o.objectType === 'Activity') ? [o.id] : [];
}

function contextActivityIds(s: Statement): string[] {
  const ca = s.context?.contextActivities ?? {};
  return Object.values(ca).flatMap((v) => (Array.isArray(v) ? v : [v])).map((a: any) => a.id);
}

/** Object, context activities, and the same in a contained SubStatement (related_activities). */
function relatedActivityIds(s: Statement): string[] {
  const out = [...objectActivityIds(s), ...contextActivityIds(s)];
  if (s.object?.objectType === 'SubStatement') out.push(...objectActivityIds(s.object), ...contextActivityIds(s.object));
  return out;
}

/** Actor, Object, Authority, Instructor, Team (2.0: contextAgents, contextGroups), also in a SubStatement. */
function relatedAgents(s: Statement): unknown[] {
  const ctx = s.context ?? {};
  const out: unknown[] = [s.actor, s.object, s.authority, ctx.instructor, ctx.team];
  for (const ca of ctx.contextAgents ?? []) out.push(ca.agent);
  for (const cg of ctx.contextGroups ?? []) out.push(cg.group);
  if (s.object?.objectType === 'SubStatement') out.push(...relatedAgents(s.object));
  return out;
}

/** Every Agent / Identified Group appearing anywhere in a statement (query parameters are drawn from these). */
export function agentsIn(s: Statement): Statement[] {
  const out: Statement[] = [];
  const visit = (a: unknown) => {
    if (!a || typeof a !== 'object') return;
    const x = a as Statement;
    if (ifiKey(x) !== 'anonymous') out.push(x);
    if (Array.isArray(x.member)) x.member.forEach(visit);
  };
  relatedAgents(s).forEach(visit);
  return out;
}

export function activitiesIn(s: Statement): string[] {
  return relatedActivityIds(s);
}

/** The agent query parameter for an Agent or Identified Group: its objectType and IFI only. */
export function agentParameter(a: Statement): Record<string, unknown> {
  const ifi = Object.fromEntries(['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((k) => k in a).map((k) => [k, a[k]]));
  return { objectType: a.objectType === 'Group' ? 'Group' : 'Agent', ...ifi };
}
