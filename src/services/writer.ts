/**
 * Which process streams into a reply, so that one left `streaming` by a process that died
 * is settled at once, not after core/tree.ts's ABANDONED_AFTER_MS. Only where pids can be
 * compared: the same machine and, on Linux, the same pid namespace (a container with the
 * host's name has pids of its own). Of anything else, nothing is told.
 */
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { lazy } from '../core/lazy.js';
import type { Writer } from '../core/types.js';

/** This process's pid namespace (`pid:[4026531836]`), where the system says. */
const thisPidSpace = lazy((): string | undefined => {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return undefined;
  }
});

export function thisWriter(): Writer {
  const space = thisPidSpace();
  return { pid: process.pid, host: hostname(), ...(space ? { pidSpace: space } : {}) };
}

export function isGone(writer: Writer): boolean {
  if (writer.host !== hostname() || writer.pidSpace !== thisPidSpace()) return false;
  try {
    process.kill(writer.pid, 0);
    return false;
  } catch (err) {
    // EPERM: alive, and another user's.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
