// What a stored statement can be found by: the index keys of the Statement query filters.
// Agents and identified Groups match when they use the same Inverse Functional Identifier with an equal value
// (xAPI-Communication 2.1.3, "agent"); a Group also matches an Agent that is one of its members.

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';

type Json = Record<string, any>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The IFI key of an Agent or identified Group, or undefined for an anonymous Group / non-agent. */
export function ifiKey(agent: unknown): string | undefined {
  if (!isObject(agent)) return undefined;
  if (typeof agent.mbox === 'string') return `mbox:${agent.mbox}`;
  if (typeof agent.mbox_sha1sum === 'string') return `sha1:${agent.mbox_sha1sum.toLowerCase()}`;
  if (typeof agent.openid === 'string') return `openid:${agent.openid}`;
  if (isObject(agent.account)) return `account:${agent.account.homePage}|${agent.account.name}`;
  return undefined;
}

/** Keys an Agent or Group answers to: its own IFI and, for Groups, each member's. */
export function agentKeys(agent: unknown): string[] {
  if (!isObject(agent)) return [];
  const keys: string[] = [];
  const own = ifiKey(agent);
  if (own) keys.push(own);
  if (agent.objectType === 'Group' && Array.isArray(agent.member)) {
    for (const member of agent.member) {
      const key = ifiKey(member);
      if (key) keys.push(key);
    }
  }
  return keys;
}

/** The authority as one comparable key (statements/read/mine). */
export function authorityKey(authority: unknown): string {
  if (!isObject(authority)) return '';
  if (authority.objectType === 'Group' && Array.isArray(authority.member) && !ifiKey(authority)) {
    return authority.member.map((m: unknown) => ifiKey(m) ?? '').sort().join('+');
  }
  return ifiKey(authority) ?? '';
}

const isActivity = (object: unknown): object is Json =>
  isObject(object) && (object.objectType === undefined || object.objectType === 'Activity') && typeof object.id === 'string';
const isAgentOrGroup = (object: unknown): boolean =>
  isObject(object) && (object.objectType === 'Agent' || object.objectType === 'Group');

function contextActivityIds(context: unknown): string[] {
  if (!isObject(context) || !isObject(context.contextActivities)) return [];
  const ids: string[] = [];
  for (const list of Object.values(context.contextActivities)) {
    for (const activity of Array.isArray(list) ? list : [list]) {
      if (isObject(activity) && typeof activity.id === 'string') ids.push(activity.id);
    }
  }
  return ids;
}

function contextAgentKeys(context: unknown): string[] {
  if (!isObject(context)) return [];
  const keys = [...agentKeys(context.instructor), ...agentKeys(context.team)];
  if (Array.isArray(context.contextAgents)) for (const entry of context.contextAgents) keys.push(...agentKeys(entry?.agent));
  if (Array.isArray(context.contextGroups)) for (const entry of context.contextGroups) keys.push(...agentKeys(entry?.group));
  return keys;
}

export interface StatementKeys {
  verb?: string;
  activity?: string;
  relatedActivities: string[];
  agents: string[];
  relatedAgents: string[];
  registration?: string;
  /** Lower-cased id of the Statement this one targets with a StatementRef object. */
  refTarget?: string;
  /** Set when this is a voiding statement: the lower-cased id it voids. */
  voids?: string;
}

const unique = (values: string[]): string[] => [...new Set(values)];

export function keysOf(statement: Json): StatementKeys {
  const object = statement.object;
  const agents = [...agentKeys(statement.actor), ...(isAgentOrGroup(object) ? agentKeys(object) : [])];
  const relatedAgents = [...agents, ...agentKeys(statement.authority), ...contextAgentKeys(statement.context)];
  const relatedActivities = [...(isActivity(object) ? [object.id] : []), ...contextActivityIds(statement.context)];
  if (isObject(object) && object.objectType === 'SubStatement') {
    relatedAgents.push(...agentKeys(object.actor), ...contextAgentKeys(object.context));
    if (isAgentOrGroup(object.object)) relatedAgents.push(...agentKeys(object.object));
    if (isActivity(object.object)) relatedActivities.push(object.object.id);
    relatedActivities.push(...contextActivityIds(object.context));
  }
  const refTarget =
    isObject(object) && object.objectType === 'StatementRef' && typeof object.id === 'string' ? object.id.toLowerCase() : undefined;
  const verb = isObject(statement.verb) && typeof statement.verb.id === 'string' ? statement.verb.id : undefined;
  const registration = isObject(statement.context) && typeof statement.context.registration === 'string'
    ? statement.context.registration.toLowerCase()
    : undefined;
  return {
    verb,
    activity: isActivity(object) ? object.id : undefined,
    relatedActivities: unique(relatedActivities),
    agents: unique(agents),
    relatedAgents: unique(relatedAgents),
    registration,
    refTarget,
    voids: verb === VOIDED_VERB ? refTarget : undefined,
  };
}
