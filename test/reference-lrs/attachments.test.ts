// Attachments (Communication 1.5.2, Data 2.4.11) and signed statements (Data 2.6) over real HTTP.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { CompactSign, FlattenedSign, importPKCS8, exportJWK, generateKeyPair } from 'jose';
import { multipart, parseMultipartResponse, startTestLrs, statement, type Part, type TestLrs } from './helpers.js';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const SIGNATURE = 'http://adlnet.gov/expapi/attachments/signature';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function attachmentFor(data: Buffer, extra: Record<string, unknown> = {}) {
  return {
    usageType: 'http://example.com/attachment-usage/test',
    display: { 'en-US': 'A test attachment' },
    contentType: 'application/octet-stream',
    length: data.length,
    sha2: sha256(data),
    ...extra,
  };
}

const dataPart = (data: Buffer, headers: Record<string, string> = {}): Part => ({
  headers: { 'Content-Type': 'application/octet-stream', 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': sha256(data), ...headers },
  body: data,
});
const jsonPart = (value: unknown): Part => ({ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) });

describe('reference-lrs statements: attachments and signatures', () => {
  let t: TestLrs;
  before(async () => {
    t = await startTestLrs({ bodyLimitBytes: 12 * 1024 * 1024 });
  });
  after(async () => t.close());

  const postMultipart = (parts: Part[], method = 'POST', query?: Record<string, string>) => {
    const { body, contentType } = multipart(parts);
    return t.request(method, 'statements', { body, headers: { 'Content-Type': contentType }, query });
  };

  it('stores a multipart/mixed statement with its attachment and returns both with attachments=true', async () => {
    const data = randomBytes(2048);
    const s = statement({ attachments: [attachmentFor(data)] });
    const reply = await postMultipart([jsonPart(s), dataPart(data)]);
    expect(reply.status, reply.text).to.equal(200);
    const [id] = reply.json();
    const plain = await t.request('GET', 'statements', { query: { statementId: id } });
    expect(plain.headers.get('content-type')).to.match(/^application\/json/);
    const withData = await t.request('GET', 'statements', { query: { statementId: id, attachments: true } });
    expect(withData.headers.get('content-type')).to.match(/^multipart\/mixed; boundary=/);
    const parts = parseMultipartResponse(withData);
    expect(parts).to.have.length(2);
    expect(parts[0].headers['content-type']).to.match(/^application\/json/);
    expect(JSON.parse(parts[0].body.toString()).id).to.equal(id);
    expect(parts[1].headers['x-experience-api-hash']).to.equal(sha256(data));
    expect(parts[1].headers['content-transfer-encoding']).to.equal('binary');
    expect(Buffer.compare(parts[1].body as Buffer, data)).to.equal(0);
  });

  it('accepts the example request of Communication 1.5.2 byte for byte (quoted boundary with special characters)', async () => {
    const boundary = "abcABC0123'()+_,-./:=?";
    const s = {
      actor: { mbox: 'mailto:sample.agent@example.com', name: 'Sample Agent', objectType: 'Agent' },
      verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
      object: {
        id: 'http://www.example.com/tincan/activities/multipart',
        objectType: 'Activity',
        definition: { name: { 'en-US': 'Multi Part Activity' }, description: { 'en-US': 'Multi Part Activity Description' } },
      },
      attachments: [{
        usageType: 'http://example.com/attachment-usage/test',
        display: { 'en-US': 'A test attachment' },
        description: { 'en-US': 'A test attachment (description)' },
        contentType: 'text/plain; charset=ascii',
        length: 27,
        sha2: '495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a',
      }],
    };
    const body = [
      `--${boundary}`, 'Content-Type:application/json', '', JSON.stringify(s, null, 4),
      `--${boundary}`, 'Content-Type:text/plain', 'Content-Transfer-Encoding:binary',
      'X-Experience-API-Hash:495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a', '',
      'here is a simple attachment', `--${boundary}--`,
    ].join('\r\n');
    const reply = await t.request('POST', 'statements', { body, headers: { 'Content-Type': `multipart/mixed; boundary="${boundary}"` }, version: '1.0.0' });
    expect(reply.status, reply.text).to.equal(200);
  });

  it('accepts a multipart/mixed request with a preamble and an epilogue (RFC 2046 5.1.1)', async () => {
    const data = randomBytes(64);
    const { body, contentType } = multipart([jsonPart(statement({ attachments: [attachmentFor(data)] })), dataPart(data)]);
    for (const preamble of ['\r\n', 'This is a preamble, to be ignored.\r\n']) {
      const framed = Buffer.concat([Buffer.from(preamble), body, Buffer.from('an epilogue, ignored too\r\n')]);
      const reply = await t.request('POST', 'statements', { body: framed, headers: { 'Content-Type': contentType } });
      expect(reply.status, `${JSON.stringify(preamble)}: ${reply.text}`).to.equal(200);
    }
  });

  it('query results with attachments=true carry each attachment once', async () => {
    const data = randomBytes(100);
    const verb = `http://example.com/verbs/${randomUUID()}`;
    const a = statement({ verb: { id: verb }, attachments: [attachmentFor(data)] });
    const b = statement({ verb: { id: verb }, attachments: [attachmentFor(data)] });
    expect((await postMultipart([jsonPart([a, b]), dataPart(data)])).status).to.equal(200);
    const parts = parseMultipartResponse(await t.request('GET', 'statements', { query: { verb, attachments: true } }));
    expect(JSON.parse(parts[0].body.toString()).statements).to.have.length(2);
    expect(parts).to.have.length(2);
  });

  it('PUT accepts multipart/mixed too', async () => {
    const data = Buffer.from('here is a simple attachment');
    const id = randomUUID();
    const reply = await postMultipart([jsonPart(statement({ attachments: [attachmentFor(data)] })), dataPart(data)], 'PUT', { statementId: id });
    expect(reply.status, reply.text).to.equal(204);
  });

  it('accepts fileUrl-only attachments as application/json and multipart/mixed without attachment parts', async () => {
    const s = statement({ attachments: [attachmentFor(randomBytes(10), { fileUrl: 'http://example.com/file.bin' })] });
    expect((await t.request('POST', 'statements', { body: s })).status).to.equal(200);
    expect((await postMultipart([jsonPart(statement())])).status).to.equal(200);
  });

  it('rejects (400) attachments with no data and no fileUrl, wrong hashes, missing encoding, stray parts, bad first part', async () => {
    const data = randomBytes(64);
    const s = statement({ attachments: [attachmentFor(data)] });
    const cases: Array<[string, Part[] | 'json']> = [
      ['no data, application/json', 'json'],
      ['no part', [jsonPart(s)]],
      ['hash header not the content hash', [jsonPart(s), dataPart(data, { 'X-Experience-API-Hash': sha256('other') })]],
      ['no hash header', [jsonPart(s), { headers: { 'Content-Transfer-Encoding': 'binary' }, body: data }]],
      ['no Content-Transfer-Encoding', [jsonPart(s), { headers: { 'X-Experience-API-Hash': sha256(data) }, body: data }]],
      ['stray part', [jsonPart(statement()), dataPart(data)]],
      ['first part not JSON', [{ headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(s) }, dataPart(data)]],
    ];
    for (const [what, parts] of cases) {
      const reply = parts === 'json' ? await t.request('POST', 'statements', { body: s }) : await postMultipart(parts);
      expect(reply.status, what).to.equal(400);
    }
    const broken = await t.request('POST', 'statements', { body: '--x\r\nno end', headers: { 'Content-Type': 'multipart/mixed; boundary=x' } });
    expect(broken.status).to.equal(400);
  });

  it('takes an attachment near the body limit and answers 413 above it', async () => {
    const data = randomBytes(10 * 1024 * 1024);
    const reply = await postMultipart([jsonPart(statement({ attachments: [attachmentFor(data)] })), dataPart(data)]);
    expect(reply.status, reply.text.slice(0, 200)).to.equal(200);
    const [id] = reply.json();
    const parts = parseMultipartResponse(await t.request('GET', 'statements', { query: { statementId: id, attachments: true } }));
    expect(sha256(parts[1].body as Buffer)).to.equal(sha256(data));
    const tooBig = randomBytes(13 * 1024 * 1024);
    const over = await postMultipart([jsonPart(statement({ attachments: [attachmentFor(tooBig)] })), dataPart(tooBig)]);
    expect(over.status).to.equal(413);
  });

  describe('signed statements', () => {
    const certificate = fixture('signer-cert.pem');
    const x5c = certificate.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');

    async function signedRequest(s: Record<string, unknown>, sign: { alg?: string; payload?: unknown; header?: Record<string, unknown>; key?: CryptoKey }) {
      const alg = sign.alg ?? 'RS256';
      const key = sign.key ?? (await importPKCS8(fixture('signer-key.pem'), alg));
      const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(sign.payload ?? s)))
        .setProtectedHeader({ alg, x5c: [x5c], ...sign.header })
        .sign(key);
      const data = Buffer.from(jws);
      const signed = { ...s, attachments: [attachmentFor(data, { usageType: SIGNATURE, display: { 'en-US': 'Signature' } })] };
      return postMultipart([jsonPart(signed), dataPart(data)]);
    }

    it('accepts a statement signed with RS256, RS384 and RS512 by its x5c certificate', async () => {
      for (const alg of ['RS256', 'RS384', 'RS512']) {
        const s = statement({ id: randomUUID() });
        const reply = await signedRequest(s, { alg });
        expect(reply.status, `${alg}: ${reply.text}`).to.equal(200);
      }
    });

    it('rejects (400) a payload that differs from the statement, a signature by another key, and a non-RS algorithm', async () => {
      const s = statement({ id: randomUUID() });
      const differs = await signedRequest(s, { payload: { ...s, verb: { id: 'http://example.com/other' } } });
      expect(differs.status).to.equal(400);
      const { privateKey } = await generateKeyPair('RS256');
      expect((await signedRequest(statement({ id: randomUUID() }), { key: privateKey })).status).to.equal(400);
      const ps = await generateKeyPair('PS256');
      expect((await signedRequest(statement({ id: randomUUID() }), { alg: 'PS256', key: ps.privateKey, header: { jwk: await exportJWK(ps.publicKey) } })).status).to.equal(400);
    });

    it('accepts the example signed statement of Data Appendix D (RS256, x5c chain)', async () => {
      const jws = Buffer.from(fixture('spec-appendix-d.jws').trim());
      const s = JSON.parse(fixture('spec-appendix-d.json'));
      const signed = { ...s, id: randomUUID(), attachments: [attachmentFor(jws, { usageType: SIGNATURE, display: { 'en-US': 'Signature' } })] };
      // The JWS signs the statement with its own id: a different id is a different statement (400); the same id is accepted.
      expect((await postMultipart([jsonPart(signed), dataPart(jws)])).status).to.equal(400);
      // A damaged signature over the right payload (the 1024-bit key is checked with node:crypto) is refused too.
      const text = jws.toString();
      const damaged = Buffer.from(`${text.slice(0, -6)}${text.slice(-6).startsWith('A') ? 'B' : 'A'}${text.slice(-5)}`);
      const bad = { ...s, attachments: [attachmentFor(damaged, { usageType: SIGNATURE, display: { 'en-US': 'Signature' } })] };
      expect((await postMultipart([jsonPart(bad), dataPart(damaged)])).status).to.equal(400);
      const ok = await postMultipart([jsonPart({ ...signed, id: s.id }), dataPart(jws)]);
      expect(ok.status, ok.text).to.equal(200);
    });

    it('reads the flattened JWS JSON serialization too (discouraged, not forbidden, in 1.0.3)', async () => {
      const s = statement({ id: randomUUID() });
      const key = await importPKCS8(fixture('signer-key.pem'), 'RS256');
      const sign = async (payload: unknown) =>
        Buffer.from(JSON.stringify(await new FlattenedSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'RS256', x5c: [x5c] }).sign(key)));
      const post = async (data: Buffer) =>
        postMultipart([jsonPart({ ...s, attachments: [attachmentFor(data, { usageType: SIGNATURE, display: { 'en-US': 'Signature' } })] }), dataPart(data)]);
      expect((await post(await sign({ ...s, verb: { id: 'http://example.com/other' } }))).status).to.equal(400);
      const good = await post(await sign(s));
      expect(good.status, good.text).to.equal(200);
    });

    it('rejects a signature attachment that is not a JWS', async () => {
      const data = Buffer.from('not a jws');
      const s = statement({ attachments: [attachmentFor(data, { usageType: SIGNATURE, display: { 'en-US': 'Signature' } })] });
      expect((await postMultipart([jsonPart(s), dataPart(data)])).status).to.equal(400);
    });
  });
});
