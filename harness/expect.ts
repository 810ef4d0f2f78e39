// ctx.expect: assertions that say what was expected, what came back, and point at the exchange.
import { isDeepStrictEqual } from 'node:util';
import { CheckFailure, type Mismatch } from './signals.js';
import type { Exchange, Expect, XapiResponse } from './context.js';

/** A CheckFailure that remembers which exchange shows the problem. */
export class ExchangeFailure extends CheckFailure {
  constructor(
    message: string,
    mismatch: Mismatch,
    readonly exchange: Exchange,
  ) {
    super(message, mismatch);
  }
}

function bodyExcerpt(res: XapiResponse): string {
  const text = res.text();
  if (!text) return '(empty body)';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function describeRequest(res: XapiResponse): string {
  const url = new URL(res.exchange.request.url);
  return `${res.exchange.request.method} ${url.pathname}${url.search}`;
}

export function createExpect(): Expect {
  return {
    status(res, expected, what) {
      const allowed = Array.isArray(expected) ? expected : [expected];
      if (allowed.includes(res.status)) return;
      const wanted = allowed.join(' or ');
      throw new ExchangeFailure(
        `${what ?? describeRequest(res)}: expected HTTP ${wanted}, got ${res.status}; body: ${bodyExcerpt(res)}`,
        { expected: wanted, actual: res.status },
        res.exchange,
      );
    },
    equal(actual, expected, what) {
      if (Object.is(actual, expected)) return;
      throw new CheckFailure(`${what}: expected ${show(expected)}, got ${show(actual)}`, { expected, actual });
    },
    deepEqual(actual, expected, what) {
      if (isDeepStrictEqual(actual, expected)) return;
      throw new CheckFailure(`${what}: values differ`, { expected, actual });
    },
    ok(condition, what, mismatch): asserts condition {
      if (!condition) throw new CheckFailure(what, mismatch);
    },
    header(res, name, what) {
      const value = res.headers[name.toLowerCase()];
      if (value !== undefined) return value;
      throw new ExchangeFailure(
        `${what ?? describeRequest(res)}: expected a ${name} header in the response, none came back`,
        { expected: `${name} header`, actual: Object.keys(res.headers) },
        res.exchange,
      );
    },
    fail(what, mismatch): never {
      throw new CheckFailure(what, mismatch);
    },
  };
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
