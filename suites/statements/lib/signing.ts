// Signed statements (Data 2.6): RSA keys made at run time with jose, a self-signed X.509 certificate for
// the JWS "x5c" header (node-forge; neither node:crypto nor jose can issue certificates), JWS via jose.
import { CompactSign, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8 } from 'jose';
import forge from 'node-forge';

export const SIGNATURE_USAGE = 'http://adlnet.gov/expapi/attachments/signature';

export interface SigningKey {
  /** The private key, PKCS#8 PEM (a WebCrypto key is bound to one hash, so each algorithm imports it). */
  pkcs8: string;
  /** Base64 DER of a self-signed certificate for the key's public half. */
  certificate: string;
}

let keys: Promise<[SigningKey, SigningKey]> | undefined;

/**
 * Two RSA keys with certificates, made once per process (off the event loop: key generation is slow and
 * the embedded reference LRS shares this process).
 */
export function signingKeys(): Promise<[SigningKey, SigningKey]> {
  keys ??= Promise.all([makeSigningKey(), makeSigningKey()]);
  return keys;
}

async function makeSigningKey(): Promise<SigningKey> {
  // WebCrypto key generation (jose) runs off the event loop; the RS* algorithms only fix the hash, so
  // one RSA key serves RS256, RS384, RS512 (and PS256 for the negative case).
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const pkcs8 = await exportPKCS8(privateKey);
  const forgePrivate = forge.pki.privateKeyFromPem(pkcs8);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(await exportSPKI(publicKey));
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const name = [{ name: 'commonName', value: 'xapi-conform signed statement check' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(forgePrivate, forge.md.sha256.create());
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  return { pkcs8, certificate: forge.util.encode64(der) };
}

/** JWS Compact Serialization of `payload` signed with `key` (the x5c header carries `certificate` when given). */
export async function signJws(
  payload: string,
  alg: 'RS256' | 'RS384' | 'RS512' | 'PS256',
  key: SigningKey,
  certificate?: string,
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(payload))
    .setProtectedHeader(certificate ? { alg, x5c: [certificate] } : { alg })
    .sign(await importPKCS8(key.pkcs8, alg));
}

/** An HS256 JWS (HMAC, not an allowed algorithm for statements). */
export async function signHs256(payload: string): Promise<string> {
  return new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('xapi-conform-secret-0123456789abcdef'));
}
