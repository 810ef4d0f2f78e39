// The hostile-request corpus of issue 14, reproducible from the repository: the findings of the issue as
// fixed recipes (known), then seeded fast-check mutations (random). Requests are built lazily, one at a
// time, so the multi-megabyte ones never sit in memory together.
import { createHash } from 'node:crypto';
import fc from 'fast-check';

export const FUZZ_SEED = 20261206;
export const RANDOM_REQUESTS = 10_000;

export const FUZZ_USER = { username: 'fuzz', password: 'fuzz-pass', scopes: ['all' as const] };
const AUTH = `Basic ${Buffer.from(`${FUZZ_USER.username}:${FUZZ_USER.password}`).toString('base64')}`;
const STANDARD_HEADERS = { authorization: AUTH, 'x-experience-api-version': '1.0.3' };

export interface HostileRequest {
  /** Class of the request, for the report. */
  kind: string;
  method: string;
  /** Relative to the LRS base URL, query string included. */
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  /** Sent over a bare socket instead: headers declaring `declaredLength` bytes, then only `sent`. */
  raw?: { declaredLength: number; sent: Uint8Array };
}

const MiB = 2 ** 20;
const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
const query = (params: Record<string, unknown>) =>
  new URLSearchParams(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
const request = (kind: string, method: string, path: string, body?: Uint8Array, headers: Record<string, string> = {}): HostileRequest => ({
  kind,
  method,
  path,
  headers: { ...STANDARD_HEADERS, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
  ...(body ? { body } : {}),
});

export function validStatement(tag: string | number): Record<string, unknown> {
  return {
    actor: { objectType: 'Agent', mbox: `mailto:fuzz-${tag}@example.com`, name: 'Fuzz' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
    object: { objectType: 'Activity', id: `http://example.com/fuzz/${tag}`, definition: { name: { 'en-US': 'Fuzz' } } },
    result: { success: true, duration: 'PT1M', extensions: { 'http://example.com/ext': { level: 1 } } },
    context: { contextActivities: { parent: [{ id: 'http://example.com/fuzz/parent' }] } },
  };
}

const STATE = { activityId: 'http://example.com/fuzz/activity', agent: { mbox: 'mailto:fuzz-doc@example.com' } };
const statePath = (stateId: string) => `activities/state?${query({ ...STATE, stateId })}`;
const profilePath = (resource: 'activities/profile' | 'agents/profile', profileId: string) =>
  `${resource}?${query(resource === 'activities/profile' ? { activityId: STATE.activityId, profileId } : { agent: STATE.agent, profileId })}`;

const nestedObject = (levels: number, leaf = '1') => `${'{"a":'.repeat(levels)}${leaf}${'}'.repeat(levels)}`;
const nestedArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
/** A statement whose extension value is `inner` (raw JSON text). */
const statementAround = (inner: string, tag: string | number) =>
  Buffer.from(JSON.stringify(validStatement(tag)).replace('{"level":1}', inner), 'utf8');
const manyKeys = (count: number) => `{${Array.from({ length: count }, (_, i) => `"k${i}":1`).join(',')}}`;

// ------------------------------------------------------------------------------------------ known findings

function* deepNesting(): Generator<HostileRequest> {
  for (let i = 0; i < 50; i++) yield request('warm-up', 'POST', 'statements', json(validStatement(`warm-${i}`)));
  for (const levels of [101, 1000, 5000]) {
    // The 5,000-level statement of the issue is about 20 KB.
    yield request('deep statement', 'POST', 'statements', statementAround(nestedObject(levels), `deep-${levels}`));
    yield request('deep statement', 'POST', 'statements', statementAround(nestedArray(levels), `deep-array-${levels}`));
    yield request('deep statement', 'PUT', `statements?statementId=00000000-0000-4000-8000-${String(levels).padStart(12, '0')}`, statementAround(nestedObject(levels), `put-${levels}`));
    yield request('deep statement', 'POST', 'statements', Buffer.from(nestedArray(levels)));
  }
  yield request('deep document', 'PUT', statePath('deep'), Buffer.from(nestedObject(5000)));
  yield request('deep document', 'PUT', statePath('merge-target'), json({ kept: true }));
  yield request('deep document', 'POST', statePath('merge-target'), Buffer.from(nestedObject(5000)));
  yield request('deep document', 'POST', statePath('merge-target'), Buffer.from(`{"a":${nestedArray(5000)}}`));
  yield request('deep document', 'PUT', profilePath('activities/profile', 'deep'), Buffer.from(nestedObject(5000)));
  yield request('deep document', 'POST', profilePath('agents/profile', 'deep'), Buffer.from(nestedObject(5000)));
  yield request('deep parameter', 'GET', `statements?${query({ agent: nestedObject(5000) })}`);
}

function* alternateSyntaxFields(): Generator<HostileRequest> {
  const form = (fields: string) => Buffer.from(`${fields}&Authorization=${encodeURIComponent(AUTH)}&X-Experience-API-Version=1.0.3`);
  // A form field has no length limit but the body's: a `more` token of 2M keys, 5,000 levels, and an agent.
  const more = (json: string) => form(`more=${Buffer.from(json).toString('base64url')}`);
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  yield { kind: 'ARS huge parameter', method: 'POST', path: 'statements?method=GET', headers, body: more(`{"params":${manyKeys(2_000_000)},"snapshot":0,"after":0}`) };
  yield { kind: 'ARS huge parameter', method: 'POST', path: 'statements?method=GET', headers, body: more(nestedObject(5000)) };
  yield { kind: 'ARS huge parameter', method: 'POST', path: 'statements?method=GET', headers, body: form(`agent=${encodeURIComponent(manyKeys(2_000_000))}`) };
  for (const count of [40_000, 60_000, 80_000]) {
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    yield { kind: 'ARS form fields', method: 'POST', path: 'statements?method=GET', headers, body: form('f=1&'.repeat(count).slice(0, -1)) };
    yield { kind: 'ARS form fields', method: 'POST', path: 'statements?method=GET', headers, body: form(Array.from({ length: count }, (_, i) => `f${i}=${i}`).join('&')) };
    yield { kind: 'ARS form fields', method: 'POST', path: 'statements?method=PUT', headers, body: form('If-Match=x&'.repeat(count).slice(0, -1)) };
  }
}

function* hugeStrings(): Generator<HostileRequest> {
  const a = 'a'.repeat(10 * MiB);
  const dots = 'a.'.repeat(5 * MiB);
  const variants: Array<[string, (tag: string) => Record<string, unknown>]> = [
    ['mbox', (t) => ({ ...validStatement(t), actor: { mbox: `mailto:${a}@example.com` } })],
    ['mbox, over the JSON limit', (t) => ({ ...validStatement(t), actor: { mbox: `mailto:${a}@${a}` } })],
    ['mbox_sha1sum', (t) => ({ ...validStatement(t), actor: { mbox_sha1sum: a } })],
    ['openid', (t) => ({ ...validStatement(t), actor: { openid: `http://${a}` } })],
    ['account.homePage', (t) => ({ ...validStatement(t), actor: { account: { homePage: `http://${a}%`, name: 'x' } } })],
    ['verb.id', (t) => ({ ...validStatement(t), verb: { id: `http://${a}` } })],
    ['object.id', (t) => ({ ...validStatement(t), object: { id: `urn:${dots}` } })],
    ['version', (t) => ({ ...validStatement(t), version: `1.0.0-${dots}` })],
    ['language tag', (t) => ({ ...validStatement(t), verb: { id: 'http://example.com/v', display: { [`en-${'a-'.repeat(5 * MiB)}`]: 'x' } } })],
    ['duration', (t) => ({ ...validStatement(t), result: { duration: `P${'1'.repeat(10 * MiB)}Y` } })],
    ['timestamp', (t) => ({ ...validStatement(t), timestamp: `2026-01-01T00:00:00.${'1'.repeat(10 * MiB)}Z` })],
    ['registration', (t) => ({ ...validStatement(t), context: { registration: `${'0'.repeat(10 * MiB)}` } })],
    ['extension key', (t) => ({ ...validStatement(t), result: { extensions: { [`http://${a}`]: 1 } } })],
    ['contentType', (t) => ({ ...validStatement(t), attachments: [attachment(`a/b${';a=b'.repeat(2.5 * MiB)}`)] })],
    // Each \" is 4 bytes of JSON: 14 MB of statement JSON.
    ['contentType quoted', (t) => ({ ...validStatement(t), attachments: [attachment(`a/b;a="${'\\"'.repeat(3.5 * MiB)}`)] })],
    ['sha2', (t) => ({ ...validStatement(t), attachments: [{ ...attachment('text/plain'), sha2: 'f'.repeat(10 * MiB) }] })],
  ];
  for (const [name, build] of variants) yield request(`10 MB string: ${name}`, 'POST', 'statements', json(build(name)));
}

function attachment(contentType: string): Record<string, unknown> {
  return { usageType: 'http://example.com/usage', display: { 'en-US': 'file' }, contentType, length: 1, sha2: 'a'.repeat(64), fileUrl: 'http://example.com/file' };
}

function* manyKeysObject(): Generator<HostileRequest> {
  const keys = manyKeys(2_000_000); // about 24 MB
  yield request('2M keys', 'POST', 'statements', statementAround(keys, 'keys'));
  yield request('2M keys', 'PUT', statePath('keys'), Buffer.from(keys));
  yield request('60 MB document', 'PUT', statePath('large'), json({ a: '"'.repeat(30 * MiB) }));
  yield request('60 MB document', 'PUT', statePath('large-binary'), json({ a: '"'.repeat(30 * MiB) }), { 'content-type': 'application/octet-stream' });
  yield request('2M keys', 'POST', 'statements', Buffer.from(`[${Array.from({ length: 200_000 }, () => '{}').join(',')}]`));
}

/** A signed statement whose JWS payload is hostile: the LRS decodes the payload to compare it with the statement. */
function signedWithPayload(payload: string): HostileRequest {
  const b64 = (text: string) => Buffer.from(text).toString('base64url');
  const jws = `${b64('{"alg":"RS256"}')}.${b64(payload)}.${b64('signature')}`;
  const sha2 = createHash('sha256').update(jws).digest('hex');
  const signed = { ...validStatement('signed'), attachments: [{ usageType: 'http://adlnet.gov/expapi/attachments/signature', display: { 'en-US': 'signature' }, contentType: 'application/octet-stream', length: jws.length, sha2 }] };
  const boundary = 'fuzz-signed';
  const body = Buffer.from(
    `--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(signed)}\r\n` +
      `--${boundary}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${sha2}\r\n\r\n${jws}\r\n--${boundary}--\r\n`,
  );
  return request('hostile JWS payload', 'POST', 'statements', body, { 'content-type': `multipart/mixed; boundary=${boundary}` });
}

function* hostileSignatures(): Generator<HostileRequest> {
  yield signedWithPayload(manyKeys(2_000_000));
  yield signedWithPayload(`{"actor":${nestedObject(5000)}}`);
  yield signedWithPayload(JSON.stringify(validStatement('signed')).replace('{"level":1}', nestedArray(5000)));
}

function* manyStatementsOrParts(): Generator<HostileRequest> {
  yield request('batch of 14,000 statements', 'POST', 'statements', json(Array.from({ length: 14_000 }, (_, i) => validStatement(`batch-${i}`))));
  const boundary = 'fuzz-parts';
  const statementPart = `--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(validStatement('parts'))}\r\n`;
  const dataPart = (i: number) =>
    `--${boundary}\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${createHash('sha256').update(String(i)).digest('hex')}\r\n\r\n${i}\r\n`;
  const body = Buffer.from(`${statementPart}${Array.from({ length: 100_000 }, (_, i) => dataPart(i)).join('')}--${boundary}--\r\n`);
  yield request('multipart of 100,000 parts', 'POST', 'statements', body, { 'content-type': `multipart/mixed; boundary=${boundary}` });
}

function* declaredButUnsent(): Generator<HostileRequest> {
  for (const [method, path] of [['POST', 'statements'], ['PUT', 'statements?statementId=00000000-0000-4000-8000-000000000001'], ['PUT', statePath('unsent')]]) {
    yield { kind: 'declared 1 GB, nothing sent', method, path, headers: { ...STANDARD_HEADERS, 'content-type': 'application/json' }, raw: { declaredLength: 2 ** 30, sent: new Uint8Array() } };
  }
  yield { kind: 'declared 1 GB, nothing sent', method: 'POST', path: 'statements?method=PUT', headers: { 'content-type': 'application/x-www-form-urlencoded' }, raw: { declaredLength: 2 ** 30, sent: Buffer.from('content=') } };
}

function* prototypeNames(): Generator<HostileRequest> {
  const paths = ['statements', 'about', 'whoami', 'agents', 'activities', 'activities/state', 'activities/profile', 'agents/profile', 'agents/profile?agent=x&'];
  for (const name of ['__proto__', 'constructor', 'prototype', '__proto__[polluted]', 'toString', 'hasOwnProperty', '__defineGetter__']) {
    for (const path of paths) yield request(`?${name}=x`, 'GET', `${path}${path.includes('?') ? '' : '?'}${encodeURIComponent(name)}=x`);
  }
}

export function* knownFindings(): Generator<HostileRequest> {
  yield* deepNesting();
  yield* alternateSyntaxFields();
  yield* hugeStrings();
  yield* manyKeysObject();
  yield* hostileSignatures();
  yield* manyStatementsOrParts();
  yield* declaredButUnsent();
  yield* prototypeNames();
}

// ------------------------------------------------------------------------------------------ random mutations

const BAD_UTF8 = [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xff], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x80]];
const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain', 'application/octet-stream',
  'multipart/mixed', 'multipart/mixed; boundary=', 'multipart/mixed; boundary="unterminated', 'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x', 'application/json; charset=latin1', ';;;', 'a/b; c="\\"', '',
];
const PARAM_NAMES = [
  'agent', 'verb', 'activity', 'registration', 'related_agents', 'related_activities', 'since', 'until', 'limit', 'format',
  'attachments', 'ascending', 'statementId', 'voidedStatementId', 'more', 'activityId', 'stateId', 'profileId', 'method',
  'Agent', 'STATEMENTID', '__proto__', 'constructor', 'prototype', 'toString', 'x', '',
];
const RESOURCES = ['statements', 'about', 'whoami', 'agents', 'activities', 'activities/state', 'activities/profile', 'agents/profile', 'nowhere', 'statements/x'];
const METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'];
const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });

/** Byte-level damage to a body: flips, cuts, inserted invalid UTF-8, truncation. */
const mutatedBytes = (base: Uint8Array) =>
  fc.array(
    fc.oneof(
      fc.record({ op: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ op: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ op: fc.constant('badUtf8' as const), at: fc.nat(), which: fc.nat(BAD_UTF8.length - 1) }),
      fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
    ),
    { minLength: 1, maxLength: 3 },
  ).map((ops) => {
    let bytes = Buffer.from(base);
    for (const op of ops) {
      const at = bytes.length ? op.at % bytes.length : 0;
      if (op.op === 'flip') bytes[at] = op.byte;
      else if (op.op === 'cut') bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + op.length)]);
      else if (op.op === 'badUtf8') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(BAD_UTF8[op.which]!), bytes.subarray(at)]);
      else bytes = bytes.subarray(0, at);
    }
    return new Uint8Array(bytes);
  });

const statementBodies = fc.oneof(
  fc.nat().map((n) => json(validStatement(`v${n}`))),
  fc.tuple(fc.nat(), fc.constantFrom('actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments', 'version', 'id', 'authority'), fc.jsonValue({ maxDepth: 4 }))
    .map(([n, key, value]) => json({ ...validStatement(`m${n}`), [key]: value })),
  fc.tuple(fc.nat(), fc.integer({ min: 60, max: 400 })).map(([n, levels]) => statementAround(nestedObject(levels), `n${n}`)),
  fc.nat().map((n) => Buffer.from(JSON.stringify(validStatement(`d${n}`)).replace('"verb":', '"verb":{},"verb":'))),
  fc.array(fc.nat(), { maxLength: 5 }).map((ns) => json(ns.map((n) => validStatement(`b${n}`)))),
);

const randomStatementWrite = fc
  .tuple(statementBodies, fc.boolean(), fc.constantFrom(...CONTENT_TYPES), fc.uuid(), fc.integer({ min: 0, max: 9 }))
  .chain(([body, mutate, contentType, id, pick]) =>
    (mutate ? mutatedBytes(body) : fc.constant(body)).map((bytes) =>
      request('random statement body', pick < 7 ? 'POST' : 'PUT', pick < 7 ? 'statements' : `statements?statementId=${id}`, bytes, {
        'content-type': pick === 0 ? contentType : 'application/json',
      }),
    ),
  );

const paramValue = fc.oneof(
  printable,
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom('%', '%zz', '%C0%80', '%ED%A0%80', '%FF', '+', '%00', 'true', '2026-01-01T00:00:00Z', '00000000-0000-4000-8000-000000000000'),
  fc.integer({ min: 1, max: 4 }).map((k) => 'x'.repeat(k * 1000)),
);
const rawQuery = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...PARAM_NAMES), printable), paramValue, fc.boolean()), { maxLength: 6 })
  .map((pairs) => pairs.map(([name, value, raw]) => (raw ? `${name}=${value}` : `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)).join('&'));
const randomQuery = fc
  .tuple(fc.constantFrom(...RESOURCES), rawQuery, fc.constantFrom('GET', 'GET', 'HEAD', 'DELETE', 'PUT', 'POST'))
  .map(([resource, search, method]) =>
    request('random query', method, `${resource}?${search.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c))}`, method === 'PUT' || method === 'POST' ? json({}) : undefined),
  );

const headerValue = fc.oneof(printable, fc.constantFrom('1.0.3', '2.0.0', '1.0', '0.9', '2.0', '1.0.3, 2.0.0', 'Basic', 'Basic !!!', 'Bearer x', '*', 'W/"x"', '"a", "b"'));
const randomHeaders = fc
  .tuple(
    fc.constantFrom('statements', 'activities/state', 'about', 'agents'),
    fc.dictionary(fc.constantFrom('x-experience-api-version', 'content-type', 'if-match', 'if-none-match', 'accept-language', 'accept', 'x-custom'), headerValue, { maxKeys: 4 }),
    fc.integer({ min: 0, max: 24 }),
  )
  .map(([resource, headers, kib]) => {
    // From 16 KiB on, Node's own header limit answers (431).
    const all = { ...headers, ...(kib > 0 ? { 'x-padding': 'p'.repeat(kib * 1024) } : {}) };
    return request('random headers', resource === 'statements' ? 'POST' : 'GET', resource === 'activities/state' ? statePath('h') : resource, resource === 'statements' ? json(validStatement('h')) : undefined, all);
  });

const randomAuthorization = fc.oneof(printable.map((s) => `Basic ${Buffer.from(s).toString('base64')}`), printable, fc.constant(''));

const part = fc.record({
  headers: fc.dictionary(fc.constantFrom('Content-Type', 'X-Experience-API-Hash', 'Content-Transfer-Encoding', 'Content-Length'), fc.oneof(printable, fc.constantFrom('application/json', 'binary', 'a'.repeat(64))), { maxKeys: 3 }),
  body: fc.oneof(fc.string({ maxLength: 200 }), fc.nat().map((n) => JSON.stringify(validStatement(`mp${n}`)))),
});
const randomMultipart = fc
  .tuple(fc.array(part, { maxLength: 4 }), fc.option(fc.nat(), { nil: undefined }), fc.constantFrom('b', 'xapi', '', 'a b', '"q"', 'x'.repeat(80)), fc.boolean())
  .map(([parts, truncateAt, boundary, attachmentForFirst]) => {
    const chunks: Buffer[] = [];
    const data = Buffer.from('attachment data');
    const sha = createHash('sha256').update(data).digest('hex');
    const all = attachmentForFirst ? [{ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...validStatement('att'), attachments: [{ ...attachment('text/plain'), sha2: sha, fileUrl: undefined }] }) }, { headers: { 'Content-Type': 'text/plain', 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': sha }, body: data.toString() }, ...parts] : parts;
    for (const p of all) {
      chunks.push(Buffer.from(`--${boundary}\r\n${Object.entries(p.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${p.body}\r\n`));
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    let body = Buffer.concat(chunks);
    if (truncateAt !== undefined) body = body.subarray(0, truncateAt % (body.length + 1));
    return request(truncateAt === undefined ? 'random multipart' : 'truncated multipart', 'POST', 'statements', body, { 'content-type': `multipart/mixed; boundary="${boundary}"` });
  });

const randomDocument = fc
  .tuple(
    fc.constantFrom('PUT', 'POST', 'POST', 'GET', 'DELETE'),
    fc.constantFrom<'activities/state' | 'activities/profile' | 'agents/profile'>('activities/state', 'activities/profile', 'agents/profile'),
    fc.nat(20),
    fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => json(v)),
      fc.integer({ min: 60, max: 300 }).map((levels) => Buffer.from(nestedObject(levels))),
      fc.string({ maxLength: 100 }).map((s) => Buffer.from(s)),
    ),
    fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/octet-stream', ''),
    fc.boolean(),
  )
  .chain(([method, resource, id, body, contentType, mutate]) =>
    (mutate ? mutatedBytes(body) : fc.constant(new Uint8Array(body))).map((bytes) => {
      const path = resource === 'activities/state' ? statePath(`s${id}`) : profilePath(resource, `p${id}`);
      const hasBody = method === 'PUT' || method === 'POST';
      return request('random document', method, path, hasBody ? bytes : undefined, hasBody ? { 'content-type': contentType } : {});
    }),
  );

const randomAlternateSyntax = fc
  .tuple(
    fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'get', ''),
    fc.constantFrom('statements', 'activities/state', 'agents'),
    fc.array(fc.tuple(fc.constantFrom(...PARAM_NAMES, 'content', 'Content-Type', 'Authorization', 'X-Experience-API-Version', 'If-Match'), paramValue), { maxLength: 8 }),
    fc.integer({ min: 0, max: 1500 }),
  )
  .map(([method, resource, fields, padding]) => {
    const form = new URLSearchParams([['Authorization', AUTH], ['X-Experience-API-Version', '1.0.3'], ...fields]);
    const text = `${form.toString()}${'&pad=1'.repeat(padding)}`;
    return { kind: 'random alternate syntax', method: 'POST', path: `${resource}?method=${encodeURIComponent(method)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(text) };
  });

const randomMethodAndPath = fc
  .tuple(fc.constantFrom(...METHODS), fc.constantFrom(...RESOURCES, '', '..', '%2e%2e', 'statements%00', 'a'.repeat(3000)), rawQuery)
  .map(([method, path, search]) => request('random method and path', method, `${path}${search ? `?${encodeURI(search)}` : ''}`, method === 'PUT' || method === 'POST' ? json(validStatement('mp')) : undefined));

/** Seeded mix of every random class; the same seed gives the same requests. */
export function randomRequests(count = RANDOM_REQUESTS, seed = FUZZ_SEED): HostileRequest[] {
  const authorized = fc.oneof(
    { weight: 3, arbitrary: randomStatementWrite },
    { weight: 2, arbitrary: randomQuery },
    { weight: 1, arbitrary: randomHeaders },
    { weight: 2, arbitrary: randomMultipart },
    { weight: 2, arbitrary: randomDocument },
    { weight: 1, arbitrary: randomAlternateSyntax },
    { weight: 1, arbitrary: randomMethodAndPath },
  );
  // A few refused credentials: each new one costs the LRS a bcrypt run.
  const badCredentials = fc.tuple(randomStatementWrite, randomAuthorization).map(([r, authorization]) => ({ ...r, kind: 'random credentials', headers: { ...r.headers, authorization } }));
  const requests = fc.sample(authorized, { seed, numRuns: count - 50 });
  return [...requests, ...fc.sample(badCredentials, { seed, numRuns: 50 })];
}

/** The whole corpus: the known findings, then the random requests, then the deep ones again (warm by then). */
export function* hostileCorpus(randomCount = RANDOM_REQUESTS, seed = FUZZ_SEED): Generator<HostileRequest> {
  yield* knownFindings();
  yield* randomRequests(randomCount, seed);
  yield* deepNesting();
}
