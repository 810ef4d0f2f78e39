// Communication 1.5.2 Multipart/Mixed and Data 2.4.11 Attachments: sending statements with attachment
// data, malformed multipart requests, and reading attachments back with attachments=true.
import { type Check, checkFamily } from '../../harness/check.js';
import type { CheckContext, XapiResponse } from '../../harness/context.js';
import { createHash } from 'node:crypto';
import { CheckFailure } from '../../harness/signals.js';
import { buildStatement, fetchStatement, queryUntil, type Statement } from './lib/statements.js';
import {
  attachmentObject,
  attachmentPart,
  multipartBody,
  readMultipart,
  sendMultipart,
  sha256,
  statementPart,
  warnUnlessAttachmentObject,
  type Part,
} from './lib/multipart.js';

const MULTIPART = 'Communication 1.5.2 Multipart/Mixed';

const attachmentCheck = checkFamily({ idPrefix: 'statements.attachments', suite: 'statements', section: MULTIPART, tags: ['attachments', 'multipart'] });

function payload(size: number, seed = 0): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + seed * 7 + (i >> 8)) & 0xff;
  return data;
}

function statementWith(ctx: CheckContext, attachments: Record<string, unknown>[]): Statement {
  return buildStatement(ctx, { id: ctx.ns.uuid(), attachments });
}

/** Sends an invalid multipart request and expects 400; records anything the LRS stored anyway. */
async function expectRejected(ctx: CheckContext, statement: Statement, res: XapiResponse, what: string): Promise<void> {
  if (res.status < 300) ctx.ledger.statements([statement.id]);
  ctx.expect.status(res, 400, what);
}

/** Calls the target, turning a transport-level failure (timeout, reset) into a failure that names the stall. */
async function noStall<T>(what: string, size: number, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if ((err as Error)?.name === 'TransportError') {
      throw new CheckFailure(`the LRS stalled or dropped the connection on ${what} with a ${size}-byte attachment: ${(err as Error).message}`, {
        expected: 'a complete HTTP answer within the request timeout',
        actual: (err as Error).message,
      });
    }
    throw err;
  }
}

/** Reads a statement back with attachments=true and checks the transmission format and the bytes. */
async function expectAttachmentBack(ctx: CheckContext, id: string, data: Buffer): Promise<void> {
  await fetchStatement(ctx, id);
  const res = await noStall('GET attachments=true', data.length, () =>
    ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: id, attachments: 'true' } }),
  );
  ctx.expect.status(res, 200, 'GET statementId&attachments=true');
  const parts = readMultipart(ctx, res);
  ctx.expect.ok(parts.length >= 2, 'the answer holds the statement part and an attachment part', { actual: parts.length });
  const first = parts[0]!;
  ctx.expect.ok(/^application\/json\b/i.test(first.headers['content-type'] ?? ''), 'the first part is application/json', {
    actual: first.headers['content-type'],
  });
  const statement = JSON.parse(first.body.toString('utf8'));
  ctx.expect.equal(statement.id, id, 'id of the statement in the first part');
  const hash = sha256(data);
  const part = parts.slice(1).find((p) => p.headers['x-experience-api-hash'] === hash);
  if (!part) {
    ctx.expect.fail('an attachment part whose X-Experience-API-Hash is the sha2 of the attachment', {
      expected: hash,
      actual: parts.slice(1).map((p) => p.headers),
    });
  }
  ctx.expect.equal(part.headers['content-transfer-encoding'], 'binary', 'Content-Transfer-Encoding of the attachment part');
  ctx.expect.ok(part.body.equals(data), 'the attachment bytes come back unchanged', {
    expected: `${data.length} bytes, sha256 ${hash}`,
    actual: `${part.body.length} bytes, sha256 ${sha256(part.body)}`,
  });
}

function sizeCheck(size: number, label: string): Check {
  const large = size >= 1024 * 1024;
  return attachmentCheck({
    slug: `payload-${label}`,
    title: `a ${label} attachment is stored and returned byte for byte${large ? ' (an LRS that stalls is reported)' : ''}`,
    requirements: ['XAPI-00167'],
    quote:
      'When receiving a PUT or POST with a document type of multipart/mixed, an LRS MUST accept batches of Statements that contain Attachments in the Transmission Format described above. ... An LRS MUST include Attachments in the Transmission Format described above when requested by the Client' +
      ' ... The LRS MAY choose any Attachment, Statement and document size limits (a 413 is a warning).',
    async run(ctx: CheckContext) {
      const data = payload(size, size % 251);
      const statement = statementWith(ctx, [attachmentObject(data)]);
      const mp = multipartBody([statementPart(statement), attachmentPart(data)]);
      const res = await noStall('POST', size, () => sendMultipart(ctx, mp));
      if (res.status === 413) {
        // Any limit is allowed, however small: a warning, so the limit shows in the report.
        ctx.warn(`the LRS refuses a ${size}-byte attachment with 413`, '3.2.s3.b12: The LRS MAY choose any Attachment, Statement and document size limits and MAY vary this limit on any basis, e.g., per authority.');
        return;
      }
      ctx.expect.status(res, 200, `POST of a statement with a ${size}-byte attachment`);
      ctx.ledger.statements([statement.id]);
      await expectAttachmentBack(ctx, statement.id, data);
    },
  });
}

const REJECT_UNMATCHED =
  'When receiving a PUT or POST with a document type of multipart/mixed, an LRS MUST reject batches of Statements having Attachments that neither contain a fileUrl nor match a received Attachment part based on their hash.';

export const checks: Check[] = [
  attachmentCheck({
    slug: 'post-multipart-accepted',
    title: 'POST multipart/mixed with one attachment is accepted and returned with attachments=true',
    requirements: ['XAPI-00167', 'XAPI-00146'],
    quote: 'An LRS MUST accept batches of Statements that contain Attachments in the Transmission Format ... If the "attachment" property of a GET Statement is used and is set to true, the LRS MUST use the multipart response format and include all Attachments',
    async run(ctx: CheckContext) {
      const data = Buffer.from('Certificate of conformance\n');
      const statement = statementWith(ctx, [attachmentObject(data, { contentType: 'text/plain' })]);
      const res = await sendMultipart(ctx, multipartBody([statementPart(statement), attachmentPart(data, { 'Content-Type': 'text/plain' })]));
      ctx.expect.status(res, 200, 'POST multipart/mixed with one attachment');
      ctx.ledger.statements([statement.id]);
      await expectAttachmentBack(ctx, statement.id, data);
    },
  }),
  attachmentCheck({
    slug: 'sha512-hash-accepted',
    title: 'an attachment identified by a SHA-512 hash is accepted and returned',
    requirements: ['XAPI-00103', 'XAPI-00167'],
    quote:
      'sha2: The SHA-2 hash of the Attachment data. ... A Learning Record Provider SHOULD use SHA-256, SHA-384, or SHA-512 to populate the "sha2" property. ... it can match the raw data of an Attachment(s) with the Attachment header by comparing the SHA-2 of the raw data to the SHA-2 declared in the header.',
    async run(ctx: CheckContext) {
      const data = payload(200, 21);
      const sha512 = createHash('sha512').update(data).digest('hex');
      const statement = statementWith(ctx, [attachmentObject(data, { sha2: sha512 })]);
      const res = await sendMultipart(ctx, multipartBody([statementPart(statement), attachmentPart(data, { 'X-Experience-API-Hash': sha512 })]));
      ctx.expect.status(res, 200, 'POST of an attachment whose sha2 is SHA-512');
      ctx.ledger.statements([statement.id]);
      await fetchStatement(ctx, statement.id);
      const back = await ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: statement.id, attachments: 'true' } });
      ctx.expect.status(back, 200, 'GET statementId&attachments=true');
      const part = readMultipart(ctx, back).slice(1).find((p) => p.headers['x-experience-api-hash'] === sha512);
      ctx.expect.ok(part?.body.equals(data), 'the attachment comes back under its SHA-512 hash with the same bytes', {
        actual: readMultipart(ctx, back).map((p) => p.headers),
      });
    },
  }),
  attachmentCheck({
    slug: 'put-multipart-accepted',
    title: 'PUT multipart/mixed with one attachment is accepted with 204',
    requirements: ['XAPI-00143', 'XAPI-00167'],
    quote: 'This capability will be available when issuing PUT or POST requests against the Statement Resource.',
    async run(ctx: CheckContext) {
      const data = payload(300, 3);
      const statement = statementWith(ctx, [attachmentObject(data)]);
      const res = await sendMultipart(ctx, multipartBody([statementPart(statement), attachmentPart(data)]), {
        method: 'PUT',
        statementId: statement.id,
      });
      ctx.expect.status(res, 204, 'PUT multipart/mixed with one attachment');
      ctx.ledger.statements([statement.id]);
      await expectAttachmentBack(ctx, statement.id, data);
    },
  }),
  attachmentCheck({
    slug: 'batch-two-statements',
    title: 'a batch whose two statements share one attachment sent once, plus one of their own, is accepted',
    requirements: ['XAPI-00146'],
    quote: 'A Learning Record Provider MAY send multiple Statements where some or all have Attachments if using POST. ... SHOULD only include one copy of an Attachment\'s data when the same Attachment is used in multiple Statements that are sent together.',
    async run(ctx: CheckContext) {
      const shared = payload(100, 1);
      const own = payload(50, 2);
      const a = statementWith(ctx, [attachmentObject(shared)]);
      const b = statementWith(ctx, [attachmentObject(shared), attachmentObject(own)]);
      const res = await sendMultipart(ctx, multipartBody([statementPart([a, b]), attachmentPart(shared), attachmentPart(own)]));
      ctx.expect.status(res, 200, 'POST of two statements with attachments');
      ctx.ledger.statements([a.id, b.id]);
      await expectAttachmentBack(ctx, a.id, shared);
      await expectAttachmentBack(ctx, b.id, own);
    },
  }),
  attachmentCheck({
    slug: 'query-attachments-true',
    title: 'a query with attachments=true answers multipart: the StatementResult first, then the attachment',
    section: 'Communication 2.1.3 GET Statements',
    requirements: ['XAPI-00167'],
    quote: 'attachments: If true, the LRS uses the multipart response format and includes all attachments as described previously.',
    async run(ctx: CheckContext) {
      const data = payload(64, 9);
      const registration = ctx.ns.registration();
      const statement = buildStatement(ctx, { id: ctx.ns.uuid(), context: { registration }, attachments: [attachmentObject(data)] });
      const res = await sendMultipart(ctx, multipartBody([statementPart(statement), attachmentPart(data)]));
      ctx.expect.status(res, 200, 'POST multipart/mixed');
      ctx.ledger.statements([statement.id]);
      await queryUntil(ctx, { registration }, [statement.id]);
      const answer = await ctx.client.request({ method: 'GET', path: 'statements', query: { registration, attachments: 'true' } });
      ctx.expect.status(answer, 200, 'GET statements?registration&attachments=true');
      const parts = readMultipart(ctx, answer);
      const result = JSON.parse(parts[0]!.body.toString('utf8'));
      ctx.expect.ok(Array.isArray(result.statements) && result.statements[0]?.id === statement.id, 'the first part is the StatementResult', {
        actual: result,
      });
      const part = parts.slice(1).find((p) => p.headers['x-experience-api-hash'] === sha256(data));
      ctx.expect.ok(part?.body.equals(data), 'the attachment part follows with the same bytes', { actual: parts.map((p) => p.headers) });
    },
  }),
  attachmentCheck({
    slug: 'attachments-false-json',
    title: 'without attachments=true a statement with attachments comes back as application/json',
    section: 'Communication 2.1.3 GET Statements',
    requirements: ['XAPI-00161'],
    quote: 'If the "attachment" property of a GET statement is used and is set to false, the LRS MUST NOT include Attachment raw data and MUST report application/json.',
    async run(ctx: CheckContext) {
      const data = payload(32, 4);
      const statement = statementWith(ctx, [attachmentObject(data)]);
      ctx.expect.status(await sendMultipart(ctx, multipartBody([statementPart(statement), attachmentPart(data)])), 200, 'POST multipart/mixed');
      ctx.ledger.statements([statement.id]);
      await fetchStatement(ctx, statement.id);
      for (const query of [{ statementId: statement.id as string }, { statementId: statement.id as string, attachments: 'false' }] as Record<string, string>[]) {
        const res = await ctx.client.request({ method: 'GET', path: 'statements', query });
        ctx.expect.status(res, 200, `GET ${new URLSearchParams(query)}`);
        const type = ctx.expect.header(res, 'Content-Type');
        ctx.expect.ok(/^application\/json\b/i.test(type), 'Content-Type without attachments=true', { expected: 'application/json', actual: type });
        warnUnlessAttachmentObject(ctx, res.json(), sha256(data), `GET ${new URLSearchParams(query)}`);
      }
    },
  }),
  attachmentCheck({
    slug: 'hash-matches-no-attachment-400',
    title: 'an attachment part whose X-Experience-API-Hash matches no attachment object is rejected with 400',
    requirements: ['XAPI-00132', 'XAPI-00129'],
    quote: REJECT_UNMATCHED,
    async run(ctx: CheckContext) {
      const data = payload(40, 5);
      const statement = statementWith(ctx, [attachmentObject(data)]);
      const res = await sendMultipart(ctx, multipartBody([statementPart(statement), attachmentPart(data, { 'X-Experience-API-Hash': sha256('something else') })]));
      await expectRejected(ctx, statement, res, 'multipart whose part hash differs from the statement\'s sha2');
    },
  }),
  attachmentCheck({
    slug: 'content-differs-from-hash-400',
    title: 'an attachment part whose bytes do not have the declared SHA-2 is rejected with 400',
    requirements: ['XAPI-00132'],
    quote:
      'If it accepts the request, it can match the raw data of an Attachment(s) with the Attachment header by comparing the SHA-2 of the raw data to the SHA-2 declared in the header. (Whether the LRS must hash the received bytes is not stated: SHOULD)',
    level: 'SHOULD',
    async run(ctx: CheckContext) {
      const data = payload(40, 6);
      const statement = statementWith(ctx, [attachmentObject(data)]);
      const tampered = Buffer.from(data);
      tampered[0] = tampered[0]! ^ 0xff;
      const res = await sendMultipart(ctx, multipartBody([statementPart(statement), attachmentPart(tampered, { 'X-Experience-API-Hash': sha256(data) })]));
      await expectRejected(ctx, statement, res, 'multipart whose attachment bytes do not hash to the declared sha2');
    },
  }),
  attachmentCheck({
    slug: 'missing-hash-header-400',
    title: 'an attachment part without X-Experience-API-Hash is rejected with 400',
    requirements: ['XAPI-00132'],
    quote: 'MUST include an X-Experience-API-Hash parameter in each part\'s header after the first (Statements) part.',
    async run(ctx: CheckContext) {
      const data = payload(40, 7);
      const statement = statementWith(ctx, [attachmentObject(data)]);
      const res = await sendMultipart(ctx, multipartBody([statementPart(statement), attachmentPart(data, { 'X-Experience-API-Hash': undefined })]));
      await expectRejected(ctx, statement, res, 'attachment part without X-Experience-API-Hash');
    },
  }),
  attachmentCheck({
    slug: 'first-part-not-json-400',
    title: 'a first part whose Content-Type is not application/json is rejected with 400',
    requirements: ['XAPI-00134'],
    quote: 'The first part of the multipart document MUST contain the Statements themselves, with type application/json.',
    async run(ctx: CheckContext) {
      const data = payload(40, 8);
      const statement = statementWith(ctx, [attachmentObject(data)]);
      const res = await sendMultipart(ctx, multipartBody([statementPart(statement, 'text/plain'), attachmentPart(data)]));
      await expectRejected(ctx, statement, res, 'first part with Content-Type text/plain');
    },
  }),
  attachmentCheck({
    slug: 'missing-boundary-parameter-400',
    title: 'a multipart/mixed Content-Type without a boundary parameter is rejected with 400',
    requirements: ['XAPI-00131'],
    quote: 'An LRS rejects with error code 400 Bad Request, a PUT or POST Request which uses Attachments, has a "Content Type" header with value "multipart/mixed", and does not have a body header named "boundary"',
    async run(ctx: CheckContext) {
      const data = payload(40, 9);
      const statement = statementWith(ctx, [attachmentObject(data)]);
      const res = await sendMultipart(ctx, multipartBody([statementPart(statement), attachmentPart(data)]), { contentType: 'multipart/mixed' });
      await expectRejected(ctx, statement, res, 'Content-Type: multipart/mixed without boundary');
    },
  }),
  attachmentCheck({
    slug: 'missing-boundary-before-part-400',
    title: 'a body missing the boundary before the attachment part is rejected with 400',
    requirements: ['XAPI-00130'],
    quote: 'An LRS rejects with error code 400 Bad Request, a PUT or POST Request which uses Attachments, has a "Content Type" header with value "multipart/mixed", and does not have a Boundary before each "Content-Type" header',
    async run(ctx: CheckContext) {
      const data = payload(40, 10);
      const statement = statementWith(ctx, [attachmentObject(data)]);
      const res = await sendMultipart(ctx, multipartBody([statementPart(statement), attachmentPart(data)], { omitBoundaryBefore: 1 }));
      await expectRejected(ctx, statement, res, 'multipart body with no boundary before the attachment part');
    },
  }),
  attachmentCheck({
    slug: 'multipart-sent-as-json-400',
    title: 'a statement whose attachment has no fileUrl, sent as application/json (so without its data part), is rejected with 400',
    requirements: ['XAPI-00138'],
    quote:
      'An LRS rejects with error code 400 Bad Request, a PUT or POST Request which uses Attachments ... and does not have a body header named "Content-Type" with value "multipart/mixed". (1.5.2.s2.b1: It MUST be of type application/json and include a fileUrl for every Attachment ...)',
    async run(ctx: CheckContext) {
      // Well-formed JSON and a valid statement: only the missing multipart/mixed (the attachment needs its data) is wrong.
      const statement = statementWith(ctx, [attachmentObject(payload(40, 11))]);
      const res = await ctx.client.request({ method: 'POST', path: 'statements', body: statement });
      await expectRejected(ctx, statement, res, 'application/json statement whose attachment has no fileUrl');
    },
  }),
  attachmentCheck({
    slug: 'missing-transfer-encoding-400',
    title: 'an attachment part without Content-Transfer-Encoding: binary is rejected with 400',
    requirements: ['XAPI-00135'],
    quote:
      'MUST include a Content-Transfer-Encoding parameter with a value of binary in each part\'s header after the first (Statements) part. (But also: "an LRS SHOULD assume a Content-Transfer-Encoding of binary for Attachment parts", so an LRS that accepts the part is defensible: SHOULD)',
    level: 'SHOULD',
    async run(ctx: CheckContext) {
      const data = payload(40, 12);
      const statement = statementWith(ctx, [attachmentObject(data)]);
      const res = await sendMultipart(ctx, multipartBody([statementPart(statement), attachmentPart(data, { 'Content-Transfer-Encoding': undefined })]));
      await expectRejected(ctx, statement, res, 'attachment part without Content-Transfer-Encoding');
    },
  }),
  attachmentCheck({
    slug: 'missing-attachment-part-400',
    title: 'a statement declaring an attachment without fileUrl and without its part is rejected with 400',
    requirements: ['XAPI-00129'],
    quote: REJECT_UNMATCHED,
    async run(ctx: CheckContext) {
      const data = payload(40, 13);
      const statement = statementWith(ctx, [attachmentObject(data)]);
      const multipart = await sendMultipart(ctx, multipartBody([statementPart(statement)]));
      await expectRejected(ctx, statement, multipart, 'multipart without the declared attachment part');
      const json = await ctx.client.request({ method: 'POST', path: 'statements', body: statement });
      await expectRejected(ctx, statement, json, 'application/json statement with an attachment that has no fileUrl');
    },
  }),
  attachmentCheck({
    slug: 'extra-part-400',
    title: 'a part that is not an attachment of the statements is rejected with 400',
    requirements: ['XAPI-00128'],
    quote: 'An LRS rejects with error code 400 Bad Request, a PUT or POST Request which has excess multi-part sections that are not attachments.',
    async run(ctx: CheckContext) {
      const data = payload(40, 14);
      const statement = statementWith(ctx, [attachmentObject(data)]);
      const res = await sendMultipart(ctx, multipartBody([statementPart(statement), attachmentPart(data), attachmentPart(payload(10, 99))]));
      await expectRejected(ctx, statement, res, 'multipart with an extra part no attachment declares');
    },
  }),
  attachmentCheck({
    slug: 'statements-outside-first-part-400',
    title: 'statements sent in a later part instead of the first are rejected with 400',
    requirements: ['XAPI-00133'],
    quote:
      'An LRS rejects with error code 400 Bad Request, a PUT or POST Request which uses Attachments, has a "Content Type" header with value "multipart/mixed", and does not have all of the Statements in the first document part',
    async run(ctx: CheckContext) {
      const data = payload(40, 15);
      const a = statementWith(ctx, [attachmentObject(data)]);
      const b = buildStatement(ctx, { id: ctx.ns.uuid() });
      // The later statement part carries the per-part headers an attachment part needs (a hash of its own
      // content, binary encoding), so no missing-header rule applies. Black-box isolation ends there: no
      // statement in the first part declares that hash (declared, it would be a legitimate JSON attachment).
      const second = statementPart(b);
      second.headers['X-Experience-API-Hash'] = sha256(second.body);
      second.headers['Content-Transfer-Encoding'] = 'binary';
      const parts: Part[] = [statementPart(a), second, attachmentPart(data)];
      const res = await sendMultipart(ctx, multipartBody(parts));
      if (res.status < 300) ctx.ledger.statements([b.id]);
      await expectRejected(ctx, a, res, 'a second statement in a second application/json part');
    },
  }),
  attachmentCheck({
    slug: 'fileurl-only-multipart',
    title: 'multipart/mixed whose attachments all have a fileUrl, and no attachment parts, is accepted',
    requirements: [],
    quote: 'When receiving a PUT or POST with a document type of multipart/mixed, an LRS SHOULD* accept batches of Statements which contain only Attachment Objects with a populated fileUrl.',
    level: 'SHOULD',
    async run(ctx: CheckContext) {
      const data = payload(40, 16);
      const statement = statementWith(ctx, [attachmentObject(data, { fileUrl: 'https://xapi-conform.example/files/a.bin' })]);
      const res = await sendMultipart(ctx, multipartBody([statementPart(statement)]));
      ctx.expect.status(res, 200, 'multipart with only fileUrl attachments');
      ctx.ledger.statements([statement.id]);
      const back = await fetchStatement(ctx, statement.id);
      ctx.expect.equal(back.attachments?.[0]?.fileUrl, 'https://xapi-conform.example/files/a.bin', 'fileUrl of the stored attachment');
    },
  }),
  attachmentCheck({
    slug: 'fileurl-only-attachments-true',
    title: 'attachments=true for a statement whose only attachment is a fileUrl answers with the statement',
    section: 'Communication 2.1.3 GET Statements',
    requirements: ['XAPI-00167'],
    quote: 'If the "attachment" property of a GET Statement is used and is set to true, the LRS MUST use the multipart response format and include all Attachments',
    async run(ctx: CheckContext) {
      const data = payload(40, 17);
      const statement = statementWith(ctx, [attachmentObject(data, { fileUrl: 'https://xapi-conform.example/files/b.bin' })]);
      const posted = await ctx.client.request({ method: 'POST', path: 'statements', body: statement });
      ctx.expect.status(posted, 200, 'POST application/json with a fileUrl attachment');
      ctx.ledger.statements([statement.id]);
      await fetchStatement(ctx, statement.id);
      const res = await ctx.client.request({ method: 'GET', path: 'statements', query: { statementId: statement.id, attachments: 'true' } });
      ctx.expect.status(res, 200, 'GET statementId&attachments=true');
      const parts = readMultipart(ctx, res);
      ctx.expect.equal(JSON.parse(parts[0]!.body.toString('utf8')).id, statement.id, 'id of the statement in the first part');
    },
  }),
  attachmentCheck({
    slug: 'multipart-without-attachments',
    title: 'multipart/mixed holding only a statement without attachments is accepted',
    requirements: [],
    quote: 'When receiving a PUT or POST with a document type of multipart/mixed, an LRS SHOULD* accept batches of Statements which contain no Attachment Objects.',
    level: 'SHOULD',
    versions: ['1.0.3'],
    run: multipartWithoutAttachments,
  }),
  attachmentCheck({
    slug: 'multipart-without-attachments-2.0',
    title: 'multipart/mixed holding only a statement without attachments is accepted (2.0)',
    requirements: [],
    quote: '2.0: a request of content type multipart/mixed with no attachment parts is accepted when the statements carry no attachments.',
    versions: ['2.0.0'],
    run: multipartWithoutAttachments,
  }),
  sizeCheck(0, '0-bytes'),
  sizeCheck(1, '1-byte'),
  sizeCheck(64 * 1024, '64-KiB'),
  sizeCheck(1024 * 1024 + 17, '1-MiB'),
];

async function multipartWithoutAttachments(ctx: CheckContext): Promise<void> {
  const statement = buildStatement(ctx, { id: ctx.ns.uuid() });
  const res = await sendMultipart(ctx, multipartBody([statementPart(statement)]));
  ctx.expect.status(res, 200, 'multipart/mixed with a statement and no attachments');
  ctx.ledger.statements([statement.id]);
  await fetchStatement(ctx, statement.id);
}
