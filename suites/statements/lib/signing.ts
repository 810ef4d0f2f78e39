// Signed statements (Data 2.6): RSA keys made at run time, an optional self-signed X.509 certificate
// for the JWS "x5c" header (node-forge; node:crypto cannot issue certificates), JWS via jose.
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { CompactSign } from 'jose';
import forge from 'node-forge';

export const SIGNATURE_USAGE = 'http://adlnet.gov/expapi/attachments/signature';

export interface SigningKey {
  privateKey: KeyObject;
  /** Base64 DER of a self-signed certificate for the key's public half. */
  certificate: string;
}

const generateRsa = promisify(generateKeyPair);
let keys: Promise<[SigningKey, SigningKey]> | undefined;

/**
 * Two RSA keys with certificates, made once per run (off the event loop: key generation is slow and
 * the embedded reference LRS shares this process).
 */
export function signingKeys(): Promise<[SigningKey, SigningKey]> {
  keys ??= Promise.all([makeSigningKey(), makeSigningKey()]);
  return keys;
}

async function makeSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateRsa('rsa', { modulusLength: 2048 });
  const forgePrivate = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const name = [{ name: 'commonName', value: 'xapi-conform signed statement check' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(forgePrivate, forge.md.sha256.create());
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  return { privateKey, certificate: forge.util.encode64(der) };
}

/** JWS Compact Serialization of `payload` signed with `key` (x5c names `certificate` when given). */
export async function signJws(
  payload: string,
  alg: 'RS256' | 'RS384' | 'RS512' | 'PS256',
  key: KeyObject,
  certificate?: string,
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(payload))
    .setProtectedHeader(certificate ? { alg, x5c: [certificate] } : { alg })
    .sign(key);
}

/** An HS256 JWS (HMAC, not an allowed algorithm for statements). */
export async function signHs256(payload: string): Promise<string> {
  return new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('xapi-conform-secret-0123456789abcdef'));
}
