/**
 * Calls `onIdle` once when `touch` has not been called for `ms`.
 *
 * Why: neither SDK times out a stream that stalls after its headers, and a server that
 * accepts a connection but never answers would otherwise hang a turn forever.
 */
export class IdleWatchdog {
  readonly #timer: NodeJS.Timeout;
  #fired = false;
  #stopped = false;

  constructor(ms: number, onIdle: () => void) {
    this.#timer = setTimeout(() => {
      this.#fired = true;
      onIdle();
    }, ms);
  }

  /** True once the idle time ran out. */
  get fired(): boolean {
    return this.#fired;
  }

  /** Something arrived: start the idle time again. */
  touch(): void {
    // refresh() re-arms the same timer: cheap enough to call for every chunk.
    if (!this.#fired && !this.#stopped) this.#timer.refresh();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }
}
