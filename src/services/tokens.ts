import { createHash } from 'node:crypto';

/** Sessions are looked up by the sha256 of their token; the store never holds the token. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
