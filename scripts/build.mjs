// Bundles the CLI into dist/. Code splitting keeps the TUI (Ink, React) and each
// provider SDK in chunks of their own, loaded only by the code path that needs them.
import { build } from 'esbuild';
import { nodeBundle } from './node-bundle.mjs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const outdir = 'dist';
const result = await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir,
  ...nodeBundle,
  splitting: true,
  sourcemap: 'linked',
  legalComments: 'none',
  minify: true,
  metafile: true,
  // Ink imports react-devtools-core only when DEV is set; it is not a dependency.
  external: ['react-devtools-core'],
  // The SDKs' Headers and FormData without undici (see src/providers/web-lite.ts).
  inject: ['src/providers/sdk-globals.ts'],
  define: { 'process.env.NODE_ENV': '"production"' },
});

// Old chunks are removed after the new build is written, and only once they are a few
// minutes old, so an aichat started from the previous build (or a test run beside this
// one) never finds its chunks gone.
const outputs = new Set(Object.keys(result.metafile.outputs).map((file) => path.normalize(file)));
const staleBefore = Date.now() - 5 * 60_000;
for (const file of await readdir(outdir)) {
  const relative = path.join(outdir, file);
  if (outputs.has(relative)) continue;
  if ((await stat(relative)).mtimeMs < staleBefore) await rm(relative, { force: true });
}
