// Which xAPI scopes (Communication 4.2, "OAuth 1.0 Authorization Scope") allow a method on a resource.
// The table gives each scope's meaning; where it is silent we decide:
// - /agents and /activities only expose what statements say about Agents and Activities, so readers of
//   every statement (statements/read, all/read, all) and the scopes that (re)define or annotate them
//   (define, profile) may read them; state and statements/read/mine may not (they would see others' data).
// - /about needs no credentials at all (Communication 2.8; the 2.0 text says so explicitly).
// - Methods a resource does not define need `all`, so that only a fully trusted client reaches the 405.
import type { Scope } from '../options.js';

export type Requirement =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'scopes'; anyOf: readonly Scope[] };

const READ_METHODS = new Set(['GET', 'HEAD']);
const WRITE_METHODS = new Set(['PUT', 'POST', 'DELETE']);

interface ResourceRule {
  read: readonly Scope[];
  write: readonly Scope[];
}

const RULES: Record<string, ResourceRule> = {
  statements: {
    read: ['statements/read', 'statements/read/mine', 'all/read', 'all'],
    write: ['statements/write', 'all'],
  },
  'activities/state': { read: ['state', 'all/read', 'all'], write: ['state', 'all'] },
  'activities/profile': { read: ['profile', 'all/read', 'all'], write: ['profile', 'all'] },
  'agents/profile': { read: ['profile', 'all/read', 'all'], write: ['profile', 'all'] },
  activities: { read: ['statements/read', 'all/read', 'all', 'define', 'profile'], write: ['all'] },
  agents: { read: ['statements/read', 'all/read', 'all', 'define', 'profile'], write: ['all'] },
};

// Longest names first so that "activities/state" wins over "activities".
const RESOURCE_AT_END = /\/(statements|activities\/state|activities\/profile|agents\/profile|activities|agents|about|whoami)\/?$/;

/** The resource a request path names ("activities/state"...), whether or not it still carries the base path. */
export function resourceOf(path: string): string | undefined {
  return RESOURCE_AT_END.exec(path)?.[1];
}

export function requirementFor(method: string, path: string): Requirement {
  const upper = method.toUpperCase();
  if (upper === 'OPTIONS') return { kind: 'public' };
  const resource = resourceOf(path);
  if (resource === 'about') return READ_METHODS.has(upper) ? { kind: 'public' } : { kind: 'authenticated' };
  if (resource === undefined || resource === 'whoami') return { kind: 'authenticated' };
  const rule = RULES[resource]!;
  if (READ_METHODS.has(upper)) return { kind: 'scopes', anyOf: rule.read };
  if (WRITE_METHODS.has(upper)) return { kind: 'scopes', anyOf: rule.write };
  return { kind: 'scopes', anyOf: ['all'] };
}

export function allows(scopes: readonly Scope[], requirement: Requirement): boolean {
  if (requirement.kind !== 'scopes') return true;
  return requirement.anyOf.some((scope) => scopes.includes(scope));
}

/** statements/read/mine without any broader read scope: statement reads are limited to the credential's own. */
export function readsOnlyOwnStatements(scopes: readonly Scope[]): boolean {
  const broader: Scope[] = ['statements/read', 'all/read', 'all'];
  return scopes.includes('statements/read/mine') && !broader.some((scope) => scopes.includes(scope));
}
