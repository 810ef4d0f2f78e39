// Storing statements (Communication 2.1.1 / 2.1.2, Data 2.3-2.4): validate every statement of the request,
// check attachments and signatures, set the LRS-set properties, then commit atomically. Conflicts (409) and
// "cannot void a voiding statement" (400) are decided inside the store's serialized commit section so that
// concurrent requests cannot race each other.
import { randomUUID } from 'node:crypto';
import { LrsError, badRequest, conflict } from '../http/errors.js';
import { MAX_BATCH_STATEMENTS } from '../http/limits.js';
import type { XapiVersion } from '../http/version.js';
import type { StatementStore } from '../store/statement-store.js';
import type { AttachmentStore } from '../store/attachment-store.js';
import { normalizeTimestamp, statementsEquivalent, type ValidationIssue } from '../validation-adapter.js';
import { keysOf } from './keys.js';
import { verifySignatures } from './signature.js';

type Json = Record<string, any>;

export interface WriteContext {
  store: StatementStore;
  attachments: AttachmentStore;
  validate(statement: unknown, version: XapiVersion): ValidationIssue[];
}

export interface WriteRequest {
  statements: unknown[];
  parts: Map<string, { data: Buffer; contentType?: string }>;
  version: XapiVersion;
  authority: Record<string, unknown>;
}

function describeIssues(issues: ValidationIssue[], index: number, count: number): string {
  const where = count > 1 ? `statement ${index}: ` : '';
  const shown = issues.slice(0, 5).map((i) => `${i.path || '(statement)'}: ${i.message}${i.requirement ? ` [${i.requirement}]` : ''}`);
  return `${where}${shown.join('; ')}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}`;
}

function allAttachments(statement: Json): Json[] {
  const own: Json[] = Array.isArray(statement.attachments) ? statement.attachments : [];
  const sub: Json[] = statement.object?.objectType === 'SubStatement' && Array.isArray(statement.object.attachments)
    ? statement.object.attachments
    : [];
  return [...own, ...sub];
}

/** Data 4.5: "The LRS SHOULD* return the Timestamp in UTC timezone" (2.0: converts to UTC when storing). */
function toUtc(text: string): string {
  if (!/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(text)) return text; // no zone given: nothing to convert from
  try {
    return normalizeTimestamp(text);
  } catch {
    return text;
  }
}

/**
 * What the LRS changes in a statement (or SubStatement) it stores: timestamps in UTC, and every
 * contextActivities value as an array (Data 2.4.6.2: "An LRS's Statement Resource returns a ContextActivity
 * in an array, even if only a single ContextActivity is returned").
 */
function normalizeForStorage(statement: Json): void {
  if (typeof statement.timestamp === 'string') statement.timestamp = toUtc(statement.timestamp);
  const contextActivities = statement.context?.contextActivities;
  if (contextActivities && typeof contextActivities === 'object') {
    for (const [key, value] of Object.entries(contextActivities)) {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) contextActivities[key] = [value];
    }
  }
}

/** Validates and completes the statements; returns them ready to commit and the received originals. */
export async function prepareStatements(ctx: WriteContext, request: WriteRequest): Promise<{ prepared: Json[]; received: Json[] }> {
  const { statements, parts, version, authority } = request;
  const count = statements.length;
  const seen = new Set<string>();
  const used = new Set<string>();
  const prepared: Json[] = [];
  const received: Json[] = [];
  for (const [index, statement] of statements.entries()) {
    // The validator also judges the "version" property against the request's version (XAPI-00101).
    const issues = ctx.validate(statement, version);
    if (issues.length) throw badRequest(describeIssues(issues, index, count));
    const s = statement as Json;
    const where = count > 1 ? `statement ${index}: ` : '';
    if (s.id !== undefined) {
      const key = String(s.id).toLowerCase();
      if (seen.has(key)) throw badRequest(`The batch contains the statement id ${s.id} more than once.`);
      seen.add(key);
    }
    for (const attachment of allAttachments(s)) {
      const hash = String(attachment.sha2).toLowerCase();
      if (parts.has(hash)) used.add(hash);
      else if (attachment.fileUrl === undefined) {
        throw badRequest(`${where}attachment ${attachment.sha2} has no fileUrl and no attachment part with that hash was sent.`);
      }
    }
    await verifySignatures(s, parts, index);
    received.push(s);
    // A shallow copy is enough: only top-level properties are replaced; the nested changes of
    // normalizeForStorage (UTC timestamps, arrays for context activities) keep the statement equivalent to
    // what was received, which is all `received` is used for (the 409 comparison).
    const copy: Json = { ...s };
    if (copy.object?.objectType === 'SubStatement') copy.object = { ...copy.object };
    copy.id ??= randomUUID();
    copy.authority = authority;
    copy.version ??= version === '2.0.0' ? '2.0.0' : '1.0.0';
    delete copy.stored;
    normalizeForStorage(copy);
    if (copy.object?.objectType === 'SubStatement') normalizeForStorage(copy.object);
    prepared.push(copy);
  }
  const unused = [...parts.keys()].filter((hash) => !used.has(hash));
  if (unused.length) throw badRequest(`Attachment part(s) ${unused.join(', ')} match no attachment of the statements.`);
  return { prepared, received };
}

/** Stores prepared statements atomically; resolves once durable. Identical re-sends are not stored again. */
export async function commitStatements(ctx: WriteContext, prepared: Json[], received: Json[], parts: WriteRequest['parts']): Promise<void> {
  for (const [hash, part] of parts) await ctx.attachments.put(hash, part.data);
  await ctx.store.commit({
    admit(lookup) {
      const toStore: Json[] = [];
      const batch = new Map<string, Json>();
      prepared.forEach((statement, i) => {
        const existing = lookup(statement.id);
        if (existing) {
          if (!statementsEquivalent(existing, received[i])) {
            throw conflict(`A different statement with id ${statement.id} is already stored; statements are immutable.`);
          }
          return;
        }
        const voids = keysOf(statement).voids;
        if (voids) {
          const target = batch.get(voids) ?? lookup(voids);
          if (target && keysOf(target).voids) {
            throw badRequest(`Statement ${statement.id} voids ${voids}, which is itself a voiding statement; a voiding statement cannot be voided (Data 2.3.2).`);
          }
        }
        batch.set(String(statement.id).toLowerCase(), statement);
        toStore.push(statement);
      });
      return toStore;
    },
  });
}

export function asStatementList(payload: unknown, allowArray: boolean): unknown[] {
  if (Array.isArray(payload)) {
    if (!allowArray) throw badRequest('PUT /statements takes a single statement, not an array.');
    if (payload.length > MAX_BATCH_STATEMENTS) {
      throw new LrsError(413, `A batch of ${payload.length} statements is over the limit of this LRS (${MAX_BATCH_STATEMENTS}).`);
    }
    return payload;
  }
  if (typeof payload !== 'object' || payload === null) throw new LrsError(400, 'The body must be a statement object or an array of statements.');
  return [payload];
}
