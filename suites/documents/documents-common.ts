// Communication 2.2 Document Resources: the rules the State, Activity Profile and Agent Profile
// resources share, generated once per resource from the DocResource table in lib.ts.
import type { Check } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import { Inconclusive } from '../../harness/signals.js';
import {
  INVALID,
  MERGE_CASES,
  V1,
  V2,
  binaryDoc,
  check,
  createDoc,
  currentEtag,
  docQuery,
  expectDocument,
  expectJsonDocument,
  expectNoDocument,
  httpDate,
  idOf,
  idsOf,
  jsonDoc,
  listIds,
  mediaType,
  postStatements,
  sameSet,
  scopeOf,
  send,
  statement,
  textDoc,
  type DocBody,
  type DocResource,
  type Scope,
} from './lib.js';

const RETURNS = 'Returns (PUT | POST | DELETE): 204 No Content. Returns (GET): 200 OK, the document';
const NO_PRIOR_KNOWLEDGE = 'The LRS MUST NOT reject documents on the basis of not having prior knowledge of the Activity and/or Agent. (Communication 2.2.s4.b2)';
const MERGE_400 =
  'If the document being posted or any existing document does not have a Content-Type of `application/json`, or if either document cannot be parsed as a JSON Object, the LRS MUST respond with HTTP status code `400 Bad Request`, and MUST NOT update the target document as a result of the request. (Communication 2.2.s8.b1)';
const MERGE =
  'When an LRS receives a POST request with content type `application/json` for an existing document also of content type `application/json`, it MUST merge the posted document with the existing document. [...] for each property directly defined on the Object being posted, set the corresponding property on the existing Object equal to the value from the posted Object. [...] Note that only top-level properties are merged, even if a top-level property is an Object. The entire contents of each original property are replaced with the entire contents of each new property. If the merge is successful, the LRS MUST respond with HTTP status code `204 No Content`. (Communication 2.2.s7, 2.2.s8.b2)';
const SINCE = 'If "since" parameter is specified, this is limited to entries that have been stored or updated since the specified timestamp (exclusive).';
const LAST_MODIFIED_1 = 'When returning a single document, the LRS SHOULD* include a "Last-Modified" header indicating when the document was last modified. (Communication 2.2.s6.b1)';
const LAST_MODIFIED_N =
  'When returning multiple documents, the LRS SHOULD* include a "Last-Modified" header indicating when the most recently modified document was last modified. (Communication 2.2.s6.b2)';
const LAST_MODIFIED_2 =
  'xAPI 2.0: GET on the Statement resource and on every document resource returns Last-Modified; for documents it matches the most recent update and changes when the document changes. (xapi-2.0-delta, Communication)';

export function documentChecks(res: DocResource): Check[] {
  const base = {
    suite: 'documents',
    section: res.section,
  };
  /** The merge and Last-Modified rules are written once for all three resources, in 2.2. */
  const shared = {
    suite: 'documents',
    section: `Communication 2.2 Document Resources (${res.title})`,
  };
  const id = (slug: string) => `documents.${res.key}.${slug}`;
  const tags = (...t: string[]) => ['documents', res.key, ...t];

  const checks: Check[] = [
    check({
      ...base,
      id: id('put-get-json'),
      title: `${res.title}: PUT a JSON document, GET returns it`,
      requirements: [...res.req.endpoint, ...res.req.put, ...res.req.get],
      quote: `${RETURNS}. ${NO_PRIOR_KNOWLEDGE}`,
      tags: tags('put', 'get'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const docId = idOf(ctx, res);
        const value = { name: 'xapi-conform', n: 42, nested: { list: [1, 'two', null, true] } };
        await createDoc(ctx, res, scope, docId, jsonDoc(value));
        const r = await expectJsonDocument(ctx, res, scope, docId, value, `GET the ${res.title} document just PUT`);
        ctx.expect.equal(mediaType(r.headers['content-type']), 'application/json', 'Content-Type of the returned JSON document');
      },
    }),

    check({
      ...base,
      id: id('binary-roundtrip'),
      title: `${res.title}: a binary document comes back byte for byte with its content type`,
      requirements: [...res.req.put, ...res.req.get],
      quote: 'Documents can have any content type. (Communication 1.5.b1) contents: Arbitrary binary data. The contents of the document (Communication 2.2.s2)',
      tags: tags('binary', 'content-type'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const docId = idOf(ctx, res);
        const body = binaryDoc();
        await createDoc(ctx, res, scope, docId, body);
        await expectDocument(ctx, res, scope, docId, body, `GET the binary ${res.title} document`);
        // A second, unusual media type: the LRS must store the type it was given, not guess one.
        const image: DocBody = { bytes: body.bytes, contentType: 'image/png' };
        const pngId = idOf(ctx, res, 'png');
        await createDoc(ctx, res, scope, pngId, image);
        await expectDocument(ctx, res, scope, pngId, image, `GET the image/png ${res.title} document`);
      },
    }),

    check({
      ...base,
      id: id('utf8-text-roundtrip'),
      title: `${res.title}: a UTF-8 text document comes back byte for byte`,
      requirements: [...res.req.put, ...res.req.get],
      quote: 'All strings MUST be encoded and interpreted as UTF-8. (Communication 1.4.s1.b1) Documents can have any content type. (Communication 1.5.b1)',
      tags: tags('encoding', 'utf-8', 'content-type'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const docId = idOf(ctx, res);
        const body = textDoc('Grüße aus Köln — 日本語のテキスト — emoji 🎓✅ — Ωmega\r\nline two\n', 'text/plain; charset=utf-8');
        await createDoc(ctx, res, scope, docId, body);
        await expectDocument(ctx, res, scope, docId, body, `GET the UTF-8 text ${res.title} document`);
      },
    }),

    check({
      ...base,
      id: id('put-replaces'),
      title: `${res.title}: PUT replaces the whole document (no merge)`,
      requirements: [...res.req.put],
      quote: 'Stores, changes, fetches, or deletes the document specified [...] If a Learning Record Provider needs to delete a property, it SHOULD use a PUT request to replace the whole document (Communication 2.2.s8.b3)',
      tags: tags('put'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const docId = idOf(ctx, res);
        await createDoc(ctx, res, scope, docId, jsonDoc({ a: 1, b: 2 }));
        const etag = await currentEtag(ctx, res, scope, docId);
        const r = await send(ctx.client, 'PUT', res, docQuery(res, scope, docId), jsonDoc({ c: 3 }), { 'If-Match': etag });
        ctx.expect.status(r, 204, `PUT over the existing ${res.title} document (If-Match: current ETag)`);
        await expectJsonDocument(ctx, res, scope, docId, { c: 3 }, 'GET after the second PUT: only the second document');
      },
    }),

    check({
      ...base,
      id: id('post-creates'),
      title: `${res.title}: POST to a document that does not exist stores it`,
      requirements: [...res.req.post, ...res.req.postNew],
      quote: `${RETURNS}. An LRS's ${res.title} API, upon receiving a POST request for a document not currently in the LRS, treats it as a PUT request and store a new document. Returning 204 No Content`,
      tags: tags('post'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const docId = idOf(ctx, res);
        const query = docQuery(res, scope, docId);
        ctx.ledger.document(res.path, query);
        const value = { created: 'by POST' };
        ctx.expect.status(await send(ctx.client, 'POST', res, query, jsonDoc(value)), 204, `POST a new ${res.title} document`);
        await expectJsonDocument(ctx, res, scope, docId, value, 'GET the document created by POST');
      },
    }),

    check({
      ...shared,
      id: id('post-merges'),
      title: `${res.title}: POST of a JSON object merges top-level properties into the stored JSON document`,
      requirements: [...res.req.post, ...res.req.merge, 'XAPI-00183', 'XAPI-00184', 'XAPI-00185', 'XAPI-00186'],
      quote: MERGE,
      tags: tags('post', 'merge'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        for (const [i, c] of MERGE_CASES.entries()) {
          const docId = idOf(ctx, res, `merge-${i}`);
          await createDoc(ctx, res, scope, docId, jsonDoc(c.stored), `PUT the stored document for "${c.name}"`);
          const r = await send(ctx.client, 'POST', res, docQuery(res, scope, docId), jsonDoc(c.posted));
          ctx.expect.status(r, 204, `POST onto the existing JSON ${res.title} document (${c.name})`);
          const merged = await expectJsonDocument(ctx, res, scope, docId, c.merged, `GET after the merge (${c.name})`);
          ctx.expect.equal(mediaType(merged.headers['content-type']), 'application/json', `Content-Type of the merged document (${c.name})`);
        }
      },
    }),

    check({
      ...shared,
      id: id('post-onto-non-json-400'),
      title: `${res.title}: POST onto a stored document that is not application/json is rejected with 400, document untouched`,
      requirements: [...res.req.mergeContentType, 'XAPI-00182'],
      quote: MERGE_400,
      tags: tags('post', 'merge', 'errors'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const docId = idOf(ctx, res);
        const stored = textDoc('plain text, not JSON', 'text/plain');
        await createDoc(ctx, res, scope, docId, stored);
        const r = await send(ctx.client, 'POST', res, docQuery(res, scope, docId), jsonDoc({ a: 1 }));
        ctx.expect.status(r, 400, `POST application/json onto a text/plain ${res.title} document`);
        await expectDocument(ctx, res, scope, docId, stored, 'GET after the rejected POST: the document must be unchanged');
      },
    }),

    check({
      ...shared,
      id: id('post-non-json-type-400'),
      title: `${res.title}: POST with a Content-Type other than application/json onto a JSON document is rejected with 400, document untouched`,
      requirements: [...res.req.mergeContentType, 'XAPI-00182'],
      quote: MERGE_400,
      tags: tags('post', 'merge', 'errors'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const docId = idOf(ctx, res);
        const stored = jsonDoc({ a: 1 });
        await createDoc(ctx, res, scope, docId, stored);
        const r = await send(ctx.client, 'POST', res, docQuery(res, scope, docId), textDoc('{"b":2}', 'text/plain'));
        ctx.expect.status(r, 400, `POST a text/plain body onto an application/json ${res.title} document`);
        await expectJsonDocument(ctx, res, scope, docId, { a: 1 }, 'GET after the rejected POST: the document must be unchanged');
      },
    }),

    check({
      ...shared,
      id: id('post-not-object-400'),
      title: `${res.title}: POST merge where either document is JSON but not an Object is rejected with 400, document untouched`,
      requirements: [...res.req.mergeNotObject, 'XAPI-00182'],
      quote: MERGE_400,
      tags: tags('post', 'merge', 'errors'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const objectId = idOf(ctx, res, 'object');
        await createDoc(ctx, res, scope, objectId, jsonDoc({ a: 1 }));
        const r1 = await send(ctx.client, 'POST', res, docQuery(res, scope, objectId), jsonDoc([1, 2]));
        ctx.expect.status(r1, 400, `POST a JSON array onto a JSON object ${res.title} document`);
        await expectJsonDocument(ctx, res, scope, objectId, { a: 1 }, 'GET after the rejected POST (array posted): unchanged');

        const arrayId = idOf(ctx, res, 'array');
        await createDoc(ctx, res, scope, arrayId, jsonDoc(['stored', 'array']));
        const r2 = await send(ctx.client, 'POST', res, docQuery(res, scope, arrayId), jsonDoc({ b: 2 }));
        ctx.expect.status(r2, 400, `POST a JSON object onto a stored ${res.title} document that is a JSON array`);
        await expectJsonDocument(ctx, res, scope, arrayId, ['stored', 'array'], 'GET after the rejected POST (stored array): unchanged');
      },
    }),

    check({
      ...shared,
      id: id('post-invalid-json-400'),
      title: `${res.title}: POST of invalid JSON declared application/json onto a JSON document is rejected with 400, document untouched`,
      requirements: [...res.req.invalidJson, 'XAPI-00182'],
      quote: MERGE_400,
      tags: tags('post', 'merge', 'errors'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const docId = idOf(ctx, res);
        await createDoc(ctx, res, scope, docId, jsonDoc({ a: 1 }));
        const r = await send(ctx.client, 'POST', res, docQuery(res, scope, docId), textDoc('{"b": 2, "c": ', 'application/json'));
        ctx.expect.status(r, 400, `POST truncated JSON (Content-Type application/json) onto a JSON ${res.title} document`);
        await expectJsonDocument(ctx, res, scope, docId, { a: 1 }, 'GET after the rejected POST: the document must be unchanged');
      },
    }),

    check({
      ...base,
      id: id('delete'),
      title: `${res.title}: DELETE of a single document answers 204 and removes it`,
      requirements: [...res.req.del],
      quote: `${RETURNS}. Stores, changes, fetches, or deletes the document specified by the given "${res.idParam}"`,
      tags: tags('delete'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const docId = idOf(ctx, res);
        const keepId = idOf(ctx, res, 'keep');
        await createDoc(ctx, res, scope, docId, jsonDoc({ doomed: true }));
        await createDoc(ctx, res, scope, keepId, jsonDoc({ keep: true }));
        const r = await send(ctx.client, 'DELETE', res, docQuery(res, scope, docId));
        ctx.expect.status(r, 204, `DELETE the ${res.title} document`);
        await expectNoDocument(ctx, res, scope, docId, 'GET after DELETE');
        await expectJsonDocument(ctx, res, scope, keepId, { keep: true }, 'GET a sibling document: DELETE of one id must not remove others');
      },
    }),

    check({
      ...base,
      id: id('get-ids'),
      title: `${res.title}: GET without ${res.idParam} returns exactly the ids stored in that context`,
      requirements: [...res.req.getIds],
      quote: `Fetches ${res.idParam === 'stateId' ? 'State ids of all state data for this context' : 'Profile ids of all Profile documents'}. Returns: 200 OK, Array of ${res.idParam === 'stateId' ? 'State' : 'Profile'} id(s)`,
      tags: tags('get', 'multiple'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const other = scopeOf(ctx, res, 'other');
        const a = idOf(ctx, res, 'a');
        const b = idOf(ctx, res, 'b');
        const elsewhere = idOf(ctx, res, 'elsewhere');
        await createDoc(ctx, res, scope, a, jsonDoc({ a: 1 }));
        await createDoc(ctx, res, scope, b, textDoc('b'));
        await createDoc(ctx, res, other, elsewhere, jsonDoc({ other: true }));
        const { ids } = await listIds(ctx, res, scope);
        ctx.expect.ok(sameSet(ids, [a, b]), `the ids returned for this ${res.contextParams.join(' + ')} must be exactly the two stored there`, {
          expected: [a, b],
          actual: ids,
        });
      },
    }),

    check({
      ...base,
      id: id('since'),
      title: `${res.title}: GET ids with "since" returns only documents stored after it (exclusive), using the LRS's own timestamps`,
      requirements: [...res.req.since],
      quote: SINCE,
      tags: tags('get', 'multiple', 'since'),
      run: (ctx: CheckContext) => sinceCheck(ctx, res),
    }),

    check({
      ...base,
      id: id('since-invalid-400'),
      title: `${res.title}: GET ids with a "since" that is not a Timestamp is rejected with 400`,
      requirements: [...res.req.sinceInvalid],
      quote: `since: Timestamp. Only ids of ${res.idParam === 'stateId' ? 'states' : 'Profiles'} stored since the specified Timestamp (exclusive) are returned. 400 Bad Request - Indicates an error condition caused by an invalid or missing argument. (Communication 3.2.s2.b1)`,
      tags: tags('get', 'since', 'errors'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        for (const { value: since, why } of INVALID.since) {
          const r = await send(ctx.client, 'GET', res, { ...scope, since });
          ctx.expect.status(r, 400, `GET ${res.title} ids with since=${since} (${why})`);
        }
      },
    }),

    lastModifiedCheck(res, '2.0.0'),
    lastModifiedCheck(res, '1.0.3'),

    check({
      ...shared,
      id: id('last-modified-multiple'),
      title: `${res.title}: multiple-document GET carries Last-Modified of the most recently modified document`,
      requirements: [],
      quote: LAST_MODIFIED_N,
      level: 'SHOULD',
      tags: tags('last-modified', 'multiple'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const a = idOf(ctx, res, 'a');
        await createDoc(ctx, res, scope, a, jsonDoc({ a: 1 }));
        const single = httpDate((await send(ctx.client, 'GET', res, docQuery(res, scope, a))).headers['last-modified']);
        const { response } = await listIds(ctx, res, scope);
        const multi = ctx.expect.header(response, 'last-modified', 'multiple-document GET must carry Last-Modified');
        ctx.expect.ok(httpDate(multi) !== undefined, 'Last-Modified of the multiple-document GET must be an HTTP-date', { actual: multi });
        if (single !== undefined) {
          ctx.expect.equal(httpDate(multi), single, 'Last-Modified of the id list vs. of its only document');
        }
      },
    }),
  ];

  for (const [param, byMethod] of Object.entries(res.req.missing)) {
    checks.push(
      check({
        ...base,
        id: id(`missing-${param}-400`),
        title: `${res.title}: requests without the required "${param}" parameter are rejected with 400`,
        requirements: idsOf(byMethod),
        quote: `${param}: Required. 400 Bad Request - Indicates an error condition caused by an invalid or missing argument. (Communication ${res.section.split(' ')[1]}, 3.2.s2.b1)`,
        tags: tags('parameters', 'errors'),
        async run(ctx: CheckContext) {
          const full = docQuery(res, scopeOf(ctx, res), idOf(ctx, res));
          const { [param]: _omitted, ...query } = full;
          for (const method of ['GET', 'PUT', 'POST', 'DELETE'] as const) {
            if (!byMethod[method]) continue;
            const body = method === 'PUT' || method === 'POST' ? jsonDoc({ a: 1 }) : undefined;
            const headers: Record<string, string> = method === 'PUT' ? { 'If-None-Match': '*' } : {};
            const r = await send(ctx.client, method, res, query, body, headers);
            ctx.expect.status(r, 400, `${method} ${res.path} without "${param}"`);
          }
        },
      }),
    );
  }

  if (idsOf(res.req.badAgent).length > 0) {
    // Not JSON at all: the requirement list names it for both resources. JSON that is not an Agent Object:
    // named for Agent Profile ("not an Agent Object"); for State only the general 400 guidance covers it.
    const variants = [
      { kind: 'json', slug: 'invalid-agent-json-400', what: 'that is not JSON', level: 'MUST' as const, requirements: idsOf(res.req.badAgent) },
      {
        kind: 'object',
        slug: 'invalid-agent-object-400',
        what: 'that is JSON but not a valid Agent Object',
        level: res.key === 'agent-profile' ? ('MUST' as const) : ('SHOULD' as const),
        requirements: res.key === 'agent-profile' ? idsOf(res.req.badAgent) : [],
      },
    ];
    for (const v of variants) {
      checks.push(
        check({
          ...base,
          id: id(v.slug),
          title: `${res.title}: an "agent" parameter ${v.what} is rejected with 400`,
          requirements: v.requirements,
          quote: `agent: Agent Object (JSON). Required. 400 Bad Request - Indicates an error condition caused by an invalid or missing argument. The term "invalid arguments" includes malformed JSON or invalid Object structures. (Communication 3.2.s2.b1)`,
          level: v.level,
          tags: tags('parameters', 'errors', 'agent'),
          async run(ctx: CheckContext) {
            const scope = scopeOf(ctx, res);
            for (const { value: agent, why } of INVALID.agent.filter((a) => a.kind === v.kind)) {
              for (const method of ['GET', 'PUT', 'POST', 'DELETE'] as const) {
                if (!res.req.badAgent[method]) continue;
                const query = docQuery(res, { ...scope, agent }, idOf(ctx, res));
                const body = method === 'PUT' || method === 'POST' ? jsonDoc({ a: 1 }) : undefined;
                const headers: Record<string, string> = method === 'PUT' ? { 'If-None-Match': '*' } : {};
                const r = await send(ctx.client, method, res, query, body, headers);
                ctx.expect.status(r, 400, `${method} ${res.path} with agent=${agent} (${why})`);
              }
            }
          },
        }),
      );
    }
  }

  return checks;
}

function lastModifiedCheck(res: DocResource, version: '1.0.3' | '2.0.0'): Check {
  return check({
    suite: 'documents',
    section: `Communication 2.2 Document Resources (${res.title})`,
    id: `documents.${res.key}.last-modified${version === '1.0.3' ? '-1.0.3' : ''}`,
    title: `${res.title}: single-document GET carries Last-Modified, which changes when the document changes`,
    requirements: [],
    quote: version === '1.0.3' ? LAST_MODIFIED_1 : LAST_MODIFIED_2,
    level: version === '1.0.3' ? 'SHOULD' : 'MUST',
    versions: version === '1.0.3' ? V1 : V2,
    tags: ['documents', res.key, 'last-modified'],
    async run(ctx: CheckContext) {
      const scope = scopeOf(ctx, res);
      const docId = idOf(ctx, res);
      await createDoc(ctx, res, scope, docId, jsonDoc({ v: 0 }));
      const first = await readLastModified(ctx, res, scope, docId);
      // Last-Modified has one-second resolution: update until the LRS's own clock has moved on.
      const after = await updateUntilLastModifiedPasses(ctx, res, scope, docId, first, 1000);
      ctx.expect.ok(after >= first + 1000, 'Last-Modified must move forward when the document is modified', {
        expected: `later than ${new Date(first).toUTCString()}`,
        actual: new Date(after).toUTCString(),
      });
    },
  });
}

async function readLastModified(ctx: CheckContext, res: DocResource, scope: Scope, docId: string): Promise<number> {
  const r = await send(ctx.client, 'GET', res, docQuery(res, scope, docId));
  ctx.expect.status(r, 200, `GET the ${res.title} document`);
  const value = ctx.expect.header(r, 'last-modified', `single-document GET of the ${res.title} resource must carry Last-Modified`);
  const ms = httpDate(value);
  ctx.expect.ok(ms !== undefined, 'Last-Modified must be an HTTP-date (RFC 7231 7.1.1.1)', { actual: value });
  return ms;
}

/**
 * Re-PUTs the document (with If-Match) until its Last-Modified is at least `mark + margin`:
 * bounded polling on the LRS's own clock, never a comparison with ours. Returns that Last-Modified.
 */
async function updateUntilLastModifiedPasses(ctx: CheckContext, res: DocResource, scope: Scope, docId: string, mark: number, margin: number): Promise<number> {
  const deadline = Date.now() + margin + 4000;
  for (let round = 1; ; round++) {
    const etag = await currentEtag(ctx, res, scope, docId);
    const r = await send(ctx.client, 'PUT', res, docQuery(res, scope, docId), jsonDoc({ v: round }), { 'If-Match': etag });
    ctx.expect.status(r, 204, `PUT an update of the ${res.title} document (If-Match: current ETag)`);
    const lm = await readLastModified(ctx, res, scope, docId);
    if (lm >= mark + margin) return lm;
    if (Date.now() > deadline) return lm;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * since is computed from the LRS's own clock: Last-Modified values (second resolution) when present,
 * otherwise (1.0.3, where Last-Modified is only SHOULD*) the "stored" of a marker statement.
 * Document a is written, then the LRS clock is observed to pass a point `since` strictly after a,
 * then document b is written. a must be excluded, b included; a since before both includes both.
 */
async function sinceCheck(ctx: CheckContext, res: DocResource): Promise<void> {
  const scope = scopeOf(ctx, res);
  const a = idOf(ctx, res, 'a');
  const b = idOf(ctx, res, 'b');
  await createDoc(ctx, res, scope, a, jsonDoc({ a: 1 }));
  const probe = await send(ctx.client, 'GET', res, docQuery(res, scope, a));
  ctx.expect.status(probe, 200, `GET the ${res.title} document a`);
  const lmA = httpDate(probe.headers['last-modified']);

  let since: number;
  if (lmA !== undefined) {
    // a was modified before lmA + 1 s; once b's Last-Modified reaches lmA + 2 s, since = lmA + 1 s separates them.
    await createDoc(ctx, res, scope, b, jsonDoc({ b: 0 }));
    const lmB = await updateUntilLastModifiedPasses(ctx, res, scope, b, lmA, 2000);
    if (lmB < lmA + 2000) {
      throw new Inconclusive(`the ${res.title} document's Last-Modified did not advance two seconds past document a's within the budget; cannot place "since" between them`);
    }
    since = lmA + 1000;
  } else {
    if (ctx.version === '2.0.0') ctx.expect.fail(`single-document GET of the ${res.title} resource must carry Last-Modified (xAPI 2.0)`);
    ctx.note('No Last-Modified on documents: "since" is taken from the stored timestamps of marker statements instead.');
    const s1 = await storedOfNewStatement(ctx, 'since-marker-1');
    // Make sure the LRS's clock has moved past s1 before writing b, so that b is strictly later than since.
    let s2 = await storedOfNewStatement(ctx, 'since-marker-2');
    for (let i = 3; s2 <= s1 && i < 40; i++) s2 = await storedOfNewStatement(ctx, `since-marker-${i}`);
    if (s2 <= s1) throw new Inconclusive('the LRS clock (statement "stored") did not advance; cannot place "since" between two documents');
    await createDoc(ctx, res, scope, b, jsonDoc({ b: 0 }));
    since = s1;
  }

  const sinceText = new Date(since).toISOString();
  const { ids } = await listIds(ctx, res, scope, { since: sinceText }, `GET ${res.title} ids since ${sinceText}`);
  ctx.expect.ok(ids.includes(b), `document b, stored after "since", must be listed`, { expected: `includes ${b}`, actual: ids });
  ctx.expect.ok(!ids.includes(a), `document a, last modified before "since", must not be listed (since is exclusive)`, {
    expected: `excludes ${a}`,
    actual: ids,
  });

  // The same instant written with a UTC offset must select the same documents.
  const offsetText = `${new Date(since + 2 * 3600 * 1000).toISOString().slice(0, -1)}+02:00`;
  const offset = await listIds(ctx, res, scope, { since: offsetText }, `GET ${res.title} ids since ${offsetText}`);
  ctx.expect.ok(sameSet(offset.ids, ids), `"since" ${offsetText} is the same instant as ${sinceText} and must select the same ids`, { expected: ids, actual: offset.ids });

  const early = new Date(since - 24 * 3600 * 1000).toISOString();
  const all = await listIds(ctx, res, scope, { since: early }, `GET ${res.title} ids since ${early}`);
  ctx.expect.ok(sameSet(all.ids, [a, b]), 'a "since" one day before both documents must list both', { expected: [a, b], actual: all.ids });
}

/** POSTs a marker statement and returns its "stored" (the LRS's clock) in ms. */
async function storedOfNewStatement(ctx: CheckContext, name: string): Promise<number> {
  const s = statement(ctx, { activity: ctx.ns.activity(name) });
  await postStatements(ctx, [s], ctx.client, 'POST a marker statement (to read the LRS clock from "stored")');
  return ctx.eventually(async () => {
    const r = await ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: s.id } });
    ctx.expect.status(r, 200, 'GET the marker statement');
    const stored = Date.parse(r.json<{ stored: string }>().stored);
    ctx.expect.ok(!Number.isNaN(stored), 'the marker statement must have a "stored" timestamp', { actual: r.json<{ stored?: string }>().stored });
    return stored;
  });
}

