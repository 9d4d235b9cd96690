/**
 * Keys at rest. Each account has a random 256-bit data key that seals its API keys
 * (AES-256-GCM). The data key itself is stored only wrapped: once by a key derived
 * from the password (scrypt, explicit cost) and once per session by a key derived from
 * that session's random token (HKDF; the raw token lives only in the client config).
 * The account id is always part of the associated data, so a sealed value moved into
 * another record fails to open.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scryptSync } from 'node:crypto';
import { AichatError } from '../core/errors.js';
import type { PasswordWrap, Sealed } from '../core/types.js';

/** scrypt cost: 2^15 × 8 × 128 bytes = 32 MiB and ~100 ms, paid at sign-in only. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const SCRYPT_MAXMEM = 64 * 1024 * 1024;

export const newDataKey = () => randomBytes(32);

export function seal(plain: Buffer | string, key: Buffer, aad: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/** Opens a sealed value; wrong key, wrong record or tampering all end as `cannot`. */
export function open(sealed: Sealed, key: Buffer, aad: string, cannot: string): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
  } catch {
    throw new AichatError('auth', cannot);
  }
}

export function wrapWithPassword(dataKey: Buffer, password: string, userId: string): PasswordWrap {
  const salt = randomBytes(16);
  const kek = scryptSync(password, salt, 32, { ...SCRYPT, maxmem: SCRYPT_MAXMEM });
  return { ...seal(dataKey, kek, `account:${userId}`), salt: salt.toString('base64'), ...SCRYPT };
}

export function unwrapWithPassword(wrap: PasswordWrap, password: string, userId: string): Buffer {
  const kek = scryptSync(password, Buffer.from(wrap.salt, 'base64'), 32, {
    N: wrap.N,
    r: wrap.r,
    p: wrap.p,
    maxmem: SCRYPT_MAXMEM,
  });
  return open(
    wrap,
    kek,
    `account:${userId}`,
    'the keys of this account cannot be unlocked with this password',
  );
}

/** The session token is 256 random bits, so a fast KDF is enough for it. */
export function sessionKek(token: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(token), Buffer.alloc(0), 'aichat session key', 32),
  );
}
