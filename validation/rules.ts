// Statement rules that a JSON Schema cannot say well: exactly one Inverse Functional Identifier,
// anonymous vs identified Groups, score ordering, unique interaction component ids, context
// properties that depend on the Object, voiding, OAuth authority Groups. The walk is defensive:
// it runs on any JSON value, and the schema reports wrong shapes.
import { isUuid } from './predicates.js';
import type { ValidationIssue } from './types.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const IFI_KEYS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;
const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';
const COMPONENT_LISTS = ['choices', 'scale', 'source', 'target', 'steps'] as const;

function ifiCount(actor: Json): number {
  let n = 0;
  for (const key of IFI_KEYS) if (actor[key] !== undefined) n++;
  return n;
}

export class RuleChecker {
  readonly issues: ValidationIssue[] = [];

  private add(path: string, message: string, requirement?: string): void {
    this.issues.push(requirement ? { path, message, requirement } : { path, message });
  }

  /** "An Agent MUST be identified by one (1) of the four types of Inverse Functional Identifiers"
   *  and "MUST NOT include more than one" (Data 2.4.2.1, XAPI-00034). */
  agent(agent: unknown, path: string): void {
    if (!isObject(agent)) return;
    const n = ifiCount(agent);
    if (n !== 1) {
      this.add(path, `an Agent must have exactly one inverse functional identifier (mbox, mbox_sha1sum, openid, account); found ${n}`, 'XAPI-00034');
    }
  }

  /** Identified Group: exactly one IFI; Anonymous Group: a "member" list of Agents (Data 2.4.2.2). */
  group(group: unknown, path: string, identified = false): void {
    if (!isObject(group)) return;
    const n = ifiCount(group);
    if (n > 1) this.add(path, `a Group must not have more than one inverse functional identifier; found ${n}`, 'XAPI-00037');
    if (n === 0 && identified) this.add(path, 'an Identified Group (with one inverse functional identifier) is required here', 'XAPI-00037');
    const members = group.member;
    if (n === 0 && (!Array.isArray(members) || members.length === 0)) {
      this.add(path, 'an Anonymous Group (no inverse functional identifier) must have a "member" list with at least one Agent', 'XAPI-00037');
    }
    if (Array.isArray(members)) members.forEach((m, i) => this.agent(m, `${path}/member/${i}`));
  }

  actor(actor: unknown, path: string): void {
    if (isObject(actor) && actor.objectType === 'Group') this.group(actor, path);
    else this.agent(actor, path);
  }

  activity(activity: unknown, path: string): void {
    if (!isObject(activity) || !isObject(activity.definition)) return;
    const def = activity.definition;
    const defPath = `${path}/definition`;
    if (def.correctResponsesPattern !== undefined && def.interactionType === undefined) {
      this.add(`${defPath}/correctResponsesPattern`, '"correctResponsesPattern" requires "interactionType"', 'XAPI-00064');
    }
    for (const list of COMPONENT_LISTS) {
      const components = def[list];
      if (components === undefined) continue;
      if (def.interactionType === undefined) {
        // An interaction component list makes it an Interaction Activity, which "MUST have a
        // valid interactionType" (Data 2.4.4.1.s13.b1). No numbered requirement covers it.
        this.add(`${defPath}/${list}`, `"${list}" (an interaction component list) requires "interactionType" (Data 2.4.4.1.s13.b1)`);
      }
      if (!Array.isArray(components)) continue;
      const seen = new Set<unknown>();
      components.forEach((c, i) => {
        if (!isObject(c) || typeof c.id !== 'string') return;
        if (seen.has(c.id)) {
          this.add(`${defPath}/${list}/${i}/id`, `interaction component id "${c.id}" is not unique within "${list}"`, 'XAPI-00058');
        }
        seen.add(c.id);
      });
    }
  }

  /** Data 2.4.4: the Object, by objectType (absent means Activity). */
  object(object: unknown, path: string, inSubStatement: boolean): void {
    if (!isObject(object)) return;
    switch (object.objectType) {
      case 'Agent':
        return this.agent(object, path);
      case 'Group':
        return this.group(object, path);
      case 'SubStatement':
        if (!inSubStatement) this.statement(object, path, true);
        return;
      case 'StatementRef':
        return;
      case undefined:
        // Without objectType the Object is read as an Activity; name the rule the sender most
        // likely broke when it looks like something else.
        if (object.member !== undefined || IFI_KEYS.some((k) => object[k] !== undefined)) {
          this.add(`${path}/objectType`, 'an Agent or Group used as Object must specify "objectType"', 'XAPI-00065');
        } else if (object.actor !== undefined || object.verb !== undefined || (object.id !== undefined && object.definition === undefined && isUuid(object.id))) {
          this.add(`${path}/objectType`, 'a StatementRef or SubStatement used as Object must specify "objectType"', 'XAPI-00073');
        } else this.activity(object, path);
        return;
      default:
        this.activity(object, path);
    }
  }

  statement(statement: unknown, path: string, isSubStatement: boolean): void {
    if (!isObject(statement)) return;
    this.actor(statement.actor, `${path}/actor`);
    this.object(statement.object, `${path}/object`, isSubStatement);
    if (isObject(statement.result)) this.score(statement.result.score, `${path}/result/score`);
    if (isObject(statement.context)) this.context(statement.context, statement.object, `${path}/context`);
    if (isSubStatement) return;
    if (statement.authority !== undefined) this.authority(statement.authority, `${path}/authority`);
    const verb = statement.verb;
    if (isObject(verb) && verb.id === VOIDED && isObject(statement.object) && statement.object.objectType !== 'StatementRef') {
      this.add(`${path}/object/objectType`, `a voiding Statement (verb ${VOIDED}) must have a StatementRef as Object`, 'XAPI-00017');
    }
  }

  /** Data 2.4.5.1: min < max, min <= raw <= max (scaled bounds are in the schema). */
  score(score: unknown, path: string): void {
    if (!isObject(score)) return;
    const { raw, min, max } = score;
    const num = (v: unknown): v is number => typeof v === 'number';
    if (num(min) && num(max) && !(min < max)) {
      this.add(`${path}/max`, `score "max" (${max}) must be greater than "min" (${min})`, 'XAPI-00080');
    }
    if (num(raw) && num(max) && raw > max) this.add(`${path}/raw`, `score "raw" (${raw}) is greater than "max" (${max})`, 'XAPI-00082');
    if (num(raw) && num(min) && raw < min) this.add(`${path}/raw`, `score "raw" (${raw}) is less than "min" (${min})`, 'XAPI-00082');
  }

  context(context: Json, object: unknown, path: string): void {
    this.actor(context.instructor, `${path}/instructor`);
    if (context.team !== undefined) {
      if (isObject(context.team) && context.team.objectType !== 'Group') {
        this.add(`${path}/team`, '"team" must be a Group (objectType "Group")', 'XAPI-00088');
      } else this.group(context.team, `${path}/team`);
    }
    const objectIsActivity = !isObject(object) || object.objectType === undefined || object.objectType === 'Activity';
    if (!objectIsActivity) {
      if (context.revision !== undefined) {
        this.add(`${path}/revision`, '"revision" must only be used if the Statement\'s Object is an Activity', 'XAPI-00084');
      }
      if (context.platform !== undefined) {
        this.add(`${path}/platform`, '"platform" must only be used if the Statement\'s Object is an Activity', 'XAPI-00085');
      }
    }
    if (isObject(context.contextActivities)) {
      for (const [key, value] of Object.entries(context.contextActivities)) {
        if (Array.isArray(value)) value.forEach((a, i) => this.activity(a, `${path}/contextActivities/${key}/${i}`));
        else this.activity(value, `${path}/contextActivities/${key}`);
      }
    }
    // xAPI 2.0 (the schema rejects these properties under 1.0.3).
    if (Array.isArray(context.contextAgents)) {
      context.contextAgents.forEach((c, i) => isObject(c) && this.agent(c.agent, `${path}/contextAgents/${i}/agent`));
    }
    if (Array.isArray(context.contextGroups)) {
      context.contextGroups.forEach((c, i) => isObject(c) && this.group(c.group, `${path}/contextGroups/${i}/group`));
    }
  }

  /** "Authority MUST be an Agent, except in 3-legged OAuth, where it MUST be a Group with two
   *  Agents" (Data 2.4.9, XAPI-00098 / XAPI-00100). */
  authority(authority: unknown, path: string): void {
    this.actor(authority, path);
    if (isObject(authority) && authority.objectType === 'Group') {
      const members = authority.member;
      if (!Array.isArray(members) || members.length !== 2) {
        const n = Array.isArray(members) ? members.length : 0;
        this.add(`${path}/member`, `an authority Group must contain exactly two Agents; found ${n}`, n > 2 ? 'XAPI-00100' : 'XAPI-00098');
      }
    }
  }
}
