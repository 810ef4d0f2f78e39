// The one place the reference LRS reaches the data model (VALIDATION's validation/index.ts).
// PLACEHOLDER until validation/index.ts lands: a minimal structural check so the LRS can run; replaced by
// re-exports of validateStatement / parseJsonStrict / validateAgent / normalizeTimestamp / statementsEquivalent.
import { isDeepStrictEqual } from 'node:util';

export type XapiVersion = '1.0.3' | '2.0.0';
export interface ValidationIssue {
  path: string;
  message: string;
  requirement?: string;
}

export class JsonSyntaxError extends Error {}

export function parseJsonStrict(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new JsonSyntaxError((err as Error).message);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): boolean => typeof value === 'string' && UUID.test(value);

const isObject = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function validateStatement(statement: unknown, _version: XapiVersion): ValidationIssue[] {
  if (!isObject(statement)) return [{ path: '', message: 'a Statement must be a JSON object' }];
  const issues: ValidationIssue[] = [];
  for (const key of ['actor', 'verb', 'object']) {
    if (!isObject(statement[key])) issues.push({ path: key, message: `${key} is required and must be an object` });
  }
  if (statement.id !== undefined && !isUuid(statement.id)) issues.push({ path: 'id', message: 'id must be a UUID' });
  return issues;
}

function agentIssues(value: unknown): ValidationIssue[] {
  if (!isObject(value)) return [{ path: '', message: 'must be a JSON object' }];
  const ifis = ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((k) => value[k] !== undefined);
  return ifis.length === 1 ? [] : [{ path: '', message: 'an Agent needs exactly one inverse functional identifier' }];
}
export const validateAgent = (value: unknown, _version: XapiVersion): ValidationIssue[] => agentIssues(value);
export const validateGroup = (value: unknown, _version: XapiVersion): ValidationIssue[] => agentIssues(value);

export function normalizeTimestamp(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

const LRS_SET = ['id', 'authority', 'stored', 'timestamp', 'version'];
export function statementsEquivalent(a: unknown, b: unknown): boolean {
  if (!isObject(a) || !isObject(b)) return false;
  const strip = (s: Record<string, unknown>) => Object.fromEntries(Object.entries(s).filter(([k]) => !LRS_SET.includes(k)));
  return isDeepStrictEqual(strip(a), strip(b));
}
