/**
 * esbuild options shared by everything bundled to run directly on Node (the CLI, test
 * workers, benchmarks): ESM for Node 20, with a `require` so that bundled CommonJS
 * dependencies (proper-lockfile, graceful-fs) can load Node's built-ins.
 */
export const nodeBundle = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __aichatCreateRequire } from 'node:module'; const require = __aichatCreateRequire(import.meta.url);",
  },
};
