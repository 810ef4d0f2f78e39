// Turns generated templates into concrete, check-namespaced values for one property execution,
// and refuses to send anything our own validator rejects (a generator bug is never the LRS's fault).
import { createHash } from 'node:crypto';
import type { CheckContext } from '../../harness/context.js';
import type { XapiVersion } from '../../harness/check.js';
import { validateStatement } from '../../validation/index.js';
import { REGISTRATION_TOKEN, SCOPE_IRI, SCOPE_LABEL, SHA1_PREFIX, STMT_REF_PREFIX, type Statement } from './arbitraries.js';

/** Names unique to one execution of a property: a scoped IRI prefix and a DNS-safe label. */
export interface Scope {
  iriPrefix: string;
  label: string;
  registration: string;
}

let executions = 0;

export function newScope(ctx: Pick<CheckContext, 'ns'>): Scope {
  executions += 1;
  const uuid = ctx.ns.uuid();
  return {
    // ns.activity() keeps every IRI under this run's and this check's namespace.
    iriPrefix: ctx.ns.activity(`p${executions}-${uuid.slice(0, 8)}`),
    label: `x${uuid.replace(/-/g, '').slice(0, 12)}`,
    registration: ctx.ns.uuid(),
  };
}

/** A scope for unit tests and offline generation (no context needed). */
export function fixedScope(label = 'xtest', registration = '11111111-2222-4333-8444-555555555555'): Scope {
  return { iriPrefix: `https://xapi-conform.example/offline/${label}`, label, registration };
}

/**
 * Replace template tokens: SCOPE_IRI, SCOPE_LABEL, registration, `zzsha1zz…` (SHA-1 of the scoped
 * mailto) and `zzstmtzz<n>` (population ids). Returns a fresh deep copy.
 */
export function instantiate<T>(template: T, scope: Scope, ids: string[] = []): T {
  const json = JSON.stringify(template)
    .split(SCOPE_IRI)
    .join(scope.iriPrefix)
    .split(REGISTRATION_TOKEN)
    .join(scope.registration)
    .split(SCOPE_LABEL)
    .join(scope.label);
  return JSON.parse(json, (_key, value) => {
    if (typeof value !== 'string') return value;
    if (value.startsWith(SHA1_PREFIX)) return createHash('sha1').update(`mailto:${value.slice(SHA1_PREFIX.length)}`).digest('hex');
    if (value.startsWith(STMT_REF_PREFIX)) {
      const id = ids[Number(value.slice(STMT_REF_PREFIX.length))];
      if (!id) throw new Error(`generator bug: ${value} names no population member`);
      return id;
    }
    return value;
  }) as T;
}

/** Thrown when our own generator produced something our validator rejects: never graded against the LRS. */
export class GeneratorBug extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeneratorBug';
  }
}

export function assertValid(statement: Statement, version: XapiVersion, what = 'generated statement'): void {
  const issues = validateStatement(statement, version);
  if (issues.length > 0) {
    const list = issues.map((i) => `${i.path}: ${i.message}${i.requirement ? ` (${i.requirement})` : ''}`).join('; ');
    throw new GeneratorBug(`${what} is not valid by our own validator (a harness bug, not the LRS's): ${list}\n${JSON.stringify(statement)}`);
  }
}

/**
 * Within one statement or population, give every occurrence of an Activity id the same definition
 * and every occurrence of a Verb id the same display, so that no comparison depends on how an LRS
 * reconciles conflicting definitions (2.3.1: definitions and displays are outside the statement).
 */
export function harmonize(statements: Statement[]): void {
  const definitions = new Map<string, unknown>();
  const displays = new Map<string, unknown>();
  const visitActivity = (a: any) => {
    if (!a || typeof a !== 'object' || typeof a.id !== 'string') return;
    if (!definitions.has(a.id)) definitions.set(a.id, a.definition);
    const def = definitions.get(a.id);
    if (def === undefined) delete a.definition;
    else a.definition = structuredClone(def);
  };
  const visitStatement = (s: any) => {
    if (s.verb?.id) {
      if (!displays.has(s.verb.id)) displays.set(s.verb.id, s.verb.display);
      const display = displays.get(s.verb.id);
      if (display === undefined) delete s.verb.display;
      else s.verb.display = structuredClone(display);
    }
    const o = s.object;
    if (o && (o.objectType === undefined || o.objectType === 'Activity')) visitActivity(o);
    const ca = s.context?.contextActivities;
    if (ca) for (const v of Object.values(ca)) (Array.isArray(v) ? v : [v]).forEach(visitActivity);
    if (o?.objectType === 'SubStatement') visitStatement(o);
  };
  statements.forEach(visitStatement);
}
