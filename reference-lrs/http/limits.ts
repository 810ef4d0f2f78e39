// Limits on hostile input (README, "Limits"): far above any statement or document the specification's
// examples or the suites use, low enough that one request cannot block the event loop for long, overflow
// the stack (serializing, validating) or inflate memory. Over a limit the answer is a JSON 400 or 413.
import { JsonLimitError, type JsonLimits } from '../../validation/index.js';
import { LrsError } from './errors.js';

/** JSON in request bodies and parameters: nesting depth, and object properties plus array elements. */
export const JSON_LIMITS: JsonLimits = { maxDepth: 100, maxItems: 100_000 };

/** JSON the LRS parses: statements (a body or the first multipart part) and JSON documents. Parsing, validating
 *  or merging and storing that much takes a few hundred milliseconds of one event-loop turn already (a 60 MB
 *  document blocked it over a second). Attachments and other documents only have the body limit. */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;

/** 413 for JSON over MAX_JSON_BYTES, before it is decoded. */
export function refuseOversizedJson(data: Uint8Array, what: string): void {
  if (data.byteLength > MAX_JSON_BYTES) {
    throw new LrsError(413, `${what} is ${data.byteLength} bytes of JSON, over the limit of this LRS (${MAX_JSON_BYTES}).`);
  }
}

/** Statements in one POST: each is validated, serialized and indexed in the same event-loop turn (about
 *  75 µs each on a 2-core machine; a batch of 14,000 blocked the loop for a second). */
export const MAX_BATCH_STATEMENTS = 2000;

/** Parts of a multipart/mixed statement request: the statement part and the attachments' data. */
export const MAX_MULTIPART_PARTS = 1000;

/** Fields of an Alternate Request Syntax form: the syntax needs a handful. (A plain query string is bounded by
 *  Node's 16 KiB header limit.) */
export const MAX_FORM_FIELDS = 1000;

/** Alternate Request Syntax fields other than "content" (headers and parameters), together: four times what
 *  Node allows for the headers and query string of a plain request. */
export const MAX_FORM_HEADER_AND_PARAMETER_CHARS = 64 * 1024;

/** The LRS's answer to JSON over a limit: 413 for too many items (size), 400 for too deep; undefined otherwise. */
export function jsonLimitRefusal(error: unknown, what: string): LrsError | undefined {
  if (!(error instanceof JsonLimitError)) return undefined;
  return new LrsError(error.limit === 'maxItems' ? 413 : 400, `${what} is over a limit of this LRS: ${error.message}.`);
}
