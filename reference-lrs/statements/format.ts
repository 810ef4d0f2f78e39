// The format parameter (Communication 2.1.3): exact (as stored), ids (only what identifies Agents, Groups,
// Activities and Verbs) and canonical (Activities with the LRS's canonical definition and Verbs with their
// canonical display, every language map of them reduced to the one language Accept-Language prefers).
import type { ActivityRegistry, VerbRegistry } from './registries.js';

/** Where format=canonical takes its canonical Activity definitions and Verb displays from. */
export interface Canonical {
  activities: ActivityRegistry;
  verbs: VerbRegistry;
}
import type { Format } from './query.js';

type Json = Record<string, any>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const IFI_PROPERTIES = ['mbox', 'mbox_sha1sum', 'openid', 'account'];

function idsAgent(agent: unknown): unknown {
  if (!isObject(agent)) return agent;
  const out: Json = {};
  if (agent.objectType !== undefined) out.objectType = agent.objectType;
  const ifi = IFI_PROPERTIES.find((p) => agent[p] !== undefined);
  if (ifi) out[ifi] = agent[ifi];
  else if (Array.isArray(agent.member)) out.member = agent.member.map(idsAgent);
  return out;
}

function mapActivities(context: unknown, map: (activity: Json) => Json): void {
  if (!isObject(context) || !isObject(context.contextActivities)) return;
  for (const [key, list] of Object.entries(context.contextActivities)) {
    context.contextActivities[key] = Array.isArray(list) ? list.map((a) => (isObject(a) ? map(a) : a)) : isObject(list) ? map(list) : list;
  }
}

function mapContextAgents(context: unknown, map: (agent: unknown) => unknown): void {
  if (!isObject(context)) return;
  if (context.instructor !== undefined) context.instructor = map(context.instructor);
  if (context.team !== undefined) context.team = map(context.team);
  if (Array.isArray(context.contextAgents)) for (const entry of context.contextAgents) if (isObject(entry)) entry.agent = map(entry.agent);
  if (Array.isArray(context.contextGroups)) for (const entry of context.contextGroups) if (isObject(entry)) entry.group = map(entry.group);
}

function toIds(statement: Json): Json {
  statement.actor = idsAgent(statement.actor);
  if (isObject(statement.verb)) statement.verb = { id: statement.verb.id };
  const object = statement.object;
  if (isObject(object)) {
    if (object.objectType === 'Agent' || object.objectType === 'Group') statement.object = idsAgent(object);
    else if (object.objectType === 'SubStatement') toIds(object);
    else if (object.objectType === undefined || object.objectType === 'Activity') {
      statement.object = object.objectType ? { objectType: object.objectType, id: object.id } : { id: object.id };
    }
  }
  mapActivities(statement.context, (a) => ({ ...(a.objectType ? { objectType: a.objectType } : {}), id: a.id }));
  mapContextAgents(statement.context, idsAgent);
  if (statement.authority !== undefined) statement.authority = idsAgent(statement.authority);
  return statement;
}

/** Accept-Language ranges, best first (RFC 2616 14.4). */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, order) => {
      const [range, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { range: range.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), order };
    })
    .filter((r) => r.range && r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order)
    .map((r) => r.range);
}

/** One entry of a language map: the best match for the ranges, else the first entry. */
export function pickLanguage(map: unknown, ranges: string[]): unknown {
  if (!isObject(map)) return map;
  const keys = Object.keys(map);
  if (keys.length <= 1) return map;
  for (const range of ranges) {
    const key = range === '*'
      ? keys[0]
      : keys.find((k) => k.toLowerCase() === range) ?? keys.find((k) => k.toLowerCase().startsWith(`${range}-`));
    if (key !== undefined) return { [key]: map[key] };
  }
  return { [keys[0]]: map[keys[0]] };
}

function filterDefinition(definition: Json, ranges: string[]): Json {
  const out: Json = { ...definition };
  for (const key of ['name', 'description']) if (out[key] !== undefined) out[key] = pickLanguage(out[key], ranges);
  for (const list of ['choices', 'scale', 'source', 'target', 'steps']) {
    if (Array.isArray(out[list])) {
      out[list] = out[list].map((c: unknown) => (isObject(c) && c.description !== undefined ? { ...c, description: pickLanguage(c.description, ranges) } : c));
    }
  }
  return out;
}

function toCanonical(statement: Json, canonical: Canonical, ranges: string[]): Json {
  const canonicalActivity = (a: Json): Json => {
    const definition = canonical.activities.definitionOf(a.id) ?? a.definition;
    const out: Json = { ...a };
    if (isObject(definition) && Object.keys(definition).length) out.definition = filterDefinition(definition, ranges);
    return out;
  };
  if (isObject(statement.verb)) {
    const display = canonical.verbs.displayOf(statement.verb.id) ?? statement.verb.display;
    if (display !== undefined) statement.verb = { ...statement.verb, display: pickLanguage(display, ranges) };
  }
  const object = statement.object;
  if (isObject(object)) {
    if (object.objectType === undefined || object.objectType === 'Activity') statement.object = canonicalActivity(object);
    else if (object.objectType === 'SubStatement') toCanonical(object, canonical, ranges);
  }
  mapActivities(statement.context, canonicalActivity);
  return statement;
}

/** The statement text in the requested format. exact is the stored text itself. */
export function formatStatement(json: string, format: Format, canonical: Canonical, ranges: string[]): string {
  if (format === 'exact') return json;
  const statement = JSON.parse(json) as Json;
  return JSON.stringify(format === 'ids' ? toIds(statement) : toCanonical(statement, canonical, ranges));
}
