// Document resources against a model (Communication 2.2 Document Resources, 2.3 State, 2.6 Agent
// Profile, 2.7 Activity Profile, 3.1 Concurrency; xAPI 2.0 4.1.4): generated sequences of PUT, POST,
// DELETE and GET with and without If-Match / If-None-Match, each response checked against a model of
// the merge semantics and ETags. Where the spec lets an LRS choose (state PUT without a precondition on
// an existing document, 1.0.3 POST/DELETE preconditions which are SHOULD*), the model accepts each
// allowed answer and follows the branch the LRS took; later GETs verify that branch.
import fc from 'fast-check';
import type { XapiVersion } from '../../harness/check.js';
import type { CheckContext, XapiRequest, XapiResponse } from '../../harness/context.js';
import { fail } from './lrs.js';
import { warnOnce, type Recorder } from './runner.js';
import type { Scope } from './scope.js';

export type Resource = 'activities/state' | 'activities/profile' | 'agents/profile';
export const RESOURCES: Resource[] = ['activities/state', 'activities/profile', 'agents/profile'];
const DOC_IDS = ['d0', 'd1'];

type Json = Record<string, unknown>;
type Body = { kind: 'json'; value: Json } | { kind: 'text'; value: string };

interface Doc {
  contentType: 'application/json' | 'text/plain';
  json?: Json;
  text?: string;
  /** ETag from a GET since the last modification (unknown after any change). */
  etag?: string;
}

export interface DocModel {
  docs: Map<string, Doc>;
  /** ETags seen before a later modification: stale for sure once the current one is known and differs. */
  stale: Map<string, string[]>;
}

export interface DocReal {
  ctx: CheckContext;
  rec: Recorder;
  scope: Scope;
  /** State documents of this execution use this registration (or none). */
  registration?: string;
}

export const newDocModel = (): DocModel => ({ docs: new Map(), stale: new Map() });
const key = (resource: Resource, id: string) => `${resource} ${id}`;

/** Query parameters naming a document (or, with id undefined, the resource's document set). */
function params(real: DocReal, resource: Resource, id?: string): Record<string, string> {
  const activityId = `${real.scope.iriPrefix}/activity/documents`;
  const agent = JSON.stringify({ objectType: 'Agent', mbox: `mailto:documents@${real.scope.label}.example.com` });
  const idName = resource === 'activities/state' ? 'stateId' : 'profileId';
  const out: Record<string, string> =
    resource === 'activities/state' ? { activityId, agent, ...(real.registration ? { registration: real.registration } : {}) } : resource === 'activities/profile' ? { activityId } : { agent };
  if (id !== undefined) out[idName] = id;
  return out;
}

type Precondition = 'none' | 'if-match-current' | 'if-match-stale' | 'if-match-wrong' | 'if-none-match-star';
const WRONG_ETAG = `"${'0'.repeat(40)}"`;

function preconditionHeaders(model: DocModel, k: string, p: Precondition): Record<string, string> {
  switch (p) {
    case 'if-match-current':
      return { 'If-Match': model.docs.get(k)!.etag! };
    case 'if-match-stale':
      return { 'If-Match': staleEtag(model, k)! };
    case 'if-match-wrong':
      return { 'If-Match': WRONG_ETAG };
    case 'if-none-match-star':
      return { 'If-None-Match': '*' };
    default:
      return {};
  }
}

function staleEtag(model: DocModel, k: string): string | undefined {
  const current = model.docs.get(k)?.etag;
  if (!current) return undefined;
  return (model.stale.get(k) ?? []).find((e) => e !== current);
}

/** Can this precondition be sent meaningfully in the current model? */
function usable(model: DocModel, k: string, p: Precondition): boolean {
  if (p === 'if-match-current') return model.docs.get(k)?.etag !== undefined;
  if (p === 'if-match-stale') return staleEtag(model, k) !== undefined;
  return true;
}

/** Does the precondition hold (RFC 2616 14.24 / 14.26)? */
function holds(model: DocModel, k: string, p: Precondition): boolean {
  const exists = model.docs.has(k);
  if (p === 'if-match-current') return exists;
  if (p === 'if-match-stale' || p === 'if-match-wrong') return false;
  if (p === 'if-none-match-star') return !exists;
  return true;
}

function modified(model: DocModel, k: string, next: Doc | undefined): void {
  const previous = model.docs.get(k)?.etag;
  if (previous) model.stale.set(k, [...(model.stale.get(k) ?? []), previous]);
  if (next) model.docs.set(k, next);
  else model.docs.delete(k);
}

/** One allowed outcome: statuses and what happens to the document. */
interface Outcome {
  statuses: number[];
  apply: boolean;
  why: string;
  /** A permitted but discouraged answer: graded warning. */
  warning?: string;
}

function decide(res: XapiResponse, outcomes: Outcome[], what: string): Outcome {
  const hit = outcomes.find((o) => o.statuses.includes(res.status));
  if (!hit) {
    fail(`${what}: got HTTP ${res.status}; expected ${outcomes.map((o) => `${o.statuses.join('/')} (${o.why})`).join(' or ')}`, outcomes.map((o) => o.statuses).flat(), { status: res.status, body: res.text().slice(0, 300) });
  }
  return hit;
}

function failedPrecondition(version: XapiVersion, method: 'POST' | 'DELETE'): Outcome[] {
  const must: Outcome = { statuses: [412], apply: false, why: 'the precondition fails: 412 Precondition Failed and no change' };
  if (version === '2.0.0') return [must]; // 2.0: If-Match / If-None-Match are honoured on PUT, POST and DELETE
  return [must, { statuses: [204], apply: true, why: `1.0.3 only SHOULD* honour preconditions on ${method}`, warning: `${method} with a failing precondition was applied (1.0.3 3.1.s4.b11: the LRS SHOULD* return 412 and SHOULD* NOT modify the resource)` }];
}

/**
 * PUT of a profile document that does not exist, without If-Match / If-None-Match: the client broke 3.1.s3.b1
 * ("A Client making a PUT request to either the Agent Profile Resource or Activity Profile Resource MUST include
 * the If-Match header or the If-None-Match header"), and the spec says nothing of what the LRS then does (3.1.s4.b13
 * is about a resource that already exists; 3.2.s1: an LRS "is also allowed to be configurable to reject requests").
 * Storing it (204) is as right as refusing it (400, or 409 as for an existing one); a refusal stores nothing.
 */
const NEW_PROFILE_WITHOUT_PRECONDITION: Outcome[] = [
  { statuses: [204], apply: true, why: 'a successful PUT returns 204 No Content' },
  ...[400, 409].map((status) => ({
    statuses: [status],
    apply: false,
    why: 'the client broke 3.1.s3.b1 (no If-Match / If-None-Match): the LRS may refuse',
    warning: `a PUT of a new profile document without If-Match / If-None-Match was refused with ${status} (permitted: the client MUST send one, Communication 3.1.s3.b1; the spec does not say what the LRS does then)`,
  })),
];

/**
 * DELETE with a failing If-Match of a document that does not exist: 412, or 404 when the LRS finds the document
 * missing before it evaluates the precondition (RFC 7232 5: a server "MUST ignore all received preconditions if
 * its response to the same request without those conditions would have been a status code other than a 2xx or
 * 412"). 1.0.3 only SHOULD* honour If-Match on DELETE; 2.0 asks 412 for a wrong ETag, so there 404 is a warning.
 */
function missingBeforePrecondition(version: XapiVersion): Outcome {
  const outcome: Outcome = { statuses: [404], apply: false, why: 'nothing to delete (404 Not Found, the precondition not evaluated)' };
  if (version === '1.0.3') return outcome;
  return { ...outcome, warning: 'a DELETE with a failing If-Match of a document that does not exist was answered 404, not 412 (2.0 4.1.4 asks 412 for a wrong ETag; RFC 7232 5 lets a server answer as it would without the precondition)' };
}

// ---------------------------------------------------------------- commands

abstract class DocCommand implements fc.AsyncCommand<DocModel, DocReal> {
  constructor(
    readonly resource: Resource,
    readonly id: string,
  ) {}
  get k(): string {
    return key(this.resource, this.id);
  }
  abstract check(m: Readonly<DocModel>): boolean;
  abstract run(m: DocModel, r: DocReal): Promise<void>;
  abstract toString(): string;
  protected async send(r: DocReal, req: Omit<XapiRequest, 'path'>): Promise<XapiResponse> {
    r.rec.step(this.toString());
    const res = await r.rec.request({ ...req, path: this.resource });
    if (req.method !== 'GET' && req.method !== 'DELETE' && res.status >= 200 && res.status < 300) r.ctx.ledger.document(this.resource, params(r, this.resource, this.id));
    return res;
  }
}

class PutDoc extends DocCommand {
  constructor(resource: Resource, id: string, readonly body: Body, readonly pre: Precondition) {
    super(resource, id);
  }
  check = (m: Readonly<DocModel>) => usable(m as DocModel, this.k, this.pre);
  toString = () => `PUT ${this.resource} ${this.id} ${this.body.kind === 'json' ? JSON.stringify(this.body.value) : `text ${JSON.stringify(this.body.value)}`} [${this.pre}]`;
  async run(m: DocModel, r: DocReal): Promise<void> {
    const res = await this.send(r, {
      method: 'PUT',
      query: params(r, this.resource, this.id),
      headers: { 'Content-Type': this.body.kind === 'json' ? 'application/json' : 'text/plain', ...preconditionHeaders(m, this.k, this.pre) },
      body: this.body.kind === 'json' ? JSON.stringify(this.body.value) : this.body.value,
    });
    const exists = m.docs.has(this.k);
    let outcomes: Outcome[];
    if (!holds(m, this.k, this.pre)) outcomes = [{ statuses: [412], apply: false, why: 'the precondition fails: MUST return 412 and MUST NOT modify (3.1.s4.b9/b10)' }];
    else if (this.pre === 'none' && exists && this.resource !== 'activities/state')
      outcomes = [{ statuses: [409], apply: false, why: 'PUT without If-Match/If-None-Match to an existing profile document: MUST return 409 and MUST NOT modify (3.1.s4.b13/b15)' }];
    else if (this.pre === 'none' && exists)
      outcomes = [
        { statuses: [204], apply: true, why: 'the State Resource permits PUT without concurrency headers (3.1.s3)' },
        { statuses: [409], apply: false, why: 'an LRS may also apply the 409 rule of 3.1.s4.b13 to state documents' },
      ];
    else if (this.pre === 'none' && this.resource !== 'activities/state') outcomes = NEW_PROFILE_WITHOUT_PRECONDITION;
    else outcomes = [{ statuses: [204], apply: true, why: 'a successful PUT returns 204 No Content' }];
    const o = decide(res, outcomes, this.toString());
    if (o.warning) warnOnce(r.ctx, o.warning);
    if (o.apply) modified(m, this.k, this.body.kind === 'json' ? { contentType: 'application/json', json: this.body.value } : { contentType: 'text/plain', text: this.body.value });
  }
}

class PostDoc extends DocCommand {
  constructor(resource: Resource, id: string, readonly value: Json, readonly pre: Precondition) {
    super(resource, id);
  }
  check = (m: Readonly<DocModel>) => usable(m as DocModel, this.k, this.pre);
  toString = () => `POST ${this.resource} ${this.id} ${JSON.stringify(this.value)} [${this.pre}]`;
  async run(m: DocModel, r: DocReal): Promise<void> {
    const res = await this.send(r, {
      method: 'POST',
      query: params(r, this.resource, this.id),
      headers: { 'Content-Type': 'application/json', ...preconditionHeaders(m, this.k, this.pre) },
      body: JSON.stringify(this.value),
    });
    const existing = m.docs.get(this.k);
    const notJson: Outcome = { statuses: [400], apply: false, why: 'POST to a document that is not application/json: MUST 400 and MUST NOT update it (2.2.s8.b1)' };
    let outcomes: Outcome[];
    if (existing && existing.contentType !== 'application/json') outcomes = holds(m, this.k, this.pre) ? [notJson] : [{ statuses: [412], apply: false, why: 'the precondition fails' }, notJson];
    else if (!holds(m, this.k, this.pre)) outcomes = failedPrecondition(r.ctx.version, 'POST');
    else outcomes = [{ statuses: [204], apply: true, why: existing ? 'JSON merge: MUST respond 204 (2.2.s8.b2)' : 'POST of a new document is stored like a PUT: 204' }];
    const o = decide(res, outcomes, this.toString());
    if (o.warning) warnOnce(r.ctx, o.warning);
    if (!o.apply) return;
    // Merge: top-level properties of the posted object replace those of the existing one (2.2.s7).
    modified(m, this.k, { contentType: 'application/json', json: { ...(existing?.json ?? {}), ...this.value } });
  }
}

class DeleteDoc extends DocCommand {
  constructor(resource: Resource, id: string, readonly pre: Precondition) {
    super(resource, id);
  }
  check = (m: Readonly<DocModel>) => usable(m as DocModel, this.k, this.pre);
  toString = () => `DELETE ${this.resource} ${this.id} [${this.pre}]`;
  async run(m: DocModel, r: DocReal): Promise<void> {
    const res = await this.send(r, { method: 'DELETE', query: params(r, this.resource, this.id), headers: preconditionHeaders(m, this.k, this.pre) });
    const exists = m.docs.has(this.k);
    let outcomes: Outcome[];
    if (!holds(m, this.k, this.pre)) outcomes = exists ? failedPrecondition(r.ctx.version, 'DELETE') : [...failedPrecondition(r.ctx.version, 'DELETE'), missingBeforePrecondition(r.ctx.version)];
    else if (!exists) outcomes = [{ statuses: [204, 404], apply: false, why: 'deleting a document that does not exist: 204 (or 404 Not Found)' }];
    else outcomes = [{ statuses: [204], apply: true, why: 'a successful DELETE returns 204 No Content' }];
    const o = decide(res, outcomes, this.toString());
    if (o.warning) warnOnce(r.ctx, o.warning);
    if (o.apply && exists) modified(m, this.k, undefined);
  }
}

class GetDoc extends DocCommand {
  check = () => true;
  toString = () => `GET ${this.resource} ${this.id}`;
  async run(m: DocModel, r: DocReal): Promise<void> {
    const res = await this.send(r, { method: 'GET', query: params(r, this.resource, this.id) });
    const doc = m.docs.get(this.k);
    if (!doc) {
      if (res.status !== 404) fail(`${this.toString()}: the model has no such document (never stored, deleted, or its write was refused), expected 404, got ${res.status}`, 404, { status: res.status, body: res.text().slice(0, 300) });
      return;
    }
    if (res.status !== 200) fail(`${this.toString()}: expected 200 with the document, got ${res.status}`, 200, { status: res.status, body: res.text().slice(0, 300) });
    if (doc.contentType === 'application/json') {
      let got: unknown;
      try {
        got = JSON.parse(res.text());
      } catch {
        fail(`${this.toString()}: the stored JSON document came back as something that is not JSON`, doc.json, res.text().slice(0, 300));
      }
      if (!deepEqual(got, doc.json)) fail(`${this.toString()}: the document differs from what the PUT/POST (merge) sequence produced (2.2.s7: only top-level properties are merged)`, doc.json, got);
    } else if (doc.text !== undefined && res.text() !== doc.text) {
      fail(`${this.toString()}: the document differs from the one stored`, doc.text, res.text());
    }
    // The ETag of this GET is the one to send in If-Match until the next change.
    const etag = res.headers['etag'];
    if (etag) doc.etag = etag;
  }
}

class GetIds extends DocCommand {
  constructor(resource: Resource) {
    super(resource, '*');
  }
  check = () => true;
  toString = () => `GET ${this.resource} (all ids)`;
  async run(m: DocModel, r: DocReal): Promise<void> {
    r.rec.step(this.toString());
    const res = await r.rec.request({ method: 'GET', path: this.resource, query: params(r, this.resource) });
    if (res.status !== 200) fail(`${this.toString()}: expected 200 with an array of ids, got ${res.status}`, 200, res.status);
    let ids: unknown;
    try {
      ids = JSON.parse(res.text());
    } catch {
      fail(`${this.toString()}: the id list is not JSON`, 'a JSON array of ids', res.text().slice(0, 300));
    }
    const expected = [...m.docs.keys()].filter((k) => k.startsWith(`${this.resource} `)).map((k) => k.slice(this.resource.length + 1)).sort();
    if (!Array.isArray(ids) || [...ids].sort().join('\u0000') !== expected.join('\u0000')) fail(`${this.toString()}: the ids differ from the documents that exist`, expected, ids);
  }
}

// ---------------------------------------------------------------- arbitraries

const jsonObject: fc.Arbitrary<Json> = fc.dictionary(
  fc.constantFrom('a', 'b', 'c', 'd'),
  fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constantFrom('x', 'y', 'ü'), fc.boolean(), fc.constant(null), fc.dictionary(fc.constantFrom('p', 'q'), fc.integer({ min: 0, max: 9 }), { maxKeys: 2, noNullPrototype: true })),
  { minKeys: 1, maxKeys: 3, noNullPrototype: true },
);
const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 3, arbitrary: jsonObject.map((value): Body => ({ kind: 'json', value })) },
  { weight: 1, arbitrary: fc.constantFrom('plain text', 'line one\nline two', 'ünïcödé').map((value): Body => ({ kind: 'text', value })) },
);
const resource = fc.constantFrom(...RESOURCES);
const docId = fc.constantFrom(...DOC_IDS);

export function documentCommands(): Array<fc.Arbitrary<fc.AsyncCommand<DocModel, DocReal>>> {
  const put = fc.tuple(resource, docId, body, fc.constantFrom<Precondition>('none', 'none', 'if-match-current', 'if-match-stale', 'if-match-wrong', 'if-none-match-star')).map(([r, d, b, p]) => new PutDoc(r, d, b, p));
  const post = fc.tuple(resource, docId, jsonObject, fc.constantFrom<Precondition>('none', 'none', 'if-match-current', 'if-match-wrong', 'if-none-match-star')).map(([r, d, v, p]) => new PostDoc(r, d, v, p));
  const del = fc.tuple(resource, docId, fc.constantFrom<Precondition>('none', 'if-match-current', 'if-match-wrong')).map(([r, d, p]) => new DeleteDoc(r, d, p));
  const get = fc.tuple(resource, docId).map(([r, d]) => new GetDoc(r, d));
  // Weighted by repetition (fc.commands picks uniformly among the arbitraries): writes dominate.
  return [put, put, put, post, post, del, get, get, resource.map((r) => new GetIds(r))];
}

/** A final GET of every document and id list, so the last writes are verified too. */
export async function verifyAllDocuments(model: DocModel, real: DocReal): Promise<void> {
  for (const r of RESOURCES) {
    for (const id of DOC_IDS) await new GetDoc(r, id).run(model, real);
    await new GetIds(r).run(model, real);
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => k in b && deepEqual((a as Json)[k], (b as Json)[k]));
}
