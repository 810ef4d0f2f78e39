// One delivery attempt: POST a list of statements (deliveryBody) to `${url}/statements` with the entry's
// Basic credentials, bounded by the entry's timeout (an abort signal covers connect, headers and body).
import { request, type Dispatcher } from 'undici';
import type { ForwardingEntry } from '../options.js';
import type { DeliveryBody } from './body.js';

export type AttemptOutcome =
  | { ok: true; status: number }
  /** `retryable`: a transport error, a timeout, 5xx, 408 or 429; other statuses will not get better. */
  | { ok: false; retryable: boolean; reason: string };

export function statementsUrl(entry: ForwardingEntry): string {
  return `${entry.url.replace(/\/+$/, '')}/statements`;
}

export async function attemptDelivery(
  entry: ForwardingEntry,
  body: DeliveryBody,
  xapiVersion: string,
  dispatcher: Dispatcher,
  closing: AbortSignal,
): Promise<AttemptOutcome> {
  // Timers take at most 2^31-1 ms (about 24.8 days); a longer timeout means "wait that long" anyway.
  const timeoutMs = Math.min(Math.max(1, Math.round(entry.timeout * 1000)), 2 ** 31 - 1);
  const timeout = AbortSignal.timeout(timeoutMs);
  const credentials = Buffer.from(`${entry.basic_username}:${entry.basic_password}`).toString('base64');
  try {
    const response = await request(statementsUrl(entry), {
      method: 'POST',
      dispatcher,
      signal: AbortSignal.any([closing, timeout]),
      headers: {
        authorization: `Basic ${credentials}`,
        'content-type': body.contentType,
        'x-experience-api-version': xapiVersion,
      },
      body: body.data,
    });
    // Read the whole answer (inside the timeout) so the connection can be reused.
    await response.body.text();
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { ok: true, status };
    const retryable = status >= 500 || status === 408 || status === 429;
    return { ok: false, retryable, reason: `HTTP ${status}` };
  } catch (error) {
    if (closing.aborted) return { ok: false, retryable: true, reason: 'LRS closing' };
    if (timeout.aborted) return { ok: false, retryable: true, reason: `timed out after ${entry.timeout} s` };
    return { ok: false, retryable: true, reason: (error as Error).message };
  }
}
