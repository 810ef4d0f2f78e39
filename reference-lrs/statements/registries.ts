// What the LRS learns from stored statements: the canonical Activity definitions (Activities resource,
// format=canonical), the canonical Verb displays (format=canonical) and the names seen for each Agent
// identifier (Agents resource, Person object).
// Both are computed on demand from the statements the indexes name for an Activity id or Agent identifier,
// and cached; a cache entry remembers how many of those statements it has seen and merges only newer ones.
import type { StatementStore } from '../store/statement-store.js';
import { ifiKey } from './keys.js';

type Json = Record<string, any>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const LANGUAGE_MAPS = ['name', 'description'];

/**
 * Later statements refine a definition: language maps and extensions merge key by key, other fields are
 * replaced. Values are shared, not copied: `get` hands out copies.
 */
function mergeDefinition(current: Json | undefined, incoming: Json): Json {
  const merged: Json = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(incoming)) {
    merged[key] = (LANGUAGE_MAPS.includes(key) || key === 'extensions') && isObject(value) && isObject(merged[key])
      ? { ...merged[key], ...value }
      : value;
  }
  return merged;
}

/** Every Activity object in a statement where the related-activities index looks (object, context, SubStatement). */
function activitiesIn(statement: Json): Json[] {
  const found: Json[] = [];
  const body = (s: Json) => {
    if (isObject(s.object) && (s.object.objectType === undefined || s.object.objectType === 'Activity')) found.push(s.object);
    const contextActivities = s.context?.contextActivities;
    if (isObject(contextActivities)) {
      for (const list of Object.values(contextActivities)) for (const a of Array.isArray(list) ? list : [list]) if (isObject(a)) found.push(a);
    }
  };
  body(statement);
  if (isObject(statement.object) && statement.object.objectType === 'SubStatement') body(statement.object);
  return found;
}

/** Every Agent (and Group member) of a statement that can carry a name for its identifier. */
function agentsIn(statement: Json): Json[] {
  const found: Json[] = [];
  const visit = (agent: unknown) => {
    if (!isObject(agent)) return;
    found.push(agent);
    if (agent.objectType === 'Group' && Array.isArray(agent.member)) agent.member.forEach(visit);
  };
  const body = (s: Json) => {
    visit(s.actor);
    if (isObject(s.object) && (s.object.objectType === 'Agent' || s.object.objectType === 'Group')) visit(s.object);
    visit(s.context?.instructor);
    visit(s.context?.team);
    if (Array.isArray(s.context?.contextAgents)) for (const entry of s.context.contextAgents) visit(entry?.agent);
    if (Array.isArray(s.context?.contextGroups)) for (const entry of s.context.contextGroups) visit(entry?.group);
  };
  body(statement);
  if (isObject(statement.object) && statement.object.objectType === 'SubStatement') body(statement.object);
  return found;
}

export class ActivityRegistry {
  private readonly cache = new Map<string, { definition?: Json; seen: number }>();

  constructor(private readonly store: StatementStore) {}

  /** The canonical Activity object for an id (an Activity with only its id when nothing is known). */
  get(id: string): Json {
    const definition = this.definitionOf(id);
    return definition && Object.keys(definition).length ? { objectType: 'Activity', id, definition: structuredClone(definition) } : { objectType: 'Activity', id };
  }

  /** The merged definition of an Activity over every stored statement that mentions it (shared: do not mutate). */
  definitionOf(id: string): Json | undefined {
    const positions = this.store.relatedActivityIndex.get(id);
    if (!positions) return undefined;
    const entry = this.cache.get(id) ?? { seen: 0 };
    for (; entry.seen < positions.length; entry.seen++) {
      for (const activity of activitiesIn(this.store.statement(positions[entry.seen]))) {
        if (activity.id === id && isObject(activity.definition)) entry.definition = mergeDefinition(entry.definition, activity.definition);
      }
    }
    this.cache.set(id, entry);
    return entry.definition;
  }
}

/** The canonical display of each Verb: its display language maps merged over the statements using it. */
export class VerbRegistry {
  private readonly cache = new Map<string, { display?: Json; seen: number }>();

  constructor(private readonly store: StatementStore) {}

  /** Merged display of a Verb id used by stored statements (shared: do not mutate). */
  displayOf(id: string): Json | undefined {
    const positions = this.store.verbIndex.get(id);
    if (!positions) return undefined;
    const entry = this.cache.get(id) ?? { seen: 0 };
    for (; entry.seen < positions.length; entry.seen++) {
      const display = this.store.statement(positions[entry.seen]).verb?.display;
      if (isObject(display)) entry.display = { ...entry.display, ...display };
    }
    this.cache.set(id, entry);
    return entry.display;
  }
}

const IFI_PROPERTIES = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;

export class AgentRegistry {
  private readonly cache = new Map<string, { names: Set<string>; seen: number }>();

  constructor(private readonly store: StatementStore) {}

  /** Person object (Communication 2.4): the requested Agent's identifier plus every name seen with it. */
  person(agent: Json): Json {
    const person: Json = { objectType: 'Person' };
    const key = ifiKey(agent);
    const names = new Set<string>(key ? this.namesOf(key) : []);
    if (typeof agent.name === 'string') names.add(agent.name);
    if (names.size) person.name = [...names];
    const property = IFI_PROPERTIES.find((p) => agent[p] !== undefined);
    if (property) person[property] = [structuredClone(agent[property])];
    return person;
  }

  private namesOf(key: string): Set<string> {
    const positions = this.store.relatedAgentIndex.get(key) ?? [];
    const entry = this.cache.get(key) ?? { names: new Set<string>(), seen: 0 };
    for (; entry.seen < positions.length; entry.seen++) {
      for (const agent of agentsIn(this.store.statement(positions[entry.seen]))) {
        if (typeof agent.name === 'string' && ifiKey(agent) === key) entry.names.add(agent.name);
      }
    }
    this.cache.set(key, entry);
    return entry.names;
  }
}
