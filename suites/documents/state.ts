// Communication 2.3 State Resource: the shared document rules (documents-common.ts) plus what only
// the State resource has: the registration parameter and the multiple-document DELETE.
import type { Check, Untestable } from '../../harness/check.js';
import { presenceCheckOf } from '../../harness/resources.js';
import type { CheckContext } from '../../harness/context.js';
import { documentChecks } from './documents-common.js';
import {
  INVALID,
  STATE,
  check,
  createDoc,
  docQuery,
  expectJsonDocument,
  expectNoDocument,
  idOf,
  jsonDoc,
  listIds,
  sameSet,
  scopeOf,
  send,
} from './lib.js';

const section = STATE.section;
const tags = (...t: string[]) => ['documents', 'state', ...t];
const REGISTRATION = 'registration: UUID. The registration associated with this state. Optional. (Communication 2.3.s3)';

export const checks: Check[] = [
  presenceCheckOf('documents.state.present'),
  ...documentChecks(STATE),

  check({
    suite: 'documents',
    section,
    id: 'documents.state.registration-scopes-documents',
    title: 'State: the same stateId under different registrations (and none) names different documents for PUT, GET, POST and DELETE',
    requirements: ['XAPI-00218', 'XAPI-00220', 'XAPI-00227', 'XAPI-00219'],
    quote: `Stores, changes, fetches, or deletes the document specified by the given "stateId" that exists in the context of the specified Activity, Agent, and registration (if specified). ${REGISTRATION}`,
    tags: tags('registration'),
    async run(ctx: CheckContext) {
      const base = scopeOf(ctx, STATE);
      const r1 = { ...base, registration: ctx.ns.registration('r1') };
      const r2 = { ...base, registration: ctx.ns.registration('r2') };
      const stateId = idOf(ctx, STATE);
      await createDoc(ctx, STATE, r1, stateId, jsonDoc({ in: 'r1' }), 'PUT with registration r1');
      await createDoc(ctx, STATE, r2, stateId, jsonDoc({ in: 'r2' }), 'PUT with registration r2');
      await createDoc(ctx, STATE, base, stateId, jsonDoc({ in: 'none' }), 'PUT without registration');
      await expectJsonDocument(ctx, STATE, r1, stateId, { in: 'r1' }, 'GET with registration r1');
      await expectJsonDocument(ctx, STATE, r2, stateId, { in: 'r2' }, 'GET with registration r2');
      await expectJsonDocument(ctx, STATE, base, stateId, { in: 'none' }, 'GET without registration');

      const post = await send(ctx.client, 'POST', STATE, docQuery(STATE, r1, stateId), jsonDoc({ merged: true }));
      ctx.expect.status(post, 204, 'POST (merge) with registration r1');
      await expectJsonDocument(ctx, STATE, r1, stateId, { in: 'r1', merged: true }, 'GET r1 after the merge');
      await expectJsonDocument(ctx, STATE, r2, stateId, { in: 'r2' }, 'GET r2 after merging into r1: untouched');

      const del = await send(ctx.client, 'DELETE', STATE, docQuery(STATE, r1, stateId));
      ctx.expect.status(del, 204, 'DELETE with registration r1');
      await expectNoDocument(ctx, STATE, r1, stateId, 'GET r1 after its DELETE');
      await expectJsonDocument(ctx, STATE, r2, stateId, { in: 'r2' }, 'GET r2 after deleting r1: untouched');
      await expectJsonDocument(ctx, STATE, base, stateId, { in: 'none' }, 'GET without registration after deleting r1: untouched');
    },
  }),

  check({
    suite: 'documents',
    section,
    id: 'documents.state.get-ids-registration',
    title: 'State: GET ids with a registration lists only the documents of that registration',
    requirements: ['XAPI-00193', 'XAPI-00220'],
    quote: 'Fetches State ids of all state data for this context (Activity + Agent [ + registration if specified]). (Communication 2.3.s4)',
    tags: tags('registration', 'multiple'),
    async run(ctx: CheckContext) {
      const base = scopeOf(ctx, STATE);
      const r1 = { ...base, registration: ctx.ns.registration('r1') };
      const r2 = { ...base, registration: ctx.ns.registration('r2') };
      const a = idOf(ctx, STATE, 'a');
      const b = idOf(ctx, STATE, 'b');
      const c = idOf(ctx, STATE, 'c');
      await createDoc(ctx, STATE, r1, a, jsonDoc({ a: 1 }));
      await createDoc(ctx, STATE, r1, b, jsonDoc({ b: 1 }));
      await createDoc(ctx, STATE, r2, c, jsonDoc({ c: 1 }));
      const { ids } = await listIds(ctx, STATE, r1, {}, 'GET state ids for registration r1');
      ctx.expect.ok(sameSet(ids, [a, b]), 'ids for registration r1 must be exactly its two documents', { expected: [a, b], actual: ids });
    },
  }),

  check({
    suite: 'documents',
    section,
    id: 'documents.state.invalid-registration-400',
    title: 'State: a "registration" that is not a UUID is rejected with 400',
    requirements: ['XAPI-00200', 'XAPI-00201', 'XAPI-00202', 'XAPI-00203'],
    quote: `${REGISTRATION} 400 Bad Request - Indicates an error condition caused by an invalid or missing argument. (Communication 3.2.s2.b1)`,
    tags: tags('registration', 'parameters', 'errors'),
    async run(ctx: CheckContext) {
      const scope = scopeOf(ctx, STATE);
      for (const { value: registration, why } of INVALID.registration) {
        for (const method of ['GET', 'PUT', 'POST', 'DELETE'] as const) {
          const body = method === 'PUT' || method === 'POST' ? jsonDoc({ a: 1 }) : undefined;
          const r = await send(ctx.client, method, STATE, docQuery(STATE, { ...scope, registration }, idOf(ctx, STATE)), body);
          ctx.expect.status(r, 400, `${method} activities/state with registration=${registration} (${why})`);
        }
      }
    },
  }),

  check({
    suite: 'documents',
    section: 'Communication 2.3 State Resource (Multiple Document DELETE)',
    id: 'documents.state.delete-all',
    title: 'State: DELETE without stateId deletes every document of that Activity + Agent, and nothing else',
    requirements: ['XAPI-00194'],
    quote: 'Deletes all state data for this context (Activity + Agent [+ registration if specified]). Returns: 204 No Content (Communication 2.3.s5)',
    tags: tags('delete', 'multiple'),
    async run(ctx: CheckContext) {
      const scope = scopeOf(ctx, STATE);
      const other = scopeOf(ctx, STATE, 'other');
      const a = idOf(ctx, STATE, 'a');
      const b = idOf(ctx, STATE, 'b');
      await createDoc(ctx, STATE, scope, a, jsonDoc({ a: 1 }));
      await createDoc(ctx, STATE, scope, b, jsonDoc({ b: 1 }));
      await createDoc(ctx, STATE, other, a, jsonDoc({ elsewhere: true }));
      const r = await send(ctx.client, 'DELETE', STATE, scope);
      ctx.expect.status(r, 204, 'DELETE activities/state without stateId');
      await expectNoDocument(ctx, STATE, scope, a, 'GET document a after the multiple-document DELETE');
      await expectNoDocument(ctx, STATE, scope, b, 'GET document b after the multiple-document DELETE');
      const { ids } = await listIds(ctx, STATE, scope, {}, 'GET state ids after the multiple-document DELETE');
      ctx.expect.equal(ids.length, 0, 'number of state ids left in the deleted context');
      await expectJsonDocument(ctx, STATE, other, a, { elsewhere: true }, 'GET the document of another Activity + Agent: untouched');
    },
  }),

  check({
    suite: 'documents',
    section: 'Communication 2.3 State Resource (Multiple Document DELETE)',
    id: 'documents.state.delete-all-registration',
    title: 'State: DELETE without stateId but with a registration deletes only that registration\'s documents',
    requirements: ['XAPI-00194', 'XAPI-00219'],
    quote: 'Deletes all state data for this context (Activity + Agent [+ registration if specified]). (Communication 2.3.s5)',
    tags: tags('delete', 'multiple', 'registration'),
    async run(ctx: CheckContext) {
      const base = scopeOf(ctx, STATE);
      const r1 = { ...base, registration: ctx.ns.registration('r1') };
      const r2 = { ...base, registration: ctx.ns.registration('r2') };
      const a = idOf(ctx, STATE, 'a');
      await createDoc(ctx, STATE, r1, a, jsonDoc({ in: 'r1' }));
      await createDoc(ctx, STATE, r2, a, jsonDoc({ in: 'r2' }));
      await createDoc(ctx, STATE, base, a, jsonDoc({ in: 'none' }));
      const r = await send(ctx.client, 'DELETE', STATE, r1);
      ctx.expect.status(r, 204, 'DELETE activities/state for registration r1 without stateId');
      await expectNoDocument(ctx, STATE, r1, a, 'GET the r1 document after deleting all of r1');
      await expectJsonDocument(ctx, STATE, r2, a, { in: 'r2' }, 'GET the r2 document: untouched');
      await expectJsonDocument(ctx, STATE, base, a, { in: 'none' }, 'GET the document without registration: untouched');
    },
  }),

  check({
    suite: 'documents',
    section: 'Communication 2.3 State Resource (Multiple Document DELETE)',
    id: 'documents.state.delete-invalid-since-400',
    title: 'State: DELETE with a "since" that is not a Timestamp is rejected with 400',
    requirements: ['XAPI-00205'],
    quote:
      'The LRS MUST reject with 400 Bad Request status any requests that use any parameters which the LRS does not recognize in their intended context in this specification. (Communication 3.2.s3.b7) — "since" is not a Multiple Document DELETE parameter, and in any case not a Timestamp here',
    tags: tags('delete', 'since', 'errors'),
    async run(ctx: CheckContext) {
      const scope = scopeOf(ctx, STATE);
      const a = idOf(ctx, STATE, 'a');
      await createDoc(ctx, STATE, scope, a, jsonDoc({ a: 1 }));
      const r = await send(ctx.client, 'DELETE', STATE, { ...scope, since: 'not-a-timestamp' });
      ctx.expect.status(r, 400, 'DELETE activities/state with since=not-a-timestamp');
      await expectJsonDocument(ctx, STATE, scope, a, { a: 1 }, 'GET after the rejected DELETE: the document must still exist');
    },
  }),
  check({
    suite: 'documents',
    section: 'Communication 2.2 Document Resources / 1.5 Content Types',
    id: 'documents.state.json-charset-accepted',
    title: 'Content types: a document sent as "application/json; charset=utf-8" is application/json (stored and merged as JSON)',
    requirements: [],
    quote: 'When an LRS receives a POST request with content type application/json for an existing document also of content type application/json, it MUST merge the posted document with the existing document. (Communication 2.2.s7) All strings MUST be encoded and interpreted as UTF-8. (1.4.s1.b1) — a charset parameter does not change the media type',
    level: 'SHOULD',
    tags: ['http', 'content-type', 'encoding'],
    async run(ctx: CheckContext) {
      const res = STATE;
      const scope = scopeOf(ctx, res);
      const docId = idOf(ctx, res);
      const query = docQuery(res, scope, docId);
      ctx.ledger.document(res.path, query);
      const put = await send(ctx.client, 'PUT', res, query, { bytes: Buffer.from('{"a":"ü"}', 'utf8'), contentType: 'application/json; charset=utf-8' }, { 'If-None-Match': '*' });
      ctx.expect.status(put, 204, 'PUT a state document with Content-Type: application/json; charset=utf-8');
      const post = await send(ctx.client, 'POST', res, query, { bytes: Buffer.from('{"b":"ß"}', 'utf8'), contentType: 'application/json; charset=UTF-8' });
      ctx.expect.status(post, 204, 'POST (merge) with Content-Type: application/json; charset=UTF-8');
      await expectJsonDocument(ctx, res, scope, docId, { a: 'ü', b: 'ß' }, 'GET after merging two application/json documents with charset parameters');
    },
  }),
];

export const untestable: Untestable[] = [
  {
    requirement: 'XAPI-00223',
    reason:
      'The 1.0.3 text lists no "since" parameter for the State Multiple Document DELETE (2.3.s5), so an LRS may reject it as unrecognised (3.2.s3.b7) or apply it: no black-box verdict is possible without a false failure.',
  },
  ...['XAPI-00224', 'XAPI-00225', 'XAPI-00226', 'XAPI-00228'].map((requirement) => ({
    requirement,
    reason: 'Query-string parameters are always strings on the wire; a "stateId" that is not of type String cannot be sent.',
  })),
];
