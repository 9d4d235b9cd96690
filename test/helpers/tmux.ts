/**
 * Drives the real program in a real terminal: a tmux server of its own (`-L`), one
 * detached session of a fixed size, keys in with `send-keys`, the screen out with
 * `capture-pane`.
 */
import { execFileSync } from 'node:child_process';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Tmux {
  private readonly socket = `aichat-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly session = 'ui';

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** Starts `command` (a shell command line) in a new session of the given size. */
  start(
    command: string,
    size: { columns: number; rows: number } = { columns: 100, rows: 30 },
  ): void {
    this.tmux(
      'new-session',
      '-d',
      '-s',
      this.session,
      '-x',
      String(size.columns),
      '-y',
      String(size.rows),
      command,
    );
    // Keep the pane after the program exits, so its last screen can still be read.
    this.tmux('set-option', '-t', this.session, 'remain-on-exit', 'on');
  }

  /** Key names as tmux knows them: `Enter`, `Escape`, `C-n`, `BTab`, `Up`… */
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.session, ...keys);
  }

  /** Literal text, typed as is. */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.session, '-l', text);
  }

  /** Text as a terminal pastes it: in one write, between paste brackets when asked. */
  paste(text: string, { bracketed }: { bracketed: boolean }): void {
    execFileSync('tmux', ['-L', this.socket, 'load-buffer', '-'], { input: text });
    this.tmux('paste-buffer', '-d', ...(bracketed ? ['-p'] : []), '-t', this.session);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.session);
  }

  paneTitle(): string {
    return this.tmux('display-message', '-p', '-t', this.session, '#{pane_title}').trim();
  }

  /** The process id of the pane's command (a shell, when the command is a shell line). */
  pid(): number {
    return Number(this.tmux('display-message', '-p', '-t', this.session, '#{pane_pid}'));
  }

  /** Whether the program in the pane has exited. */
  exited(): boolean {
    return this.tmux('display-message', '-p', '-t', this.session, '#{pane_dead}').trim() === '1';
  }

  async waitFor(
    check: string | ((screen: string) => boolean),
    timeoutMs = 10_000,
  ): Promise<string> {
    const ok = typeof check === 'string' ? (s: string) => s.includes(check) : check;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (ok(screen)) return screen;
      if (Date.now() > deadline) {
        throw new Error(`tmux: timed out waiting for ${String(check)}; screen:\n${screen}`);
      }
      await tick(50);
    }
  }

  /** Ends the session (and with it the program), keeping the server for another start. */
  stop(): void {
    try {
      this.tmux('kill-session', '-t', this.session);
    } catch {
      // Already gone.
    }
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone.
    }
  }
}
