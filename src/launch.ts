/**
 * How aichat starts (bin/aichat.cjs).
 *
 * The program runs from one CommonJS bundle, compiled with a V8 code cache kept under
 * ~/.cache/aichat: compiling it afresh is ~30–50 ms of every start-up on Node 20, which
 * caches compiled code for no ES module (Node 22 does, with module.enableCompileCache). A
 * call that names a command (`aichat ask …`, `aichat chat list`) runs from
 * dist/commands.cjs, the program without the TUI; a call with none (the TUI, `--help`) from
 * dist/program.cjs. Both are built from the same source, so a call sent either way behaves
 * the same. `--version` is answered here.
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';
import packageJson from '../package.json' with { type: 'json' };
import { commandOf } from './commands/argv.js';
import { readCacheFile, touchCacheFile, writeCacheFile } from './store/cache.js';
import { cacheDir } from './store/paths.js';

interface CliModule {
  main(argv: string[]): Promise<void>;
}

export async function launch(distDir: string, argv: string[] = process.argv): Promise<void> {
  const args = argv.slice(2);
  // The most common scripted call costs little more than Node itself.
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    process.stdout.write(`${packageJson.version}\n`);
    return;
  }
  const command = commandOf(args);
  const bundle = command === undefined ? 'program.cjs' : 'commands.cjs';
  await loadCached(path.join(distDir, bundle), command ?? 'tui').main(argv);
}

/** How the build ends each bundle: a digest of what precedes it. */
const DIGEST = /\/\/# digest=([0-9a-f]+)\n$/;

/**
 * A cache file is one line naming the commands whose runs it holds the code of, then
 * V8's data.
 */
const HEADER = 'aichat code cache for ';

function parseCache(data: Buffer | undefined): { covers: string[]; cachedData?: Buffer } {
  const end = data ? data.indexOf(10) : -1;
  const header = data && end > 0 ? data.toString('latin1', 0, end) : '';
  if (!data || !header.startsWith(HEADER)) return { covers: [] };
  return { covers: header.slice(HEADER.length).split(' '), cachedData: data.subarray(end + 1) };
}

/**
 * Runs a CommonJS bundle as Node would, but with V8's code cache: read from the cache
 * directory when V8 accepts it, else written there when the process exits, so that it
 * holds the functions this run compiled too. A run of a command the cache has not seen
 * (`ask` after `user add`: the SDK, the stream) rewrites it with its own code added.
 */
function loadCached(file: string, command: string): CliModule {
  const read = reader();
  // ASCII, as the build checks: read as Latin-1 it becomes a one-byte string, which is
  // read (~3 ms less than UTF-8 for ~480 KB) and compiled faster.
  const source = read(file).toString('latin1');
  // Named by the bundle's content and the Node version: V8 checks its version and flags,
  // but of the source only its length, and must never run code cached for another build.
  const digest = DIGEST.exec(source.slice(-64))?.[1];
  const cacheFile =
    digest &&
    path.join(cacheDir(), `${path.basename(file, '.cjs')}-${process.version}-${digest}.bin`);
  const { covers, cachedData } = parseCache(cacheFile ? readCacheFile(cacheFile, read) : undefined);
  // The build wrapped the bundle in the function Node would wrap a module in.
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const accepted = cachedData !== undefined && !script.cachedDataRejected;
  if (cacheFile && (!accepted || !covers.includes(command))) {
    process.once('exit', () => {
      const header = `${HEADER}${[...(accepted ? covers : []), command].join(' ')}\n`;
      writeCacheFile(cacheFile, Buffer.concat([Buffer.from(header), script.createCachedData()]));
      removeStaleCaches(path.dirname(cacheFile), cacheFile);
    });
  } else if (cacheFile) {
    // In use, so not stale (see removeStaleCaches).
    touchCacheFile(cacheFile);
  }
  const module = { exports: {} as CliModule };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

/**
 * Reads files one after another through the same memory, which each read overwrites.
 * Why: each 4 KB page a process touches for the first time costs it a page fault (~13 µs
 * on the 2-core VM this was measured on), and a bundle and its code cache are ~1 MB
 * together. A file that does not fit gets new memory, with room for a larger one after it.
 */
function reader(): (file: string) => Buffer {
  let memory = Buffer.alloc(0);
  return (file) => {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > memory.length) memory = Buffer.allocUnsafeSlow(Math.ceil(size * 1.5));
      let read = 0;
      while (read < size) {
        const count = readSync(fd, memory, read, size - read, read);
        if (count === 0) break;
        read += count;
      }
      return memory.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  };
}

/**
 * What the cache directory holds that no run has used for a week is of no more use: code
 * caches of older builds, the chat activity of data directories no longer opened, a temp
 * file a killed process left. (Not every other code cache: two installs, or two Node
 * versions, would then keep replacing each other's.)
 */
function removeStaleCaches(dir: string, current: string): void {
  const stale = Date.now() - 7 * 24 * 3600_000;
  try {
    for (const name of readdirSync(dir)) {
      const other = path.join(dir, name);
      if (other !== current && statSync(other).mtimeMs < stale) rmSync(other, { force: true });
    }
  } catch {
    // Left for another time.
  }
}
