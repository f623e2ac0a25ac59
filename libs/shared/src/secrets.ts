/**
 * Secrets at rest (webhook signing secrets): AES-256-GCM under a key derived from PODPIPE_SECRET_KEY, stored as
 * `v1:` + base64url(iv | tag | ciphertext). A database dump alone does not give them away.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PREFIX = 'v1:';

/** The 32-byte AES key derived from the configured passphrase (any string of 32+ characters). */
export function secretKeyFrom(passphrase: string): Buffer {
  return Buffer.from(hkdfSync('sha256', passphrase, 'podpipe', 'podpipe secrets at rest v1', 32));
}

export function encryptSecret(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url');
}

/** The plain secret; rows from before encryption (no `v1:`) are returned as stored. */
export function decryptSecret(key: Buffer | undefined, stored: string): string {
  if (!stored.startsWith(PREFIX)) return stored;
  if (!key) throw new Error('this secret is stored encrypted but PODPIPE_SECRET_KEY is not set');
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('cannot decrypt a stored secret: PODPIPE_SECRET_KEY is not the key it was stored under');
  }
}
