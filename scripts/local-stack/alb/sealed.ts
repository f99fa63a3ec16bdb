/**
 * Seals JSON values with AES-256-GCM, so that the browser can carry the stand-in ALB's state and
 * session without being able to read or change them. The key lives only in the ALB process.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealer {
  seal(value: unknown): string;
  /** Returns the value, or undefined when the text was not sealed with this key or was changed. */
  open(text: string): unknown;
}

/** Creates a sealer with a fresh random key unless one is given (32 bytes). */
export function createSealer(key: Buffer = randomBytes(32)): Sealer {
  if (key.length !== 32) throw new RangeError(`AES-256 key must be 32 bytes, got ${key.length}`);
  return {
    seal: (value) => seal(key, value),
    open: (text) => open(key, text),
  };
}

function seal(key: Buffer, value: unknown): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function open(key: Buffer, text: string): unknown {
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    const body = Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]);
    return JSON.parse(body.toString('utf8'));
  } catch {
    // A wrong key or a changed byte fails the GCM tag check.
    return undefined;
  }
}
