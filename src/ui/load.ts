import type * as Tui from './run.js';
import { initYoga } from './yoga.js';

/**
 * Loads the TUI. yoga-layout (Ink's layout engine) instantiates its wasm with `fetch` when
 * `typeof fetch` is a function, and merely asking that makes Node 20 load undici (~40 ms
 * at start-up, and a slower exit). With `fetch` hidden while the engine is loaded, yoga
 * decodes its inlined wasm directly. The property is restored untouched (its lazy getter
 * unread).
 */
export async function loadTui(): Promise<typeof Tui> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (descriptor?.configurable) {
    Object.defineProperty(globalThis, 'fetch', {
      value: undefined,
      configurable: true,
      writable: true,
    });
  }
  try {
    await initYoga();
    return await import('./run.js');
  } finally {
    if (descriptor?.configurable) Object.defineProperty(globalThis, 'fetch', descriptor);
  }
}
