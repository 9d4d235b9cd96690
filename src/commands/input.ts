/** Reading what the user gives on stdin or types at a hidden prompt. */
import { readSync } from 'node:fs';
import { AichatError, usageError } from '../core/errors.js';

/** All of stdin as text; refuses bytes that are not UTF-8 rather than mangling them. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  if (!readUntilBlocked(0, chunks)) {
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw usageError('standard input is not UTF-8 text');
  }
}

/**
 * Reads `fd` to its end with blocking reads, into `chunks`; false when the descriptor is
 * non-blocking (shared with a process that set O_NONBLOCK) and ran dry first, in which
 * case the rest is for a stream to read. Why: before anything else, `aichat ask` waits
 * for all of stdin either way, and plain reads spare it process.stdin, a socket around
 * the pipe and a stream (~4 ms of every call with stdin redirected).
 */
function readUntilBlocked(fd: number, chunks: Buffer[]): boolean {
  const buffer = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    let read: number;
    try {
      read = readSync(fd, buffer);
    } catch (err) {
      const { code } = err as NodeJS.ErrnoException;
      if (code === 'EAGAIN') return false;
      if (code === 'EOF') return true; // Windows, at the end of a pipe
      throw usageError(`cannot read standard input (${code ?? String(err)})`);
    }
    if (read === 0) return true;
    chunks.push(Buffer.from(buffer.subarray(0, read)));
  }
}

/** The first line of stdin, for --password-stdin and --key-stdin. */
export async function readStdinLine(what: string): Promise<string> {
  const line = (await readStdin()).split(/\r?\n/)[0] ?? '';
  if (!line) throw usageError(`no ${what} on standard input`);
  return line;
}

/** Asks on the terminal without echoing; refuses when there is no terminal to ask on. */
export async function promptHidden(question: string, stdinFlag: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    throw usageError(`no terminal to ask for it on: pipe it in with ${stdinFlag}`);
  }
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (data: string) => {
        for (const ch of data) {
          if (ch === '\r' || ch === '\n') {
            stdin.off('data', onData);
            resolve(typed);
            return;
          }
          if (ch === '\u0003') {
            stdin.off('data', onData);
            reject(new AichatError('interrupted', 'cancelled'));
            return;
          }
          if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
          else typed += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}

/** A secret from stdin (with the flag) or from a hidden prompt. */
export function readSecret(options: {
  fromStdin: boolean;
  what: string;
  flag: string;
}): Promise<string> {
  return options.fromStdin
    ? readStdinLine(options.what)
    : promptHidden(`${options.what[0]?.toUpperCase()}${options.what.slice(1)}: `, options.flag);
}
