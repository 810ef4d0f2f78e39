// Data 2.6 Signed Statements: a JWS over the statement, sent as an attachment part.
import { type Check, type Level, checkFamily } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import { buildStatement, clone, fetchStatement, type Statement } from './lib/statements.js';
import { attachmentPart, multipartBody, sendMultipart, sha256, statementPart, warnUnlessAttachmentObject } from './lib/multipart.js';
import { SIGNATURE_USAGE, signHs256, signingKeys, signJws } from './lib/signing.js';

const SECTION = 'Data 2.6 Signed Statements';
const REJECT_MALFORMED = 'The LRS MUST reject requests to store Statements that contain malformed signatures, with 400 Bad Request.';

/** The statement plus its signature attachment object, and the multipart request carrying the signature. */
function signedRequest(statement: Statement, signature: Buffer, contentType = 'application/octet-stream') {
  const signed = clone(statement);
  signed.attachments = [
    ...(signed.attachments ?? []),
    { usageType: SIGNATURE_USAGE, display: { 'en-US': 'signature' }, contentType, length: signature.length, sha2: sha256(signature) },
  ];
  return { signed, body: multipartBody([statementPart(signed), attachmentPart(signature, { 'Content-Type': contentType })]) };
}

const signedFamily = checkFamily({ idPrefix: 'statements.signed', suite: 'statements', section: SECTION, tags: ['signed', 'attachments'] });

function signedCheck(slug: string, title: string, requirements: string[], quote: string, level: Level, run: (ctx: CheckContext) => Promise<void>): Check {
  return signedFamily({ slug, title, requirements, quote, level, run });
}

function acceptsValid(alg: 'RS256' | 'RS384' | 'RS512', withCertificate: boolean): Check {
  return signedCheck(
    `valid-${alg.toLowerCase()}${withCertificate ? '' : '-no-x5c'}`,
    `a statement signed with ${alg}${withCertificate ? ' (x5c certificate)' : ' (no certificate)'} is accepted (its signature object missing on return is a warning)`,
    ['XAPI-00115', 'XAPI-00116', 'XAPI-00117'],
    'A Signed Statement MUST include a JSON web signature (JWS) ... as an Attachment with a usageType of http://adlnet.gov/expapi/attachments/signature and a contentType of application/octet-stream. ... The JWS signature MUST use an algorithm of "RS256", "RS384", or "RS512".',
    'MUST',
    async (ctx: CheckContext) => {
      const [key] = await signingKeys();
      const statement = buildStatement(ctx, { id: ctx.ns.uuid() });
      const jws = await signJws(JSON.stringify(statement), alg, key, withCertificate ? key.certificate : undefined);
      const { body } = signedRequest(statement, Buffer.from(jws));
      const res = await sendMultipart(ctx, body);
      ctx.expect.status(res, 200, `POST of a statement signed with ${alg}`);
      ctx.ledger.statements([statement.id]);
      const stored = await fetchStatement(ctx, statement.id);
      warnUnlessAttachmentObject(ctx, stored, sha256(jws), 'the signature attachment object');
    },
  );
}

function rejects(slug: string, title: string, requirements: string[], quote: string, level: Level, build: (ctx: CheckContext, statement: Statement) => Promise<{ body: ReturnType<typeof multipartBody> }>): Check {
  return signedCheck(slug, title, requirements, quote, level, async (ctx: CheckContext) => {
    const statement = buildStatement(ctx, { id: ctx.ns.uuid() });
    const { body } = await build(ctx, statement);
    const res = await sendMultipart(ctx, body);
    if (res.status < 300) ctx.ledger.statements([statement.id]);
    ctx.expect.status(res, 400, title);
  });
}

export const checks: Check[] = [
  acceptsValid('RS256', true),
  acceptsValid('RS384', true),
  acceptsValid('RS512', true),
  acceptsValid('RS256', false),
  rejects(
    'altered-payload-400',
    'a statement that differs from the signed payload is rejected with 400',
    ['XAPI-00116'],
    'The JWS signature MUST have a payload of a valid JSON serialization of the complete Statement before the signature was added. ... Validate that the original Statement is logically equivalent to the received Statement. ' + REJECT_MALFORMED,
    'MUST',
    async (ctx, statement) => {
      const [key] = await signingKeys();
      const jws = await signJws(JSON.stringify(statement), 'RS256', key, key.certificate);
      const altered = clone(statement);
      altered.result = { success: false };
      return signedRequest(altered, Buffer.from(jws));
    },
  ),
  rejects(
    'signature-by-other-key-400',
    'a signature that does not verify against the x5c certificate is rejected with 400',
    ['XAPI-00117'],
    'If the JWS header includes an X.509 certificate, validate the signature against that certificate as defined in JWS. ' + REJECT_MALFORMED,
    'MUST',
    async (_ctx, statement) => {
      const [signer, other] = await signingKeys();
      const jws = await signJws(JSON.stringify(statement), 'RS256', signer, other.certificate);
      return signedRequest(statement, Buffer.from(jws));
    },
  ),
  rejects(
    'corrupted-signature-400',
    'a JWS whose signature bytes were changed is rejected with 400',
    ['XAPI-00117'],
    'If the JWS header includes an X.509 certificate, validate the signature against that certificate as defined in JWS. ' + REJECT_MALFORMED,
    'MUST',
    async (_ctx, statement) => {
      const [key] = await signingKeys();
      const jws = await signJws(JSON.stringify(statement), 'RS256', key, key.certificate);
      const [header, payload, signature] = jws.split('.');
      const flipped = (signature![5] === 'A' ? 'B' : 'A') + '';
      const corrupted = `${header}.${payload}.${signature!.slice(0, 5)}${flipped}${signature!.slice(6)}`;
      return signedRequest(statement, Buffer.from(corrupted));
    },
  ),
  rejects(
    'hs256-400',
    'a JWS using HS256 (not RS256/384/512) is rejected with 400',
    ['XAPI-00117'],
    'The JWS signature MUST use an algorithm of "RS256", "RS384", or "RS512". The LRS must reject with 400 a statement which does not use one of these algorithms',
    'MUST',
    async (_ctx, statement) => signedRequest(statement, Buffer.from(await signHs256(JSON.stringify(statement)))),
  ),
  rejects(
    'ps256-400',
    'a JWS using PS256 (RSA-PSS, not RS256/384/512) is rejected with 400',
    ['XAPI-00117'],
    'The JWS signature MUST use an algorithm of "RS256", "RS384", or "RS512". The LRS must reject with 400 a statement which does not use one of these algorithms',
    'MUST',
    async (_ctx, statement) => {
      const [key] = await signingKeys();
      return signedRequest(statement, Buffer.from(await signJws(JSON.stringify(statement), 'PS256', key, key.certificate)));
    },
  ),
  rejects(
    'payload-not-json-400',
    'a JWS whose payload is not JSON is rejected with 400',
    ['XAPI-00116'],
    'The JWS signature MUST have a payload of a valid JSON serialization of the complete Statement before the signature was added. The LRS must reject with 400 a statement which does not have a valid JSON serialization.',
    'MUST',
    async (_ctx, statement) => {
      const [key] = await signingKeys();
      return signedRequest(statement, Buffer.from(await signJws('this is not a statement', 'RS256', key, key.certificate)));
    },
  ),
  rejects(
    'not-a-jws-400',
    'a signature attachment whose content is not a JWS is rejected with 400',
    ['XAPI-00115'],
    'The LRS must reject with 400 a statement which has usageType of http://adlnet.gov/expapi/attachments/signature and a contentType of application/octet-stream but does not have a signature attached.',
    'MUST',
    async (_ctx, statement) => signedRequest(statement, Buffer.from('definitely not a JSON web signature')),
  ),
  signedCheck(
    'other-usagetype-not-verified',
    'a JWS attached with a usageType other than the signature IRI is an ordinary attachment: not verified, accepted',
    [],
    'A Signed Statement MUST include a JSON web signature (JWS) ... as an Attachment with a usageType of http://adlnet.gov/expapi/attachments/signature ... (an attachment with another usageType is not a signature, so nothing requires or allows its rejection: SHOULD)',
    'SHOULD',
    async (ctx: CheckContext) => {
      const [key] = await signingKeys();
      const statement = buildStatement(ctx, { id: ctx.ns.uuid() });
      const jws = Buffer.from(await signJws(JSON.stringify({ ...statement, result: { success: false } }), 'RS256', key, key.certificate));
      const sent = clone(statement);
      sent.attachments = [
        { usageType: 'https://xapi-conform.example/attachment/not-a-signature', display: { 'en-US': 'a JWS' }, contentType: 'application/octet-stream', length: jws.length, sha2: sha256(jws) },
      ];
      const res = await sendMultipart(ctx, multipartBody([statementPart(sent), attachmentPart(jws)]));
      ctx.expect.status(res, 200, 'POST with a JWS (not matching the statement) under a non-signature usageType');
      ctx.ledger.statements([statement.id]);
    },
  ),
  rejects(
    'wrong-content-type-400',
    'a signature attachment whose contentType is not application/octet-stream is rejected with 400',
    ['XAPI-00115'],
    'A Signed Statement MUST include a JSON web signature (JWS) ... as an Attachment with a usageType of http://adlnet.gov/expapi/attachments/signature and a contentType of application/octet-stream. (Whether the LRS must reject other content types is not stated: SHOULD)',
    'SHOULD',
    async (_ctx, statement) => {
      const [key] = await signingKeys();
      return signedRequest(statement, Buffer.from(await signJws(JSON.stringify(statement), 'RS256', key, key.certificate)), 'application/json');
    },
  ),
];
