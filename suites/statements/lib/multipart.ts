// Building multipart/mixed statement requests (Communication 1.5.2) and reading multipart answers.
// Building is done by hand on purpose: checks need to break the format in precise ways.
import { createHash, randomBytes } from 'node:crypto';
import { parseMultipartMixed } from '../../../validation/multipart.js';
import type { CheckContext, XapiResponse } from '../../../harness/context.js';

export interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The first part: the statement(s) as application/json. */
export function statementPart(statements: unknown, contentType = 'application/json'): Part {
  return { headers: { 'Content-Type': contentType }, body: Buffer.from(JSON.stringify(statements)) };
}

/** An attachment part with the headers the spec requires (each can be overridden or removed with undefined). */
export function attachmentPart(data: Buffer, headers: Record<string, string | undefined> = {}): Part {
  const all: Record<string, string | undefined> = {
    'Content-Type': 'application/octet-stream',
    'Content-Transfer-Encoding': 'binary',
    'X-Experience-API-Hash': sha256(data),
    ...headers,
  };
  return { headers: Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined)), body: data };
}

const ATTACHMENTS_NOT_IN_STATEMENT =
  'Data 2.3.1.b6 (exceptions to immutability): Attachments. These are not part of Statements and an LRS will return Statements without Attachments when a Client requests them';

/**
 * Whether a returned statement still carries the attachment object with this sha2. Nothing makes it a
 * MUST (Data 2.3.1.b6 lists Attachments among the exceptions to immutability), so its absence is a warning.
 */
export function warnUnlessAttachmentObject(ctx: CheckContext, statement: { attachments?: unknown }, sha2: string, what: string): void {
  const objects = Array.isArray(statement?.attachments) ? statement.attachments : [];
  if (!objects.some((a: any) => a?.sha2 === sha2)) {
    ctx.warn(`${what}: the returned statement has no attachment object with sha2 ${sha2} (attachments: ${JSON.stringify(statement?.attachments)})`, ATTACHMENTS_NOT_IN_STATEMENT);
  }
}

/** The attachment object describing `data`. */
export function attachmentObject(data: Buffer, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    usageType: 'https://xapi-conform.example/attachment/usage',
    display: { 'en-US': 'conformance attachment' },
    contentType: 'application/octet-stream',
    length: data.length,
    sha2: sha256(data),
    ...overrides,
  };
}

export interface MultipartBody {
  body: Buffer;
  boundary: string;
  /** The Content-Type header to send. */
  contentType: string;
}

/** Serialises parts as RFC 2046 multipart/mixed. `omitBoundaryBefore` leaves out the delimiter before part i. */
export function multipartBody(parts: Part[], opts: { omitBoundaryBefore?: number } = {}): MultipartBody {
  const boundary = `xapi-conform-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  parts.forEach((part, i) => {
    if (i !== opts.omitBoundaryBefore) chunks.push(Buffer.from(`--${boundary}\r\n`));
    const head = Object.entries(part.headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    chunks.push(Buffer.from(`${head}\r\n`), part.body, Buffer.from('\r\n'));
  });
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), boundary, contentType: `multipart/mixed; boundary=${boundary}` };
}

/** POSTs (or PUTs) a multipart body with the given Content-Type header. */
export async function sendMultipart(
  ctx: CheckContext,
  mp: MultipartBody,
  opts: { method?: 'POST' | 'PUT'; statementId?: string; contentType?: string } = {},
): Promise<XapiResponse> {
  return ctx.client.request({
    method: opts.method ?? 'POST',
    path: 'statements',
    query: opts.statementId ? { statementId: opts.statementId } : undefined,
    headers: { 'Content-Type': opts.contentType ?? mp.contentType },
    body: mp.body,
  });
}

/** Splits a multipart answer into parts (headers lower-cased); fails the check when it is not multipart. */
export function readMultipart(ctx: CheckContext, res: XapiResponse): Part[] {
  const type = ctx.expect.header(res, 'Content-Type', 'of the attachments=true answer');
  const match = /^multipart\/mixed\s*;.*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  if (!match) ctx.expect.fail('the answer to attachments=true is multipart/mixed with a boundary', { expected: 'multipart/mixed; boundary=…', actual: type });
  const boundary = match[1] ?? match[2]!;
  try {
    return [...parseMultipartMixed(res.body, { boundary, maxFileSize: 64 * 1024 * 1024, maxTotalSize: 256 * 1024 * 1024 })].map((p) => ({
      headers: Object.fromEntries(Object.entries(p.headers).filter((e): e is [string, string] => e[1] !== undefined)),
      body: Buffer.from(p.bytes),
    }));
  } catch (err) {
    const parserError = (err as Error).message;
    ctx.expect.fail(`the multipart answer could not be parsed (RFC 2046): ${parserError}`, { expected: 'a multipart/mixed body (RFC 2046 5.1.1)', actual: parserError });
  }
}
