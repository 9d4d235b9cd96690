/**
 * yoga-layout (Ink's layout engine) as the builds see it: its own entry instantiates the
 * wasm with a top-level await, which CommonJS cannot hold, so the TUI bundle could not
 * run with a V8 code cache (see launch.ts). Here the same engine is filled in by
 * `initYoga()`, which loadTui() awaits before Ink is first used. (Run unbundled, as in
 * tests, Ink imports yoga-layout itself and this copy goes unused.)
 */
import { loadYoga } from 'yoga-layout/load';

export * from 'yoga-layout/load';

type Yoga = Awaited<ReturnType<typeof loadYoga>>;

const yoga = {} as Yoga;
export default yoga;

export async function initYoga(): Promise<void> {
  if (!('Node' in yoga)) Object.assign(yoga, await loadYoga());
}
