// Data 2.4.7 Timestamp, 2.4.8 Stored, 2.4.10 Version, 4.5 ISO 8601 Timestamps (and the 2.0 rules).
import { type Check, checkFamily } from '../../harness/check.js';
import type { CheckContext } from '../../harness/context.js';
import { buildStatement, fetchStatement, storeStatement } from './lib/statements.js';
import { expectTimestamp, instantNs, isUtc, shiftedIso } from './lib/time.js';

const tsCheck = checkFamily({
  idPrefix: 'statements.timestamp-stored-version',
  suite: 'statements',
  section: 'Data 4.5 ISO 8601 Timestamps',
  tags: ['timestamp', 'lrs-set'],
});

/** Stores a statement with the given timestamp and returns the timestamp the LRS gives back. */
async function roundTrip(ctx: CheckContext, timestamp: string): Promise<string> {
  const id = await storeStatement(ctx, buildStatement(ctx, { timestamp }));
  const got = await fetchStatement(ctx, id);
  expectTimestamp(ctx, got.timestamp, 'the returned timestamp');
  return got.timestamp as string;
}

async function sameInstantInUtc(ctx: CheckContext): Promise<void> {
  const sent = '2024-05-01T17:30:00.250+05:30';
  const got = await roundTrip(ctx, sent);
  ctx.expect.equal(instantNs(got), instantNs(sent), `instant of the returned timestamp ${got}`);
  ctx.expect.ok(isUtc(got), 'the returned timestamp is in UTC', { expected: '2024-05-01T12:00:00.250Z', actual: got });
}

async function futureTimestamp(ctx: CheckContext): Promise<void> {
  // "Slightly" future by the target's own clock: its stored time for a first statement, plus 30 seconds.
  const probe = await fetchStatement(ctx, await storeStatement(ctx, buildStatement(ctx)));
  const future = shiftedIso(probe.stored, 30 * 1000);
  const res = await ctx.client.request({ method: 'POST', path: 'statements', body: buildStatement(ctx, { timestamp: future }) });
  if (res.status === 200) ctx.ledger.statements(res.json());
  ctx.expect.status(res, 200, `POST with timestamp ${future}, 30 seconds after the LRS's own stored time`);
}

export const checks: Check[] = [
  tsCheck({
    slug: 'timestamp-millisecond-precision',
    title: 'a timestamp with sub-millisecond digits comes back with at least millisecond precision',
    section: 'Data 4.5 ISO 8601 Timestamps',
    requirements: ['XAPI-00122'],
    quote: 'A Timestamp MUST preserve precision to at least milliseconds (3 decimal points beyond seconds). ... A Timestamp MAY be truncated or rounded to a precision of at least 3 decimal digits for seconds.',
    async run(ctx: CheckContext) {
      const sent = '2024-05-01T12:00:00.123456Z';
      const got = await roundTrip(ctx, sent);
      const fraction = /\.(\d+)/.exec(got)?.[1] ?? '';
      ctx.expect.ok(fraction.length >= 3, 'the returned timestamp keeps at least 3 fraction digits', { expected: '.123 or more digits', actual: got });
      const diff = instantNs(got)! - instantNs(sent)!;
      ctx.expect.ok(diff > -1_000_000n && diff < 1_000_000n, 'the returned timestamp is the sent one truncated or rounded to the millisecond', {
        expected: sent,
        actual: got,
      });
    },
  }),
  tsCheck({
    slug: 'timestamp-offset-same-instant',
    title: 'a timestamp with an offset comes back as the same point in time',
    section: 'Data 4.5 ISO 8601 Timestamps',
    requirements: [],
    quote: 'If the Timestamp includes a time zone, the LRS MAY be return the Timestamp using a different timezone to the one originally used in the Statement so long as the point in time referenced is not affected.',
    versions: ['1.0.3'],
    async run(ctx: CheckContext) {
      const sent = '2024-05-01T17:30:00.250+05:30';
      const got = await roundTrip(ctx, sent);
      ctx.expect.equal(instantNs(got), instantNs(sent), `instant of the returned timestamp ${got}`);
      if (!isUtc(got)) ctx.warn(`timestamp returned as ${got}, not in UTC`, 'The LRS SHOULD* return the Timestamp in UTC timezone.');
    },
  }),
  tsCheck({
    slug: 'timestamp-converted-to-utc',
    title: 'a non-UTC timestamp is converted to UTC (2.0)',
    section: 'Data 4.5 Timestamps (2.0)',
    requirements: [],
    quote: '2.0: An LRS converts a non-UTC timestamp to UTC when storing, keeps at least millisecond precision',
    versions: ['2.0.0'],
    run: sameInstantInUtc,
  }),
  tsCheck({
    slug: 'future-timestamp-accepted',
    title: 'a timestamp slightly after the LRS\'s own time is not rejected',
    section: 'Data 2.4.7 Timestamp',
    requirements: [],
    quote: 'An LRS SHOULD* NOT reject a timestamp for having a greater value than the current time, to prevent issues due to clock errors.',
    level: 'SHOULD',
    versions: ['1.0.3'],
    run: futureTimestamp,
  }),
  tsCheck({
    slug: 'future-timestamp-accepted-2.0',
    title: 'a timestamp slightly after the LRS\'s own time is not rejected (2.0)',
    section: 'Data 4.5 Timestamps (2.0)',
    requirements: [],
    quote: '2.0: [the LRS] does not reject a timestamp that lies slightly in the future.',
    versions: ['2.0.0'],
    run: futureTimestamp,
  }),
  tsCheck({
    slug: 'timestamp-defaults-to-stored',
    title: 'a statement sent without timestamp gets timestamp = stored',
    section: 'Data 2.4.7 Timestamp',
    requirements: [],
    quote: 'The "timestamp" property SHOULD* be set by the LRS to the value of the "stored" property if not provided.',
    level: 'SHOULD',
    async run(ctx: CheckContext) {
      const got = await fetchStatement(ctx, await storeStatement(ctx, buildStatement(ctx)));
      ctx.expect.ok(typeof got.timestamp === 'string', 'the statement has a timestamp', { actual: got.timestamp });
      ctx.expect.equal(instantNs(got.timestamp), instantNs(got.stored), `timestamp ${got.timestamp} is the stored time ${got.stored}`);
    },
  }),
  tsCheck({
    slug: 'stored-is-timestamp',
    title: '"stored" is assigned by the LRS as an ISO 8601 timestamp with milliseconds',
    section: 'Data 2.4.8 Stored',
    requirements: ['XAPI-00023', 'XAPI-00097'],
    quote: 'A "stored" property is a TimeStamp, per section 4.5. An LRS assigns the "stored" property upon receipt with a valid TimeStamp.',
    async run(ctx: CheckContext) {
      const got = await fetchStatement(ctx, await storeStatement(ctx, buildStatement(ctx)));
      expectTimestamp(ctx, got.stored, '"stored"');
    },
  }),
  tsCheck({
    slug: 'version-defaults-to-1.0.0',
    title: 'a statement stored without version is returned with version 1.0.0',
    section: 'Data 2.4.10 Version',
    requirements: ['XAPI-00332'],
    quote: 'Statements returned by an LRS MUST retain the version they are accepted with. If they lack a version, the version MUST be set to 1.0.0.',
    versions: ['1.0.3'],
    async run(ctx: CheckContext) {
      const got = await fetchStatement(ctx, await storeStatement(ctx, buildStatement(ctx)));
      ctx.expect.equal(got.version, '1.0.0', 'version of a statement sent without one');
    },
  }),
  tsCheck({
    slug: 'version-defaults-to-2.0',
    title: 'a statement stored without version under 2.0 is returned with a 2.0.x version',
    section: 'Data 2.4.10 Version (2.0)',
    requirements: [],
    quote: '2.0: The statement version property, when present, must be 2.0.x (the version an LRS sets is not spelled out in the delta: SHOULD)',
    level: 'SHOULD',
    versions: ['2.0.0'],
    async run(ctx: CheckContext) {
      const got = await fetchStatement(ctx, await storeStatement(ctx, buildStatement(ctx)));
      ctx.expect.ok(typeof got.version === 'string' && got.version.startsWith('2.0'), 'version of a statement sent without one', {
        expected: '2.0.0',
        actual: got.version,
      });
    },
  }),
  tsCheck({
    slug: 'version-retained',
    title: 'a statement keeps the 1.0.x version it was sent with',
    section: 'Data 2.4.10 Version',
    requirements: ['XAPI-00332', 'XAPI-00330'],
    quote: 'An LRS MUST accept all Statements where their version starts with 1.0. if they otherwise validate. ... Statements returned by an LRS MUST retain the version they are accepted with.',
    versions: ['1.0.3'],
    async run(ctx: CheckContext) {
      for (const version of ['1.0.0', '1.0.3']) {
        const got = await fetchStatement(ctx, await storeStatement(ctx, buildStatement(ctx, { version })));
        ctx.expect.equal(got.version, version, `version of a statement sent with version ${version}`);
      }
    },
  }),
];
