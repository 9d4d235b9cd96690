// `npm run stress [family...]`: builds the CLI and the store worker, bundles stress.ts and
// runs it (families: writers, kill, lock, live, faults, fuzz; default all).
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { nodeBundle } from '../../scripts/node-bundle.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outdir = path.join(root, 'node_modules/.cache/aichat-test');
await mkdir(outdir, { recursive: true });
execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });

const common = { ...nodeBundle, absWorkingDir: root };
await build({
  ...common,
  entryPoints: { 'store-worker': 'test/helpers/store-worker.ts' },
  outdir,
});
// The helpers find the repo and the fixtures from their own location; the bundle lives
// elsewhere, so it is told where they are.
await build({
  ...common,
  entryPoints: { stress: 'test/reliability/stress.ts' },
  outdir,
  define: {
    'import.meta.url': JSON.stringify(pathToFileURL(path.join(root, 'test/helpers/cli.ts')).href),
  },
});
await import(pathToFileURL(path.join(outdir, 'stress.js')).href);
