/**
 * Errors are values the user can act on: a kind that decides the exit code and a
 * one-line message that names what failed and what to do.
 */

export type ErrorKind =
  /** The command line was wrong: a bad option, value or argument. */
  | 'usage'
  /** A named chat, folder, model, endpoint, user or message does not exist (for this user). */
  | 'not_found'
  /** The name is taken, or the change clashes with what is there. */
  | 'conflict'
  /** Not signed in, wrong password, expired session. */
  | 'auth'
  /** Signed in, but not allowed (not an admin). */
  | 'forbidden'
  /** A store file is invalid, newer than this program, locked too long, or unwritable. */
  | 'store'
  /** The model's server failed: key, URL, model, rate limit, network, timeout, cut stream. */
  | 'provider'
  /** The user interrupted (Ctrl+C). */
  | 'interrupted';

export class AichatError extends Error {
  readonly kind: ErrorKind;
  /** For `interrupted`: the signal that stopped the work, when not Ctrl+C. */
  readonly signal: StopSignal | undefined;

  constructor(
    kind: ErrorKind,
    message: string,
    options?: { cause?: unknown; signal?: StopSignal },
  ) {
    super(message, options);
    this.kind = kind;
    this.name = 'AichatError';
    this.signal = options?.signal;
  }
}

/** No signed-in session (never one, signed out, expired, or its user removed): sign in again. */
export class SessionError extends AichatError {
  constructor(message: string) {
    super('auth', message);
  }
}

export const usageError = (message: string) => new AichatError('usage', message);
export const notFound = (message: string) => new AichatError('not_found', message);
export const conflict = (message: string) => new AichatError('conflict', message);

/** Exit status documented in the README: 2 for what the user typed, 1 for the rest. */
export function exitCode(err: unknown): number {
  if (!(err instanceof AichatError)) return 1;
  switch (err.kind) {
    case 'usage':
    case 'not_found':
    case 'conflict':
      return 2;
    case 'interrupted':
      return signalExitCode(err.signal ?? 'SIGINT');
    case 'auth':
    case 'forbidden':
    case 'store':
    case 'provider':
      return 1;
  }
}

/** The signals that stop aichat the way Ctrl+C does: what is streaming is saved first. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** The conventional status for death by a signal: 128 + its number. */
export function signalExitCode(signal: StopSignal): number {
  return 128 + { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[signal];
}

/** The single line shown to the user. Unknown errors keep their message but lose the stack. */
export function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\s*\n\s*/g, ' ').trim() || 'unknown error';
}
