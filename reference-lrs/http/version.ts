// X-Experience-API-Version rules (Communication 3.3; 2.0 delta "Versioning"): every response carries the
// header; requests without a supported version get 400, except GET/HEAD /about.
import type { RequestHandler } from 'express';
import { LrsError } from './errors.js';

export type XapiVersion = '1.0.3' | '2.0.0';

/** Maps a request header value to the version served, or undefined when unsupported. */
export function negotiateVersion(header: string | undefined, supported: readonly string[]): XapiVersion | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^1\.0(\.\d+)?$/.test(value) && supported.includes('1.0.3')) return '1.0.3';
  if (/^2\.0(\.\d+)?$/.test(value) && supported.includes('2.0.0')) return '2.0.0';
  return undefined;
}

export function versionHeader(supported: readonly string[], exempt: (method: string, path: string) => boolean): RequestHandler {
  const latest = [...supported].sort().at(-1) ?? '2.0.0';
  return (req, res, next) => {
    const header = req.get('X-Experience-API-Version');
    const version = negotiateVersion(header, supported);
    res.setHeader('X-Experience-API-Version', version ?? latest);
    if (version) {
      res.locals.xapiVersion = version;
      return next();
    }
    if (exempt(req.method, req.path)) {
      res.locals.xapiVersion = latest;
      return next();
    }
    next(
      new LrsError(
        400,
        header === undefined
          ? 'The X-Experience-API-Version header is required.'
          : `X-Experience-API-Version ${JSON.stringify(header)} is not supported; this LRS supports ${supported.join(', ')}.`,
      ),
    );
  };
}
