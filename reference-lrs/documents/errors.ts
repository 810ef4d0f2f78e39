// The reference LRS's error body: {"error": "<HTTP reason>", "message": "<what was wrong>"}.
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';

export function sendError(res: Response, status: number, message: string): void {
  res.status(status).json({ error: STATUS_CODES[status] ?? 'Error', message });
}

/** A request problem that maps to one HTTP status; thrown by parameter parsing, answered by the router. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
