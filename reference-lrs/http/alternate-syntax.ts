// Alternate Request Syntax (Communication 1.3, 1.0.3 only): POST ?method=X with a form body whose header
// fields become headers, "content" becomes the body and everything else becomes the query string.
// The rewrite happens before the version check (the version may itself be a form field); 2.0 requests
// that use it are refused afterwards by rejectAlternateSyntaxOn2.
import type { RequestHandler } from 'express';
import { LrsError } from './errors.js';
import { MAX_FORM_FIELDS, MAX_FORM_HEADER_AND_PARAMETER_CHARS } from './limits.js';

const HEADER_FIELDS = ['authorization', 'x-experience-api-version', 'content-type', 'content-length', 'if-match', 'if-none-match'];
const METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];

export const alternateSyntax: RequestHandler = (req, res, next) => {
  const query = req.query as Record<string, unknown>;
  if (req.method !== 'POST' || !('method' in query)) return next();
  res.locals.alternateSyntax = true;
  const rest = Object.keys(query).filter((k) => k !== 'method');
  if (rest.length) return next(new LrsError(400, `Alternate Request Syntax: the only query parameter allowed is "method" (got ${rest.join(', ')}).`));
  const method = String(query.method).toUpperCase();
  if (!METHODS.includes(method)) return next(new LrsError(400, `Alternate Request Syntax: unsupported method ${JSON.stringify(query.method)}.`));
  if (!req.is('application/x-www-form-urlencoded')) {
    return next(new LrsError(400, 'Alternate Request Syntax requires Content-Type application/x-www-form-urlencoded.'));
  }
  const text = (req.body as Buffer).toString('utf8');
  if (fieldCount(text) > MAX_FORM_FIELDS) {
    return next(new LrsError(413, `Alternate Request Syntax: more than ${MAX_FORM_FIELDS} form fields (a limit of this LRS).`));
  }
  // Bounded like the headers and query string they stand for, before anything is decoded.
  if (encodedCharsBesideContent(text) > MAX_FORM_HEADER_AND_PARAMETER_CHARS) {
    return next(new LrsError(413, `Alternate Request Syntax: header and parameter fields over ${MAX_FORM_HEADER_AND_PARAMETER_CHARS} characters (a limit of this LRS).`));
  }
  const form = new URLSearchParams(text);
  const params = new URLSearchParams();
  let content: string | undefined;
  delete req.headers['content-type'];
  for (const [name, value] of form) {
    const lower = name.toLowerCase();
    if (name === 'content') content = value;
    else if (HEADER_FIELDS.includes(lower)) req.headers[lower] = value;
    else params.append(name, value);
  }
  delete req.headers['content-length'];
  req.body = Buffer.from(content ?? '', 'utf8');
  if (content !== undefined && req.headers['content-type'] === undefined) req.headers['content-type'] = 'application/json';
  const search = params.toString();
  req.url = `${req.path}${search ? `?${search}` : ''}`;
  req.method = method;
  next();
};

export const rejectAlternateSyntaxOn2: RequestHandler = (_req, res, next) => {
  if (res.locals.alternateSyntax && res.locals.xapiVersion === '2.0.0') {
    return next(new LrsError(400, 'Alternate Request Syntax was removed in xAPI 2.0.'));
  }
  next();
};

/** Fields of a form body, counted by their "&" separators (an upper bound: empty fields count too). */
function fieldCount(text: string): number {
  let count = 1;
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) count++;
  return count;
}

/** Length of the fields other than "content", still encoded (at least their decoded length). */
function encodedCharsBesideContent(text: string): number {
  let total = 0;
  for (const field of text.split('&')) {
    const equals = field.indexOf('=');
    const rawName = equals === -1 ? field : field.slice(0, equals);
    const name = /[%+]/.test(rawName) ? new URLSearchParams(`${rawName}=`).keys().next().value : rawName;
    if (name !== 'content') total += field.length;
  }
  return total;
}
