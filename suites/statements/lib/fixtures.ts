// Loads the statement validation fixtures (fixtures/statements/validation.json) and turns a case into
// a concrete statement: JSON Pointer patches on the template, then run-unique names for placeholders.
import type { CheckContext } from '../../../harness/context.js';
import type { Level, XapiVersion } from '../../../harness/check.js';
import fixtureFile from '../../../fixtures/statements/validation.json' with { type: 'json' };
import { clone, type Statement } from './statements.js';

export interface ValidationCase {
  name: string;
  valid: boolean;
  requirements: string[];
  section: string;
  level?: Level;
  versions?: XapiVersion[];
  substatement?: boolean;
  unset?: string[];
  set?: Record<string, unknown>;
  note?: string;
}

export interface ValidationFixtures {
  requirementText: Record<string, string>;
  template: Statement;
  cases: ValidationCase[];
}

export const validationFixtures = fixtureFile as unknown as ValidationFixtures;

function pointerTokens(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Sets the value at a JSON Pointer, creating intermediate objects. */
export function setAt(target: Statement, pointer: string, value: unknown): void {
  const tokens = pointerTokens(pointer);
  let node: any = target;
  for (const token of tokens.slice(0, -1)) {
    if (node[token] === null || typeof node[token] !== 'object') node[token] = {};
    node = node[token];
  }
  node[tokens[tokens.length - 1]!] = clone(value);
}

/** Removes the value at a JSON Pointer (no-op when absent). */
export function unsetAt(target: Statement, pointer: string): void {
  const tokens = pointerTokens(pointer);
  let node: any = target;
  for (const token of tokens.slice(0, -1)) {
    node = node?.[token];
    if (node === null || typeof node !== 'object') return;
  }
  delete node[tokens[tokens.length - 1]!];
}

/** Replaces {{uuid}}, {{activity:x}}, {{verb:x}}, {{mbox:x}}, {{registration:x}} with run-unique values. */
export function fillPlaceholders<T>(ctx: CheckContext, value: T): T {
  const text = JSON.stringify(value).replace(/\{\{(uuid|activity|verb|mbox|registration)(?::([^}]*))?\}\}/g, (_m, kind: string, name?: string) => {
    switch (kind) {
      case 'uuid':
        return ctx.ns.uuid();
      case 'activity':
        return ctx.ns.activity(name);
      case 'verb':
        return ctx.ns.verb(name);
      case 'registration':
        return ctx.ns.registration(name);
      default:
        return ctx.ns.agent(name).mbox;
    }
  });
  return JSON.parse(text) as T;
}

function patched(base: Statement, c: ValidationCase): Statement {
  const statement = clone(base);
  for (const pointer of c.unset ?? []) unsetAt(statement, pointer);
  for (const [pointer, value] of Object.entries(c.set ?? {})) setAt(statement, pointer, value);
  return statement;
}

/** The case applied to the template, as a top-level statement (placeholders filled). */
export function caseStatement(ctx: CheckContext, c: ValidationCase): Statement {
  return fillPlaceholders(ctx, patched(validationFixtures.template, c));
}

/**
 * The case applied to a SubStatement built from the template, wrapped in a minimal valid statement.
 * The SubStatement drops the properties a SubStatement must not have (id, stored, version, authority).
 */
export function caseInSubStatement(ctx: CheckContext, c: ValidationCase): Statement {
  const sub = clone(validationFixtures.template);
  for (const key of ['id', 'stored', 'version', 'authority']) delete sub[key];
  const inner = patched(sub, c);
  inner.objectType = 'SubStatement';
  return fillPlaceholders(ctx, {
    id: '{{uuid}}',
    actor: { objectType: 'Agent', mbox: '{{mbox:outer-actor}}' },
    verb: { id: '{{verb:planned}}', display: { 'en-US': 'planned' } },
    object: inner,
  });
}

/** The quoted text for a case: the catalogue text of each requirement, plus the case's note. */
export function caseQuote(c: ValidationCase): string {
  const texts = c.requirements.map((id) => `${id}: "${validationFixtures.requirementText[id] ?? ''}"`);
  if (c.note) texts.push(c.note);
  return texts.join('\n');
}
