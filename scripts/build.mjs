// Bundles the CLI into dist/. Code splitting keeps the TUI (Ink, React) and each
// provider SDK in chunks of their own, loaded only by the code path that needs them.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  // Ink imports react-devtools-core only when DEV is set; it is not a dependency.
  external: ['react-devtools-core'],
  define: { 'process.env.NODE_ENV': '"production"' },
  // CommonJS dependencies (proper-lockfile, graceful-fs) call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __aichatCreateRequire } from 'node:module'; const require = __aichatCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
