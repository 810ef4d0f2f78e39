// What the LRS learns from stored statements: the canonical Activity definitions (Activities resource,
// format=canonical) and the names seen for each Agent identifier (Agents resource, Person object).
// Both are derived from the journal: rebuilt at start by replay, updated on each commit.

type Json = Record<string, any>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const LANGUAGE_MAPS = ['name', 'description'];

/**
 * Later statements refine a definition: language maps and extensions merge key by key, other fields are
 * replaced. Values are shared, not copied: stored statements are never mutated and `get` hands out copies.
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

export class ActivityRegistry {
  private readonly definitions = new Map<string, Json>();

  /** The canonical Activity object for an id (an Activity with only its id when nothing is known). */
  get(id: string): Json {
    const definition = this.definitions.get(id);
    return definition && Object.keys(definition).length ? { objectType: 'Activity', id, definition: structuredClone(definition) } : { objectType: 'Activity', id };
  }

  definitionOf(id: string): Json | undefined {
    return this.definitions.get(id);
  }

  observe(statement: Json): void {
    this.observeStatementBody(statement);
    if (isObject(statement.object) && statement.object.objectType === 'SubStatement') this.observeStatementBody(statement.object);
  }

  private observeStatementBody(statement: Json): void {
    this.observeActivity(statement.object);
    const contextActivities = statement.context?.contextActivities;
    if (isObject(contextActivities)) {
      for (const list of Object.values(contextActivities)) for (const a of Array.isArray(list) ? list : [list]) this.observeActivity(a);
    }
  }

  private observeActivity(activity: unknown): void {
    if (!isObject(activity) || typeof activity.id !== 'string') return;
    if (activity.objectType !== undefined && activity.objectType !== 'Activity') return;
    const current = this.definitions.get(activity.id);
    if (isObject(activity.definition)) this.definitions.set(activity.id, mergeDefinition(current, activity.definition));
    else if (!current) this.definitions.set(activity.id, {});
  }
}

const IFI_PROPERTIES = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;

function ifiOf(agent: Json): { property: (typeof IFI_PROPERTIES)[number]; key: string } | undefined {
  for (const property of IFI_PROPERTIES) {
    if (agent[property] !== undefined) {
      const value = agent[property];
      return { property, key: `${property}:${isObject(value) ? `${value.homePage}|${value.name}` : String(value)}` };
    }
  }
  return undefined;
}

export class AgentRegistry {
  private readonly names = new Map<string, Set<string>>();

  observe(statement: Json): void {
    const visit = (agent: unknown) => {
      if (!isObject(agent)) return;
      const ifi = ifiOf(agent);
      if (ifi && typeof agent.name === 'string') {
        const set = this.names.get(ifi.key) ?? new Set<string>();
        set.add(agent.name);
        this.names.set(ifi.key, set);
      }
      if (agent.objectType === 'Group' && Array.isArray(agent.member)) agent.member.forEach(visit);
    };
    const body = (s: Json) => {
      visit(s.actor);
      if (isObject(s.object) && (s.object.objectType === 'Agent' || s.object.objectType === 'Group')) visit(s.object);
      visit(s.context?.instructor);
      visit(s.context?.team);
    };
    body(statement);
    if (isObject(statement.object) && statement.object.objectType === 'SubStatement') body(statement.object);
  }

  /** Person object (Communication 2.4): the requested Agent's identifier plus every name seen with it. */
  person(agent: Json): Json {
    const person: Json = { objectType: 'Person' };
    const ifi = ifiOf(agent);
    const names = new Set<string>(ifi ? this.names.get(ifi.key) ?? [] : []);
    if (typeof agent.name === 'string') names.add(agent.name);
    if (names.size) person.name = [...names];
    if (ifi) person[ifi.property] = [structuredClone(agent[ifi.property])];
    return person;
  }
}
