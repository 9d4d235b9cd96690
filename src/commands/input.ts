/** Reading what the user gives on stdin or types at a hidden prompt. */
import { fstatSync } from 'node:fs';
import { isatty } from 'node:tty';
import { AichatError, usageError } from '../core/errors.js';

/** All of stdin as text; refuses bytes that are not UTF-8 rather than mangling them. */
export async function readStdin(): Promise<string> {
  // Node reads a directory given as stdin as no input at all.
  if (fstatSync(0).isDirectory()) throw usageError('standard input is a directory, not text');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw usageError('standard input is not UTF-8 text');
  }
}

/** All of stdin, which must come from a pipe or a file: `what` is not typed at a terminal. */
export async function readPipedStdin(what: string): Promise<string> {
  if (isatty(0)) throw usageError(`standard input is a terminal: pipe ${what} in, or give a file`);
  return readStdin();
}

/** The first line of stdin, for --password-stdin and --key-stdin. */
export async function readStdinLine(what: string): Promise<string> {
  const [line = ''] = await readStdinLines([what]);
  return line;
}

/** The first lines of stdin, one for each of `what`, none of them empty. */
async function readStdinLines(what: string[]): Promise<string[]> {
  const lines = (await readStdin()).split(/\r?\n/).slice(0, what.length);
  const missing = what.findIndex((_, k) => !lines[k]);
  if (missing >= 0) {
    const where = what.length > 1 ? ` on line ${missing + 1} of` : ' on';
    throw usageError(`no ${what[missing]}${where} standard input`);
  }
  return lines;
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

/**
 * Several secrets: asked for one after another at the terminal, or the first lines of
 * stdin, in order.
 */
export async function readSecrets(options: {
  fromStdin: boolean;
  what: string[];
  flag: string;
}): Promise<string[]> {
  const { fromStdin, what, flag } = options;
  if (fromStdin) return readStdinLines(what);
  const answers: string[] = [];
  for (const one of what) answers.push(await readSecret({ fromStdin, what: one, flag }));
  return answers;
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
