import { expect } from 'chai';
import { ConsistencyTracker, eventually, parseTargetTime } from '../../harness/consistency.js';
import type { XapiResponse } from '../../harness/context.js';
import { CheckFailure, Inconclusive } from '../../harness/signals.js';

function response(url: string, status: number, headers: Record<string, string>): XapiResponse {
  return {
    status,
    headers,
    body: Buffer.alloc(0),
    text: () => '',
    json: <T>() => undefined as T,
    exchange: { request: { method: 'X', url, headers: {}, bodyBytes: 0 }, durationMs: 0, curl: '' },
  };
}

describe('consistency: the target clock only', () => {
  it('parses ISO 8601 with microseconds and HTTP dates; garbage is undefined', () => {
    expect(parseTargetTime('2026-01-02T03:04:05.123456Z')).to.equal(Date.UTC(2026, 0, 2, 3, 4, 5, 123));
    expect(parseTargetTime('Fri, 02 Jan 2026 03:04:05 GMT')).to.equal(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(parseTargetTime('soon')).to.equal(undefined);
    expect(parseTargetTime(undefined)).to.equal(undefined);
  });

  it('a statement write is consistent once Consistent-Through passes the end of its Date second', () => {
    const t = new ConsistencyTracker();
    expect(t.caughtUp()).to.equal(undefined);
    t.observe('POST', response('http://h/xapi/statements', 200, { date: 'Fri, 02 Jan 2026 03:04:05 GMT' }));
    expect(t.caughtUp()).to.equal(undefined);
    t.observe('GET', response('http://h/xapi/statements', 200, { 'x-experience-api-consistent-through': '2026-01-02T03:04:05.500Z' }));
    expect(t.caughtUp()).to.equal(false);
    t.observe('GET', response('http://h/xapi/statements', 200, { 'x-experience-api-consistent-through': '2026-01-02T03:04:06.000Z' }));
    expect(t.caughtUp()).to.equal(true);
  });

  it('document writes and failed writes do not set the mark', () => {
    const t = new ConsistencyTracker();
    t.observe('PUT', response('http://h/xapi/activities/state?x=1', 204, { date: 'Fri, 02 Jan 2026 03:04:05 GMT' }));
    t.observe('POST', response('http://h/xapi/statements', 400, { date: 'Fri, 02 Jan 2026 03:04:05 GMT' }));
    t.observe('GET', response('http://h/xapi/statements', 200, { 'x-experience-api-consistent-through': '2020-01-01T00:00:00Z' }));
    expect(t.caughtUp()).to.equal(undefined);
  });

  it('eventually: retries CheckFailure, passes through other errors, ends inconclusive only when the target lagged', async () => {
    const signal = new AbortController().signal;
    let n = 0;
    expect(await eventually(async () => (++n < 3 ? Promise.reject(new CheckFailure('not yet')) : 'ok'), { budgetMs: 5000, signal, tracker: new ConsistencyTracker() })).to.equal('ok');
    const boom = new TypeError('bug');
    let thrown: unknown;
    await eventually(async () => Promise.reject(boom), { budgetMs: 5000, signal, tracker: new ConsistencyTracker() }).catch((e) => (thrown = e));
    expect(thrown).to.equal(boom);

    const lagging = new ConsistencyTracker();
    lagging.observe('POST', response('http://h/xapi/statements', 200, { date: 'Fri, 02 Jan 2026 03:04:05 GMT' }));
    lagging.observe('GET', response('http://h/xapi/statements', 200, { 'x-experience-api-consistent-through': '2026-01-02T03:00:00Z' }));
    await eventually(async () => Promise.reject(new CheckFailure('missing')), { budgetMs: 60, signal, tracker: lagging }).catch((e) => (thrown = e));
    expect(thrown).to.be.instanceOf(Inconclusive);

    const silent = new ConsistencyTracker();
    silent.observe('POST', response('http://h/xapi/statements', 200, { date: 'Fri, 02 Jan 2026 03:04:05 GMT' }));
    await eventually(async () => Promise.reject(new CheckFailure('missing')), { budgetMs: 60, signal, tracker: silent }).catch((e) => (thrown = e));
    expect(thrown).to.be.instanceOf(CheckFailure);
  });
});
