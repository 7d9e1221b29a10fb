/**
 * The cryptography of transfer packages, all from Node's `crypto` (decision record 0031):
 * Ed25519 signatures, X25519 key agreement, HKDF-SHA256 and AES-256-GCM. Nothing here is a
 * primitive of its own; this file only puts them together and names each use.
 */
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

export const b64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
export const fromB64url = (text: string): Buffer => Buffer.from(text, 'base64url');

/** The 32 raw bytes of an Ed25519 or X25519 public key, in base64url (the JWK `x`). */
export function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('Not an OKP public key');
  return jwk.x;
}

/** A public key from its 32 raw bytes in base64url; throws when they are not a key of that curve. */
export function publicKeyFrom(curve: 'Ed25519' | 'X25519', x: string): KeyObject {
  if (!/^[A-Za-z0-9_-]{43}$/.test(x)) throw new Error('Not a 32-byte key');
  return createPublicKey({ key: { kty: 'OKP', crv: curve, x }, format: 'jwk' });
}

export interface NewKeyPairs {
  signingPublicKey: string;
  encryptionPublicKey: string;
  signingPrivateKey: KeyObject;
  encryptionPrivateKey: KeyObject;
}

export function generateAreaKeyPairs(): NewKeyPairs {
  const signing = generateKeyPairSync('ed25519');
  const encryption = generateKeyPairSync('x25519');
  return {
    signingPublicKey: rawPublicKey(signing.publicKey),
    encryptionPublicKey: rawPublicKey(encryption.publicKey),
    signingPrivateKey: signing.privateKey,
    encryptionPrivateKey: encryption.privateKey,
  };
}

/** The key that seals an area's private keys: derived from the configured secret, per area. */
function sealingKey(secret: string, areaId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from(areaId, 'utf8'), 'lantern transfer private key v1', 32));
}

/** A private key sealed for storage: `v1.<iv>.<tag>.<ciphertext of its PKCS#8 DER>`. */
export function sealPrivateKey(key: KeyObject, secret: string, areaId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secret, areaId), iv);
  cipher.setAAD(Buffer.from(`area:${areaId}`));
  const sealed = Buffer.concat([cipher.update(key.export({ format: 'der', type: 'pkcs8' })), cipher.final()]);
  return ['v1', b64url(iv), b64url(cipher.getAuthTag()), b64url(sealed)].join('.');
}

export function unsealPrivateKey(sealed: string, secret: string, areaId: string): KeyObject {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('Unknown sealed key format');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret, areaId), fromB64url(iv));
  decipher.setAAD(Buffer.from(`area:${areaId}`));
  decipher.setAuthTag(fromB64url(tag));
  const der = Buffer.concat([decipher.update(fromB64url(body)), decipher.final()]);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

export function signBytes(privateKey: KeyObject, bytes: Buffer): string {
  return b64url(sign(null, bytes, privateKey));
}

export function verifyBytes(publicKey: KeyObject, bytes: Buffer, signature: string): boolean {
  try {
    return verify(null, bytes, publicKey, fromB64url(signature));
  } catch {
    return false;
  }
}

export interface Sealed {
  ephemeralKey: string;
  salt: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

const CONTENT_KEY_INFO = 'lantern transfer package v1';

function contentKey(shared: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, salt, CONTENT_KEY_INFO, 32));
}

/**
 * Encrypts `plaintext` to the holder of an X25519 public key: a fresh ephemeral key pair, ECDH,
 * HKDF-SHA256 (random salt) to a 256-bit content key, AES-256-GCM with `aad` bound in.
 */
export function sealTo(recipient: KeyObject, plaintext: Buffer, aad: Buffer): Sealed {
  const ephemeral = generateKeyPairSync('x25519');
  const salt = randomBytes(32);
  const iv = randomBytes(12);
  const key = contentKey(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }), salt);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ephemeralKey: rawPublicKey(ephemeral.publicKey), salt: b64url(salt), iv: b64url(iv), tag: b64url(cipher.getAuthTag()), ciphertext: b64url(ciphertext) };
}

/** Opens what `sealTo` sealed; throws when the key is wrong or anything was changed. */
export function openSealed(privateKey: KeyObject, sealed: Sealed, aad: Buffer): Buffer {
  const key = contentKey(diffieHellman({ privateKey, publicKey: publicKeyFrom('X25519', sealed.ephemeralKey) }), fromB64url(sealed.salt));
  const decipher = createDecipheriv('aes-256-gcm', key, fromB64url(sealed.iv));
  decipher.setAAD(aad);
  decipher.setAuthTag(fromB64url(sealed.tag));
  return Buffer.concat([decipher.update(fromB64url(sealed.ciphertext)), decipher.final()]);
}

/** A short fingerprint of an area's two public keys, for reading out over the phone. */
export function keyFingerprint(signingPublicKey: string, encryptionPublicKey: string): string {
  const hex = createHash('sha256').update(`${signingPublicKey}.${encryptionPublicKey}`).digest('hex').slice(0, 20).toUpperCase();
  return hex.match(/.{4}/g)!.join(' ');
}
