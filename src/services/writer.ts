/**
 * Which process streams into a reply, so that one left `streaming` by a process that died
 * is settled at once, not after core/tree.ts's ABANDONED_AFTER_MS. Only on this machine:
 * of a store shared with another one, nothing can be told.
 */
import { hostname } from 'node:os';
import type { Writer } from '../core/types.js';

export const thisWriter = (): Writer => ({ pid: process.pid, host: hostname() });

export function isGone(writer: Writer): boolean {
  if (writer.host !== hostname()) return false;
  try {
    process.kill(writer.pid, 0);
    return false;
  } catch (err) {
    // EPERM: alive, and another user's.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
