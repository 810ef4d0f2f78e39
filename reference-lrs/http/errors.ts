// JSON errors: every rejection is `{ "error": <short code>, "message": <cause> }` with the spec's status.
import type { ErrorRequestHandler, Response } from 'express';

export class LrsError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 412 | 413 | 415 | 500 | 503,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string): LrsError => new LrsError(400, message);
export const notFound = (message: string): LrsError => new LrsError(404, message);
export const conflict = (message: string): LrsError => new LrsError(409, message);

const ERROR_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Messages quote what was sent (keys, values): a hostile multi-megabyte value is cut, not echoed whole. */
const MAX_MESSAGE_LENGTH = 2000;

export function sendError(res: Response, status: number, message: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const shown = message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}… (cut)` : message;
  res.status(status).type('application/json').send(JSON.stringify({ error: ERROR_NAMES[status] ?? 'Error', message: shown }));
}

/** Maps thrown errors (ours, body-parser's, anything else) to JSON; only genuine bugs become 500. */
export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (err instanceof LrsError) {
      for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
      sendError(res, err.status, err.message);
      return;
    }
    const status = typeof err?.status === 'number' ? err.status : typeof err?.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      // body-parser: entity.too.large (413), request.aborted (400), encoding.unsupported (415), ...
      sendError(res, status, err.type === 'entity.too.large' ? 'The request body is larger than the configured limit.' : String(err.message));
      return;
    }
    log(`internal error: ${err?.stack ?? String(err)}`);
    sendError(res, 500, 'Internal error; see the LRS log.');
  };
}
