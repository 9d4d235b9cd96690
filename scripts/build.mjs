// Bundles aichat into dist/, three ways (see src/launch.ts for why):
// - cli.js and its chunks: the whole program as ES modules, split so that the TUI (Ink,
//   React) and each provider SDK load only on the code path that needs them;
// - commands.cjs: the same program without the TUI as one CommonJS file, which Node can
//   run with a V8 code cache;
// - launch.cjs: the few lines that choose between them.
import { build } from 'esbuild';
import { nodeBundle } from './node-bundle.mjs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const outdir = 'dist';
const program = {
  ...nodeBundle,
  legalComments: 'none',
  minify: true,
  metafile: true,
  // Ink imports react-devtools-core only when DEV is set; it is not a dependency.
  external: ['react-devtools-core'],
  // The SDKs' Headers and FormData without undici (see src/providers/web-lite.ts).
  inject: ['src/providers/sdk-globals.ts'],
  define: { 'process.env.NODE_ENV': '"production"' },
};
const commonJs = {
  format: 'cjs',
  banner: { js: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { ...program.define, 'import.meta.url': '__importMetaUrl' },
};

// commands.cjs leaves the TUI out: a call with no command is launched from cli.js.
const withoutTui = {
  name: 'without-tui',
  setup(build) {
    build.onResolve({ filter: /\/ui\/load\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

const results = await Promise.all([
  build({
    ...program,
    entryPoints: { cli: 'src/cli.ts' },
    outdir,
    splitting: true,
    sourcemap: 'linked',
  }),
  build({
    ...program,
    ...commonJs,
    entryPoints: { commands: 'src/cli.ts' },
    outdir,
    outExtension: { '.js': '.cjs' },
    // It runs as a vm.Script, which cannot import(): built-ins are required instead.
    supported: { 'dynamic-import': false },
    plugins: [withoutTui],
  }),
  build({
    ...program,
    ...commonJs,
    entryPoints: { launch: 'src/launch.ts' },
    outdir,
    outExtension: { '.js': '.cjs' },
  }),
]);

// The launcher reads commands.cjs as Latin-1, the fastest way, which is right for ASCII
// only: esbuild escapes other characters everywhere but in regular expressions.
const commands = await readFile(path.join(outdir, 'commands.cjs'));
const notAscii = commands.findIndex((byte) => byte > 0x7f);
if (notAscii >= 0) {
  const around = commands.subarray(Math.max(0, notAscii - 40), notAscii + 40).toString();
  throw new Error(`dist/commands.cjs must be ASCII; write \\u escapes instead near: ${around}`);
}

// Old chunks are removed after the new build is written, and only once they are a few
// minutes old, so an aichat started from the previous build (or a test run beside this
// one) never finds its chunks gone.
const outputs = new Set(
  results.flatMap((result) => Object.keys(result.metafile.outputs).map((f) => path.normalize(f))),
);
const staleBefore = Date.now() - 5 * 60_000;
for (const file of await readdir(outdir)) {
  const relative = path.join(outdir, file);
  if (outputs.has(relative)) continue;
  if ((await stat(relative)).mtimeMs < staleBefore) await rm(relative, { force: true });
}
