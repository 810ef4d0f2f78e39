// Reading a multipart/mixed body (Communication 1.5.2, RFC 2046 5.1.1), shared by the reference LRS
// (requests), the statement suites (attachments=true answers) and the forwarding sink (deliveries).
// RFC 2046 5.1.1: multipart-body := [preamble CRLF] dash-boundary transport-padding CRLF body-part ...
// so anything, a lone CRLF included, may come before the first delimiter line. @remix-run/multipart-parser
// (0.16, the latest) has no option for that and throws "missing initial boundary" unless the body opens
// with the delimiter: the body is handed to it from the first delimiter line on.
import { parseMultipart, type MultipartPart, type ParseMultipartOptions } from '@remix-run/multipart-parser';

/** The body from its first delimiter line on ("--boundary" at the start, or after a CRLF); unchanged without one. */
function fromFirstDelimiter(body: Uint8Array, boundary: string): Uint8Array {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const dashBoundary = `--${boundary}`;
  if (bytes.subarray(0, dashBoundary.length).toString('latin1') === dashBoundary) return body;
  const at = bytes.indexOf(`\r\n${dashBoundary}`, 0, 'latin1');
  return at < 0 ? body : body.subarray(at + 2);
}

/** parseMultipart, with a preamble allowed before the first delimiter. */
export function parseMultipartMixed(body: Uint8Array, options: ParseMultipartOptions): Generator<MultipartPart, void, unknown> {
  return parseMultipart(fromFirstDelimiter(body, options.boundary), options);
}
