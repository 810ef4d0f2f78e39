// Communication 3.1 Concurrency (1.0.3) / 4.1.4 (2.0): ETags, If-Match and If-None-Match on the three
// document resources, generated per resource and per version (the levels differ between versions).
import type { Check, Level, XapiVersion } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import {
  DOC_RESOURCES,
  V1,
  V2,
  check,
  createDoc,
  currentEtag,
  docQuery,
  expectJsonDocument,
  expectNoDocument,
  getDoc,
  idOf,
  jsonDoc,
  scopeOf,
  send,
  sha1Hex,
  type DocResource,
} from './lib.js';

const SECTION = 'Communication 3.1 Concurrency';
const WRONG_ETAG = '"0000000000000000000000000000000000000000"';
const DELTA =
  'xAPI 2.0 (4.1.4): Every GET of a single document returns an ETag. If-Match / If-None-Match are honoured on PUT, POST and DELETE: a wrong ETag gets 412 Precondition Failed and the document is untouched; a correct one is applied. A PUT without either header to a document that already exists gets 409 Conflict.';
const PUT_IF_MATCH =
  'An LRS responding to a PUT request MUST handle the "If-Match" header as described in RFC2616, HTTP 1.1 if it contains an ETag, in order to detect modifications made after the Client last fetched the document. If the header precondition in either of the PUT request cases above fails, the LRS: MUST return HTTP status 412 Precondition Failed. MUST NOT make a modification to the resource. (Communication 3.1.s4.b5, b9, b10)';
const PUT_IF_NONE_MATCH =
  'An LRS responding to a PUT request MUST handle the "If-None-Match" header as described in RFC2616, HTTP 1.1 if it contains "*", in order to to detect when there is a resource present that the Client is not aware of. (Communication 3.1.s4.b6, b9, b10)';
const POST_DELETE =
  'An LRS responding to a POST or DELETE request SHOULD* handle the "If-Match" header as described in RFC2616, HTTP 1.1 if it contains an ETag [...] An LRS responding to a POST request SHOULD* handle the "If-None-Match" header [...] if it contains "*" [...] If the header precondition in any of the POST or DELETE request cases above fails, the LRS: SHOULD* return HTTP status 412 Precondition Failed. SHOULD* NOT make a modification to the resource. (Communication 3.1.s4.b7, b8, b11, b12)';
const CONFLICT =
  'If a PUT request is received without either header for a resource that already exists, the LRS: MUST return HTTP status 409 Conflict. MUST return a response explaining that the Learning Record Provider SHOULD check the current state of the resource [and] set the "If-Match" header with the current ETag to resolve the conflict. MUST NOT make a modification to the resource. (Communication 3.1.s4.b13-b15)';
const STATE_EXEMPTION =
  'The State Resource will permit PUT, POST and DELETE requests without concurrency headers, since state conflicts are unlikely. (Communication 3.1.s3)';

function concurrencyChecks(res: DocResource): Check[] {
  const id = (slug: string) => `documents.concurrency.${res.key}.${slug}`;
  const tags = (...t: string[]) => ['documents', 'concurrency', res.key, ...t];
  const base = { suite: 'documents', section: `${SECTION} (${res.title})` };

  /** POST/DELETE preconditions: SHOULD* in 1.0.3, MUST in 2.0. */
  const perVersion = (slug: string, title: string, run: (ctx: CheckContext) => Promise<void>): Check[] =>
    ([
      ['2.0.0', 'MUST', V2, ''],
      ['1.0.3', 'SHOULD', V1, '-1.0.3'],
    ] as Array<[XapiVersion, Level, readonly XapiVersion[], string]>).map(([version, level, versions, suffix]) =>
      check({
        ...base,
        id: id(slug + suffix),
        title,
        requirements: ['XAPI-00322'],
        quote: version === '2.0.0' ? DELTA : POST_DELETE,
        level,
        versions,
        tags: tags('etag', slug.startsWith('post') ? 'post' : 'delete'),
        run,
      }),
    );

  const checks: Check[] = [
    check({
      ...base,
      id: id('etag-on-get'),
      title: `${res.title}: a single-document GET carries a quoted ETag`,
      requirements: ['XAPI-00322'],
      quote:
        'An LRS responding to a GET request MUST add an ETag HTTP header to the response. [...] As defined in RFC 2616, an LRS responding to a GET request MUST enclose the header in quotes. (Communication 3.1.s4.b1, b4)',
      tags: tags('etag'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const docId = idOf(ctx, res);
        await createDoc(ctx, res, scope, docId, jsonDoc({ etag: 'please' }));
        const etag = await currentEtag(ctx, res, scope, docId);
        ctx.expect.ok(/^(W\/)?"[^"]*"$/.test(etag), 'the ETag must be enclosed in double quotes', { expected: '"<sha1 hex>"', actual: etag });
      },
    }),

    check({
      ...base,
      id: id('etag-sha1'),
      title: `${res.title}: the ETag is the hexadecimal SHA-1 of the returned contents`,
      requirements: ['XAPI-00322'],
      quote:
        'An LRS responding to a GET request without using a transfer encoding or using the identity transfer encoding MUST calculate the value of the ETag header to be a hexadecimal string of the SHA-1 digest of the contents. This hexadecimal string SHOULD be rendered using numbers and lowercase characters only (Communication 3.1.s4.b2)',
      versions: V1,
      tags: tags('etag'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const docId = idOf(ctx, res);
        await createDoc(ctx, res, scope, docId, jsonDoc({ hash: 'me', n: [1, 2, 3] }));
        const r = await getDoc(ctx, res, scope, docId);
        const transfer = (r.headers['transfer-encoding'] ?? 'identity').toLowerCase();
        const contentEncoding = (r.headers['content-encoding'] ?? 'identity').toLowerCase();
        if (transfer !== 'identity' || contentEncoding !== 'identity') {
          ctx.note(`response used transfer-encoding "${transfer}" / content-encoding "${contentEncoding}": the SHA-1 rule does not apply`);
          return;
        }
        const etag = ctx.expect.header(r, 'etag', 'single-document GET must carry an ETag');
        const value = etag.replace(/^W\//, '').replace(/^"|"$/g, '');
        const expected = sha1Hex(r.body);
        ctx.expect.equal(value.toLowerCase(), expected, 'ETag value vs. SHA-1 of the returned contents');
        if (value !== value.toLowerCase()) ctx.warn('the ETag uses uppercase hexadecimal characters', 'uppercase characters SHOULD NOT be used (Communication 3.1.s4.b2)');
      },
    }),

    check({
      ...base,
      id: id('put-if-match'),
      title: `${res.title}: PUT with If-Match applies only when the ETag is current (412 otherwise, document untouched)`,
      requirements: ['XAPI-00322'],
      quote: PUT_IF_MATCH,
      tags: tags('etag', 'put'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const docId = idOf(ctx, res);
        const query = docQuery(res, scope, docId);
        await createDoc(ctx, res, scope, docId, jsonDoc({ v: 1 }));
        const etag1 = await currentEtag(ctx, res, scope, docId);
        ctx.expect.status(await send(ctx.client, 'PUT', res, query, jsonDoc({ v: 'wrong' }), { 'If-Match': WRONG_ETAG }), 412, 'PUT with If-Match: a wrong ETag');
        await expectJsonDocument(ctx, res, scope, docId, { v: 1 }, 'GET after the 412: unchanged');
        ctx.expect.status(await send(ctx.client, 'PUT', res, query, jsonDoc({ v: 2 }), { 'If-Match': etag1 }), 204, 'PUT with If-Match: the current ETag');
        await expectJsonDocument(ctx, res, scope, docId, { v: 2 }, 'GET after the matching PUT: updated');
        ctx.expect.status(await send(ctx.client, 'PUT', res, query, jsonDoc({ v: 'stale' }), { 'If-Match': etag1 }), 412, 'PUT with If-Match: the ETag from before the update (stale)');
        await expectJsonDocument(ctx, res, scope, docId, { v: 2 }, 'GET after the stale-ETag 412: unchanged');
      },
    }),

    check({
      ...base,
      id: id('put-if-match-absent-412'),
      title: `${res.title}: PUT with If-Match to a document that does not exist is rejected with 412 and creates nothing`,
      requirements: ['XAPI-00322'],
      quote: `${PUT_IF_MATCH} RFC 2616 14.24: if none of the entity tags match [...] the server MUST NOT perform the requested method, and MUST return a 412 (Precondition Failed) response.`,
      tags: tags('etag', 'put'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const docId = idOf(ctx, res);
        const query = docQuery(res, scope, docId);
        ctx.ledger.document(res.path, query);
        ctx.expect.status(await send(ctx.client, 'PUT', res, query, jsonDoc({ v: 1 }), { 'If-Match': WRONG_ETAG }), 412, 'PUT with If-Match to a missing document');
        await expectNoDocument(ctx, res, scope, docId, 'GET after the 412: nothing may have been created');
      },
    }),

    check({
      ...base,
      id: id('put-if-none-match'),
      title: `${res.title}: PUT with If-None-Match: * is rejected with 412 when the document exists, document untouched`,
      requirements: ['XAPI-00322'],
      quote: PUT_IF_NONE_MATCH,
      tags: tags('etag', 'put'),
      async run(ctx: CheckContext) {
        const scope = scopeOf(ctx, res);
        const docId = idOf(ctx, res);
        await createDoc(ctx, res, scope, docId, jsonDoc({ v: 1 }));
        const r = await send(ctx.client, 'PUT', res, docQuery(res, scope, docId), jsonDoc({ v: 2 }), { 'If-None-Match': '*' });
        ctx.expect.status(r, 412, 'PUT with If-None-Match: * onto an existing document');
        await expectJsonDocument(ctx, res, scope, docId, { v: 1 }, 'GET after the 412: unchanged');
      },
    }),

    ...perVersion('post-if-match', `${res.title}: POST with a wrong If-Match is rejected with 412 (document untouched); with the current ETag it merges`, async (ctx: CheckContext) => {
      const scope = scopeOf(ctx, res);
      const docId = idOf(ctx, res);
      const query = docQuery(res, scope, docId);
      await createDoc(ctx, res, scope, docId, jsonDoc({ a: 1 }));
      const etag = await currentEtag(ctx, res, scope, docId);
      ctx.expect.status(await send(ctx.client, 'POST', res, query, jsonDoc({ b: 'wrong' }), { 'If-Match': WRONG_ETAG }), 412, 'POST with If-Match: a wrong ETag');
      await expectJsonDocument(ctx, res, scope, docId, { a: 1 }, 'GET after the 412: unchanged');
      ctx.expect.status(await send(ctx.client, 'POST', res, query, jsonDoc({ b: 2 }), { 'If-Match': etag }), 204, 'POST with If-Match: the current ETag');
      await expectJsonDocument(ctx, res, scope, docId, { a: 1, b: 2 }, 'GET after the matching POST: merged');
    }),

    ...perVersion('post-if-none-match', `${res.title}: POST with If-None-Match: * onto an existing document is rejected with 412, document untouched`, async (ctx: CheckContext) => {
      const scope = scopeOf(ctx, res);
      const docId = idOf(ctx, res);
      await createDoc(ctx, res, scope, docId, jsonDoc({ a: 1 }));
      const r = await send(ctx.client, 'POST', res, docQuery(res, scope, docId), jsonDoc({ b: 2 }), { 'If-None-Match': '*' });
      ctx.expect.status(r, 412, 'POST with If-None-Match: * onto an existing document');
      await expectJsonDocument(ctx, res, scope, docId, { a: 1 }, 'GET after the 412: unchanged');
    }),

    ...perVersion('delete-if-match', `${res.title}: DELETE with a wrong If-Match is rejected with 412 (document kept); with the current ETag it deletes`, async (ctx: CheckContext) => {
      const scope = scopeOf(ctx, res);
      const docId = idOf(ctx, res);
      const query = docQuery(res, scope, docId);
      await createDoc(ctx, res, scope, docId, jsonDoc({ a: 1 }));
      const etag = await currentEtag(ctx, res, scope, docId);
      ctx.expect.status(await send(ctx.client, 'DELETE', res, query, undefined, { 'If-Match': WRONG_ETAG }), 412, 'DELETE with If-Match: a wrong ETag');
      await expectJsonDocument(ctx, res, scope, docId, { a: 1 }, 'GET after the 412: still there');
      ctx.expect.status(await send(ctx.client, 'DELETE', res, query, undefined, { 'If-Match': etag }), 204, 'DELETE with If-Match: the current ETag');
      await expectNoDocument(ctx, res, scope, docId, 'GET after the matching DELETE');
    }),
  ];

  if (!res.concurrencyExemptIn103) {
    checks.push(
      check({
        ...base,
        id: id('put-without-precondition-409'),
        title: `${res.title}: PUT without If-Match/If-None-Match onto an existing document is rejected with 409, document untouched`,
        requirements: ['XAPI-00322'],
        quote: CONFLICT,
        tags: tags('put', 'conflict'),
        run: (ctx: CheckContext) => conflictRun(ctx, res, 'must-conflict'),
      }),
    );
  } else {
    checks.push(
      check({
        ...base,
        id: id('put-without-precondition-1.0.3'),
        title: `${res.title} (1.0.3): PUT without concurrency headers onto an existing document is permitted and replaces it`,
        requirements: ['XAPI-00190'],
        // SHOULD: 3.1.s4.b13 (409 for a headerless PUT onto an existing resource) is worded for every resource,
        // while 3.1.s3 exempts State; an LRS answering 409 here follows the letter of b13.
        quote: `${STATE_EXEMPTION} — yet: ${CONFLICT}`,
        level: 'SHOULD',
        versions: V1,
        tags: tags('put', 'conflict'),
        run: (ctx: CheckContext) => conflictRun(ctx, res, 'must-apply'),
      }),
      check({
        ...base,
        id: id('put-without-precondition'),
        title: `${res.title} (2.0): PUT without concurrency headers onto an existing document: 409 (untouched) or, under the retained State exemption, 204 (replaced)`,
        requirements: [],
        quote: `${DELTA} — but the 2.0 text also keeps: ${STATE_EXEMPTION}`,
        versions: V2,
        tags: tags('put', 'conflict'),
        run: (ctx: CheckContext) => conflictRun(ctx, res, 'either'),
      }),
    );
  }
  return checks;
}

async function conflictRun(ctx: CheckContext, res: DocResource, expectation: 'must-conflict' | 'must-apply' | 'either'): Promise<void> {
  const scope = scopeOf(ctx, res);
  const docId = idOf(ctx, res);
  await createDoc(ctx, res, scope, docId, jsonDoc({ v: 1 }));
  const r = await send(ctx.client, 'PUT', res, docQuery(res, scope, docId), jsonDoc({ v: 2 }));
  const allowed = expectation === 'must-conflict' ? [409] : expectation === 'must-apply' ? [204] : [409, 204];
  ctx.expect.status(r, allowed, `PUT without If-Match/If-None-Match onto the existing ${res.title} document`);
  if (r.status === 409) {
    await expectJsonDocument(ctx, res, scope, docId, { v: 1 }, 'GET after the 409: unchanged');
    if (r.body.length === 0) {
      ctx.warn('the 409 response has an empty body', 'MUST return a response explaining that the Learning Record Provider SHOULD check the current state of the resource [and] set the "If-Match" header (Communication 3.1.s4.b14)');
    }
  } else {
    await expectJsonDocument(ctx, res, scope, docId, { v: 2 }, 'GET after the 204: replaced');
    if (expectation === 'either') ctx.note('The LRS applies the State exemption from 3.1.s3 in 2.0 (204); the 2.0 delta would give 409.');
  }
}

export const checks: Check[] = DOC_RESOURCES.flatMap(concurrencyChecks);
