// Bundles aichat into dist/ (see src/launch.ts for why this shape):
// - program.cjs: the whole program as one CommonJS module, already in the function Node
//   wraps a module in, which launch.ts compiles with a V8 code cache; the provider SDKs in
//   it are evaluated only when a provider is used;
// - commands.cjs: the same without the TUI (Ink, React), for calls that name a command;
// - launch.cjs: the few lines that choose between them.
// Each program bundle ends with a digest of its content, which names its code cache.
import { build } from 'esbuild';
import { nodeBundle } from './node-bundle.mjs';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const outdir = 'dist';

// What the bundles take in place of two of Ink's dependencies (see each file).
const replacements = {
  name: 'replacements',
  setup(build) {
    const to = { 'yoga-layout': 'src/ui/yoga.ts', 'string-width': 'src/ui/string-width.ts' };
    build.onResolve({ filter: /^(yoga-layout|string-width)$/ }, (args) => ({
      path: path.resolve(to[args.path]),
    }));
    // proper-lockfile's: it wraps fs to queue opens when a process runs out of file
    // descriptors, and a lock opens none (mkdir, stat, utimes, rmdir). Loading it loads
    // fs streams too (~3 ms of every start).
    build.onResolve({ filter: /^graceful-fs$/ }, () => ({ path: 'node:fs', external: true }));
  },
};

// Edits to dependencies' code, in the bundles only. The build fails when a text is no
// longer found, when a patched file no longer passes its check, or when a patch meant
// for the whole program found no file, so an upgrade cannot undo one unnoticed.
const PATCHES = [
  {
    file: /commander[\\/]lib[\\/]command\.js$/,
    why: 'child_process (with dgram) loaded at start (~1 ms) for executable subcommands, which aichat has none of',
    edits: [
      [
        "const childProcess = require('node:child_process');",
        "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      ],
    ],
    check: (code) => !/childProcess\.(?!spawn\()/.test(code),
  },
  {
    file: /signal-exit[\\/]index\.js$/,
    why: 'node:assert loaded at start (~1 ms) for the one check it makes, done here inline',
    edits: [
      [
        "var assert = require('assert')",
        'var assert = { equal: function (a, b, m) { if (a != b) throw new TypeError(m) } }',
      ],
    ],
    check: (code) => !/assert\.(?!equal\()/.test(code),
  },
  {
    file: /ink[\\/]build[\\/]reconciler\.js$/,
    why: 'top-level awaits, which CommonJS cannot hold, to load React DevTools when DEV=true',
    edits: [
      ["await import('./devtools.js');", ';'],
      ['? await loadPackageJson()', '? {}'],
    ],
  },
  {
    file: /ink[\\/]build[\\/]hooks[\\/]use-input\.js$/,
    why: 'a sequence Ink cannot name (Ctrl+F1, a colour code in a paste) reached the handler as undefined and crashed the TUI (ink#901), or as text without its ESC ("[2J" typed)',
    edits: [
      [
        'else if (keypress.ctrl) {\n                input = keypress.name;\n            }',
        "else if (keypress.ctrl) {\n                input = keypress.name ?? '';\n            }",
      ],
      [
        "if (input.startsWith('\\u001B')) {\n                input = input.slice(1);\n            }",
        "if (input.startsWith('\\u001B')) {\n                input = keypress.name ? input.slice(1) : '';\n            }",
      ],
    ],
  },
  {
    file: /slice-ansi[\\/]tokenize-ansi\.js$/,
    why: 'an Intl.Segmenter made at load (~12 ms of start-up), now at first use',
    edits: [
      [
        "const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});",
        "let graphemeSegmenter; const GRAPHEME_SEGMENTER = { segment: (text) => (graphemeSegmenter ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'})).segment(text) };",
      ],
    ],
  },
  {
    file: /ansi-tokenize[\\/]build[\\/]tokenize\.js$/,
    why: 'an Intl.Segmenter made at load (~12 ms); ours starts one only for text that needs it',
    prelude: `import { graphemeSegments } from ${JSON.stringify(path.resolve('src/core/text.ts'))};`,
    edits: [
      [
        'const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });',
        'const segmenter = { segment: graphemeSegments };',
      ],
    ],
    // graphemeSegments gives an array: the segments may only be iterated.
    check: (code) => code.split('segmenter.').length === code.split('of segmenter.segment(').length,
  },
];
const patches = ({ all }) => ({
  name: 'patches',
  setup(build) {
    const applied = new Set();
    PATCHES.forEach((patch) => {
      const { file, why, prelude = '', edits, check = () => true } = patch;
      build.onLoad({ filter: file }, async (args) => {
        let contents = await readFile(args.path, 'utf8');
        for (const [from, into] of edits) {
          if (!contents.includes(from))
            throw new Error(`${args.path} no longer has ${from} (${why})`);
          contents = contents.replace(from, into);
        }
        if (!check(contents)) throw new Error(`${args.path} changed: review its patch (${why})`);
        applied.add(patch);
        return { contents: `${prelude}\n${contents}`, loader: 'js' };
      });
    });
    build.onEnd(() => {
      const missed = all ? PATCHES.filter((patch) => !applied.has(patch)) : [];
      if (missed.length)
        throw new Error(`no file for the patch ${missed[0].file} (${missed[0].why})`);
    });
  },
});

// commands.cjs leaves the TUI out: a call with no command is launched from program.cjs.
const withoutTui = {
  name: 'without-tui',
  setup(build) {
    build.onResolve({ filter: /\/ui\/load\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

const commonJs = {
  ...nodeBundle,
  format: 'cjs',
  banner: { js: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  outdir,
  outExtension: { '.js': '.cjs' },
  legalComments: 'none',
  minify: true,
  metafile: true,
  define: { 'process.env.NODE_ENV': '"production"', 'import.meta.url': '__importMetaUrl' },
};
const program = {
  ...commonJs,
  // The SDKs' Headers, FormData and ReadableStream checks without undici or web streams
  // (see src/providers/web-lite.ts).
  inject: ['src/providers/sdk-globals.ts'],
  define: { ...commonJs.define, 'globalThis.ReadableStream': 'LiteReadableStream' },
  // It runs as a vm.Script, which cannot import(): built-ins are required instead.
  supported: { 'dynamic-import': false },
  plugins: [replacements, patches({ all: true })],
};

const results = await Promise.all([
  build({ ...program, entryPoints: { program: 'src/cli.ts' } }),
  build({
    ...program,
    entryPoints: { commands: 'src/cli.ts' },
    plugins: [replacements, patches({ all: false }), withoutTui],
  }),
  build({ ...commonJs, entryPoints: { launch: 'src/launch.ts' } }),
]);

for (const name of ['program.cjs', 'commands.cjs']) {
  const file = path.join(outdir, name);
  const code = await readFile(file);
  // The launcher reads the bundles as Latin-1, the fastest way, which is right for ASCII
  // only: esbuild escapes other characters everywhere but in regular expressions.
  const notAscii = code.findIndex((byte) => byte > 0x7f);
  if (notAscii >= 0) {
    const around = code.subarray(Math.max(0, notAscii - 40), notAscii + 40).toString();
    throw new Error(`${file} must be ASCII; write \\u escapes instead near: ${around}`);
  }
  // Wrapped here as Node wraps a CommonJS module, so that the launcher compiles the file
  // as it is read: wrapping it there made V8 copy all of it once more at every start.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${code}\n})`;
  // Hashed here, not at each start (~2–5 ms).
  const digest = createHash('sha1').update(wrapped).digest('hex').slice(0, 16);
  await writeFile(file, `${wrapped}//# digest=${digest}\n`);
}

// Files of older builds are removed after the new build is written, and only once they
// are a few minutes old, so an aichat started from the previous build (or a test run
// beside this one) never finds its files gone.
const outputs = new Set(
  results.flatMap((result) => Object.keys(result.metafile.outputs).map((f) => path.normalize(f))),
);
const staleBefore = Date.now() - 5 * 60_000;
for (const file of await readdir(outdir)) {
  const relative = path.join(outdir, file);
  if (outputs.has(relative)) continue;
  if ((await stat(relative)).mtimeMs < staleBefore) await rm(relative, { force: true });
}
