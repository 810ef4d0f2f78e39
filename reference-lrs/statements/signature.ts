// Signed statements (Data 2.6): the signature is an attachment (usageType .../signature, contentType
// application/octet-stream) holding a JWS whose payload is the statement before the signature was added.
// The LRS decodes it, checks RS256/384/512, checks the payload is logically the received statement, and
// verifies the signature against the x5c certificate when the header carries one (jose does the JWS work).
// Compact serialization is what the spec asks for (SHOULD*); the flattened JSON serialization is still
// allowed in 1.0.3 ("strongly discouraged"), so it is read too.
import { compactVerify, flattenedVerify, importX509, base64url, type FlattenedJWS } from 'jose';
import { X509Certificate, verify as cryptoVerify } from 'node:crypto';
import { badRequest } from '../http/errors.js';
import { jsonLimitRefusal } from '../http/limits.js';
import { checkJsonLimits, statementsEquivalent } from '../validation-adapter.js';

export const SIGNATURE_USAGE = 'http://adlnet.gov/expapi/attachments/signature';
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];

type Json = Record<string, any>;

/** JSON of a JWS within the LRS's limits (a 2M-key payload took 15 s to compare with its statement). */
function parseWithinLimits(text: string): any {
  checkJsonLimits(text);
  return JSON.parse(text);
}

const utf8 = new TextDecoder();
const decoded = (segment: string) => parseWithinLimits(utf8.decode(base64url.decode(segment)));

function withoutSignature(statement: Json): Json {
  const copy: Json = { ...statement };
  if (Array.isArray(copy.attachments)) {
    copy.attachments = copy.attachments.filter((a: Json) => a?.usageType !== SIGNATURE_USAGE);
    if (copy.attachments.length === 0) delete copy.attachments;
  }
  return copy;
}

/**
 * Checks the JWS signature with the certificate's key. jose refuses RSA keys under 2048 bits (RFC 7518's
 * rule); the spec's own example (Data Appendix D) uses a 1024-bit key and the spec calls this step "a way
 * to catch mistakes in the signature, not a security measure", so such keys are checked directly with
 * node:crypto (RSASSA-PKCS1-v1_5 over "<protected>.<payload>", as RS256/384/512 define it).
 */
async function signatureVerifies(jws: string | FlattenedJWS, alg: string, pem: string, where: string): Promise<boolean> {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (err) {
    throw badRequest(`${where}: the x5c certificate cannot be read: ${(err as Error).message}`);
  }
  const modulusBits = certificate.publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
  const [protectedHeader, payload, signature] = typeof jws === 'string' ? jws.split('.') : [jws.protected, jws.payload, jws.signature];
  if (certificate.publicKey.asymmetricKeyType === 'rsa' && modulusBits < 2048) {
    return cryptoVerify(`sha${alg.slice(2)}`, Buffer.from(`${protectedHeader}.${payload}`), certificate.publicKey, Buffer.from(signature, 'base64url'));
  }
  try {
    const key = await importX509(pem, alg);
    if (typeof jws === 'string') await compactVerify(jws, key, { algorithms: ALGORITHMS });
    else await flattenedVerify(jws, key, { algorithms: ALGORITHMS });
    return true;
  } catch {
    return false;
  }
}

/** Throws 400 when a signature attachment of `statement` is malformed or does not sign it. */
export async function verifySignatures(
  statement: Json,
  parts: Map<string, { data: Buffer }>,
  index: number,
): Promise<void> {
  const attachments: Json[] = Array.isArray(statement.attachments) ? statement.attachments : [];
  for (const attachment of attachments.filter((a) => a?.usageType === SIGNATURE_USAGE)) {
    const where = `statement ${index}: signature attachment`;
    if (String(attachment.contentType).split(';')[0].trim().toLowerCase() !== 'application/octet-stream') {
      throw badRequest(`${where} must have contentType application/octet-stream (Data 2.6).`);
    }
    const part = parts.get(String(attachment.sha2).toLowerCase());
    if (!part) throw badRequest(`${where}: the JWS must be sent as an attachment part to be verified.`);
    const text = part.data.toString('utf8').trim();
    let header: Json;
    let payload: unknown;
    let jws: string | FlattenedJWS;
    try {
      if (text.startsWith('{')) {
        const flattened = parseWithinLimits(text) as FlattenedJWS;
        if (typeof flattened.protected !== 'string' || typeof flattened.payload !== 'string' || typeof flattened.signature !== 'string') {
          throw new Error('not a flattened JWS JSON serialization');
        }
        jws = flattened;
        header = decoded(flattened.protected);
        payload = decoded(flattened.payload);
      } else {
        const segments = text.split('.');
        if (segments.length !== 3) throw new Error('not a JWS compact serialization');
        jws = text;
        header = decoded(segments[0]!);
        payload = decoded(segments[1]!);
      }
      if (typeof header !== 'object' || header === null) throw new Error('the protected header is not a JSON object');
    } catch (err) {
      throw jsonLimitRefusal(err, where) ?? badRequest(`${where} is not a decodable JWS: ${(err as Error).message}`);
    }
    if (!ALGORITHMS.includes(String(header.alg))) {
      throw badRequest(`${where} uses algorithm ${JSON.stringify(header.alg)}; Data 2.6 requires RS256, RS384 or RS512.`);
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      throw badRequest(`${where}: the JWS payload is not a statement.`);
    }
    if (!statementsEquivalent(withoutSignature(payload as Json), withoutSignature(statement))) {
      throw badRequest(`${where}: the JWS payload does not match the statement it signs.`);
    }
    if (Array.isArray(header.x5c) && header.x5c.length > 0) {
      const pem = `-----BEGIN CERTIFICATE-----\n${String(header.x5c[0]).replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----`;
      if (!(await signatureVerifies(jws, String(header.alg), pem, where))) {
        throw badRequest(`${where} does not verify against its x5c certificate.`);
      }
    }
  }
}
