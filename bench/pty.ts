/**
 * A program in a real pseudo-terminal, watched byte by byte: util-linux `script` gives the
 * child a pty of a set size, and everything the child draws arrives on `script`'s stdout,
 * time-stamped here on arrival. Asynchronous throughout, so a server in this process keeps
 * answering while the program runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

/** Ink >= 6.7 opens every frame with this (synchronized output) and closes it with `…l`. */
export const FRAME_START = '\u001b[?2026h';
export const FRAME_END = '\u001b[?2026l';
/** What Ink writes when it redraws everything from a cleared screen. */
export const CLEAR_SCREEN = '\u001b[2J';

/** Text kept for `waitFor` checks: a few full frames. */
const WINDOW = 64 * 1024;
/** Bytes carried from one read to the next, so nothing is missed across a split. */
const CARRY = 16;

export interface PtyOptions {
  /** The program and its arguments, run with `exec` (so its pid is the pty's child). */
  argv: string[];
  env: NodeJS.ProcessEnv;
  columns: number;
  rows: number;
  /** Pattern of markers to time-stamp the first sighting of (needs the `g` flag). */
  markers?: RegExp;
}

interface Waiter {
  test: (recent: string) => boolean;
  resolve: (at: number) => void;
}

const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

export class PtyApp {
  /** `performance.now()` just before the spawn. */
  readonly startedAt: number;
  /** Arrival time of each frame's opening marker. */
  readonly frames: number[] = [];
  /** Arrival time of each full-screen clear. */
  readonly clears: number[] = [];
  /** Every read: when, and how many bytes. */
  readonly reads: { at: number; bytes: number }[] = [];
  /** First sighting of each marker. */
  readonly seen = new Map<string, number>();
  readonly exited: Promise<number | null>;

  private readonly child: ChildProcess;
  private recent = '';
  private carry = '';
  private waiters: Waiter[] = [];
  private stderr = '';

  constructor(private readonly options: PtyOptions) {
    const { columns, rows, argv } = options;
    const command = `stty cols ${columns} rows ${rows} && exec ${argv.map(quote).join(' ')}`;
    this.startedAt = performance.now();
    this.child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { ...options.env, TERM: 'xterm-256color' },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    this.child.stdout!.on('data', (data: Buffer) => this.onData(data, performance.now()));
    this.child.stderr!.on('data', (data: Buffer) => (this.stderr += data.toString()));
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code) => {
        for (const waiter of this.waiters) waiter.resolve(Number.NaN);
        this.waiters = [];
        resolve(code);
      });
    });
  }

  private onData(data: Buffer, at: number): void {
    this.reads.push({ at, bytes: data.length });
    // latin1: one character per byte, so a UTF-8 character split across reads does no harm;
    // everything searched for is ASCII.
    const text = data.toString('latin1');
    const joined = this.carry + text;
    const fresh = (index: number, length: number) => index + length > this.carry.length;
    for (const [pattern, into] of [
      [FRAME_START, this.frames],
      [CLEAR_SCREEN, this.clears],
    ] as const) {
      for (let i = joined.indexOf(pattern); i >= 0; i = joined.indexOf(pattern, i + 1)) {
        if (fresh(i, pattern.length)) into.push(at);
      }
    }
    if (this.options.markers) {
      for (const match of joined.matchAll(this.options.markers)) {
        if (!this.seen.has(match[0])) this.seen.set(match[0], at);
      }
    }
    this.carry = joined.slice(-CARRY);
    this.recent = (this.recent + text).slice(-WINDOW);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.test(this.recent)) return true;
      waiter.resolve(at);
      return false;
    });
  }

  /**
   * Resolves with the arrival time of the read after which `test` holds for the recent
   * output (the last few frames); rejects after `timeoutMs` or when the program exits.
   */
  waitFor(test: (recent: string) => boolean, what: string, timeoutMs = 15_000): Promise<number> {
    if (test(this.recent)) return Promise.resolve(performance.now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(this.failure(`timed out waiting for ${what}`)));
      }, timeoutMs);
      const waiter: Waiter = {
        test,
        resolve: (at) => {
          clearTimeout(timer);
          if (Number.isNaN(at)) reject(new Error(this.failure(`exited before ${what}`)));
          else resolve(at);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Waits for a complete frame (its closing marker has arrived) that contains `text`. */
  waitForFrameWith(text: string, timeoutMs?: number): Promise<number> {
    return this.waitFor(
      (recent) => {
        const at = recent.lastIndexOf(text);
        return at >= 0 && recent.indexOf(FRAME_END, at) >= 0;
      },
      JSON.stringify(text),
      timeoutMs,
    );
  }

  private failure(message: string): string {
    // Without CSI sequences, so it reads as text.
    const screen = this.recent
      .slice(-3000)
      .split('\u001b')
      .map((part) => part.replace(/^\[[0-9;?]*[A-Za-z]/, ''))
      .join('');
    return `${message}\nstderr: ${this.stderr}\nlast output:\n${screen}`;
  }

  /** Keys as the terminal would send them: text, `\r` for Enter, `\u0003` for Ctrl+C. */
  type(keys: string): void {
    this.child.stdin!.write(keys);
  }

  /** The program's own pid (the child of `script`). */
  async pid(): Promise<number> {
    const parent = this.child.pid!;
    for (let attempt = 0; attempt < 50; attempt++) {
      for (const entry of await readdir('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[1]) === parent) return Number(entry);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the program in the pty has no pid');
  }

  /** Asks the program to quit with `keys`; kills the whole pty after `graceMs`. */
  async stop(keys = '\u0003', graceMs = 3000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.type(keys);
    const timer = setTimeout(() => {
      try {
        process.kill(-this.child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** CPU time (user + system) a process has used so far, in seconds. Synchronous: cheap. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of proc(5), counted here from field 3 (state).
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** `sysconf(_SC_CLK_TCK)`: 100 on every Linux Node supports. */
const CLOCK_TICKS = 100;

/** Peak resident set size of a process, in MB (`VmHWM`). */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}
