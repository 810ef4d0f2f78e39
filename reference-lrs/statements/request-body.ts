// Reads the body of PUT/POST /statements: application/json, or multipart/mixed (Communication 1.5.2) whose
// first part is the statement(s) as application/json and whose other parts are attachment data, each with
// X-Experience-API-Hash (matched against its SHA-2) and Content-Transfer-Encoding: binary.
// Parser: @remix-run/multipart-parser, a maintained, dependency-light RFC 2046 parser for any multipart/*
// subtype (busboy and multer only accept multipart/form-data with Content-Disposition names).
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { MultipartParseError } from '@remix-run/multipart-parser';
import { parseMultipartMixed } from '../../validation/multipart.js';
import { LrsError, badRequest } from '../http/errors.js';
import { MAX_MULTIPART_PARTS, jsonLimitRefusal, refuseOversizedJson } from '../http/limits.js';
import { parseJsonStrict } from '../validation-adapter.js';

export interface StatementsBody {
  payload: unknown;
  /** Attachment data by lower-case SHA-2 hex. */
  parts: Map<string, { data: Buffer; contentType?: string }>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(data: Uint8Array, what: string): string {
  try {
    return utf8.decode(data);
  } catch {
    throw badRequest(`${what} is not valid UTF-8.`);
  }
}

export function parseJsonBody(data: Uint8Array, what: string): unknown {
  refuseOversizedJson(data, what);
  const text = decodeUtf8(data, what);
  try {
    return parseJsonStrict(text);
  } catch (err) {
    throw jsonLimitRefusal(err, what) ?? badRequest(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Media type (lower case) and parameters of a Content-Type value (RFC 2045 token or quoted-string values). */
export function mediaType(header: string | undefined): { type: string; parameters: Record<string, string> } | undefined {
  if (!header) return undefined;
  const [type, ...rest] = header.split(';');
  const parameters: Record<string, string> = {};
  for (const match of rest.join(';').matchAll(/([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^;\s]+)/g)) {
    parameters[match[1].toLowerCase()] = match[3] !== undefined ? match[3].replace(/\\(.)/g, '$1') : match[2];
  }
  return { type: type.trim().toLowerCase(), parameters };
}

/** The SHA-2 variant is told by the digest length (SHA-256, SHA-384, SHA-512). */
function sha2Of(data: Uint8Array, hexLength: number): string | undefined {
  const algorithm = hexLength === 64 ? 'sha256' : hexLength === 96 ? 'sha384' : hexLength === 128 ? 'sha512' : undefined;
  return algorithm && createHash(algorithm).update(data).digest('hex');
}

export function readStatementsBody(req: Request, bodyLimit: number): StatementsBody {
  const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const type = mediaType(req.get('Content-Type'));
  if (type?.type === 'application/json') return { payload: parseJsonBody(body, 'The request body'), parts: new Map() };
  if (type?.type !== 'multipart/mixed') {
    throw badRequest('Statements must be sent as application/json or multipart/mixed (Communication 1.5).');
  }
  const boundary = type.parameters.boundary;
  if (!boundary) throw badRequest('multipart/mixed Content-Type without a boundary parameter.');
  const parts: StatementsBody['parts'] = new Map();
  let payload: unknown;
  let index = 0;
  try {
    for (const part of parseMultipartMixed(body, {
      boundary,
      maxFileSize: bodyLimit,
      maxTotalSize: bodyLimit,
      maxHeaderSize: 64 * 1024,
      maxParts: MAX_MULTIPART_PARTS,
    })) {
      const headers = part.headers;
      if (index++ === 0) {
        if (mediaType(headers['content-type'])?.type !== 'application/json') {
          throw badRequest('The first part of a multipart/mixed statement request must have Content-Type application/json.');
        }
        payload = parseJsonBody(part.bytes, 'The statement part');
        continue;
      }
      const declared = headers['x-experience-api-hash']?.trim().toLowerCase();
      if (!declared) throw badRequest(`Attachment part ${index - 1} has no X-Experience-API-Hash header.`);
      const encoding = headers['content-transfer-encoding']?.trim().toLowerCase();
      if (encoding !== 'binary') {
        throw badRequest(`Attachment part ${index - 1} must have Content-Transfer-Encoding: binary (got ${encoding ?? 'none'}).`);
      }
      const data = Buffer.from(part.bytes.buffer, part.bytes.byteOffset, part.bytes.byteLength);
      if (sha2Of(data, declared.length) !== declared) {
        throw badRequest(`Attachment part ${index - 1}: X-Experience-API-Hash ${declared} is not the SHA-2 of its content.`);
      }
      parts.set(declared, { data, contentType: headers['content-type'] });
    }
  } catch (err) {
    if (err instanceof LrsError) throw err;
    if (err instanceof MultipartParseError) {
      if (/exceed/i.test(err.message)) throw new LrsError(413, `multipart body over the configured limit: ${err.message}`);
      throw badRequest(`Malformed multipart/mixed body: ${err.message}`);
    }
    throw badRequest(`Malformed multipart/mixed body: ${(err as Error).message}`);
  }
  if (index === 0) throw badRequest('The multipart/mixed body has no parts.');
  return { payload, parts };
}
