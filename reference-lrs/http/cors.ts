// CORS for browser-based Learning Record Providers: any origin, the xAPI request headers, and the
// response headers a client needs to read (versions, consistency, concurrency).
import type { RequestHandler } from 'express';

const ALLOW_HEADERS = [
  'Authorization',
  'Content-Type',
  'Content-Length',
  'X-Experience-API-Version',
  'X-Experience-API-Hash',
  'Content-Transfer-Encoding',
  'If-Match',
  'If-None-Match',
  'Accept-Language',
].join(', ');
const EXPOSE_HEADERS = [
  'ETag',
  'Last-Modified',
  'Content-Type',
  'Content-Length',
  'X-Experience-API-Version',
  'X-Experience-API-Consistent-Through',
  'WWW-Authenticate',
].join(', ');

export const cors: RequestHandler = (req, res, next) => {
  const origin = req.get('Origin');
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
  if (origin) {
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.vary('Origin');
  }
  res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, PUT, POST, DELETE, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', req.get('Access-Control-Request-Headers') ?? ALLOW_HEADERS);
    res.setHeader('Access-Control-Max-Age', '86400');
    res.status(204).end();
    return;
  }
  next();
};
