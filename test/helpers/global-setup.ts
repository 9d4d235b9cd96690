// Builds the CLI bundle and the test worker once, so process-level tests run the
// program exactly as a user gets it.
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { nodeBundle } from '../../scripts/node-bundle.mjs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export default async function setup() {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  await build({
    entryPoints: { 'store-worker': 'test/helpers/store-worker.ts' },
    outdir: 'node_modules/.cache/aichat-test',
    ...nodeBundle,
    absWorkingDir: root,
  });
}
