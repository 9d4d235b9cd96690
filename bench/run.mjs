// Runs the benchmarks named on the command line (default: all) and prints one table.
// Each benchmark is TypeScript, bundled here with esbuild so it runs the real modules.
import { build } from 'esbuild';
import { nodeBundle } from '../scripts/node-bundle.mjs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';

const suites = {
  store: ['./store.ts', 'benchStore'],
  ask: ['./ask.ts', 'benchAsk'],
  tui: ['./tui.ts', 'benchTui'],
  scale: ['./scale.ts', 'benchScale'],
};
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(suites);
const outdir = new URL('./.tmp/', import.meta.url);
await mkdir(outdir, { recursive: true });

const rows = [];
for (const name of chosen) {
  const suite = suites[name];
  if (!suite) throw new Error(`unknown benchmark ${name}: use ${Object.keys(suites).join(', ')}`);
  const [entry, fn] = suite;
  const outfile = new URL(`${name}.mjs`, outdir).pathname;
  await build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    outfile,
    ...nodeBundle,
  });
  const module = await import(outfile);
  rows.push(...(await module[fn]()));
}

const width = Math.max(...rows.map((r) => r.name.length));
const verdict = (row) => (row.target ? `target ${row.target}: ${row.met ? 'met' : 'MISSED'}` : '');
for (const row of rows)
  console.log(`${row.name.padEnd(width)}  ${row.value}  ${verdict(row)}`.trimEnd());

// A full run's table is kept in bench/results.md with the machine, Node and date, so
// the next change can be compared with this one; a run of some suites only prints.
if (chosen.length === Object.keys(suites).length) await writeResults();

async function writeResults() {
  const cell = (text) => text.replaceAll('|', '\\|');
  const cpu =
    (await readFile('/proc/cpuinfo', 'utf8')).match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
  const lines = [
    '# Benchmark results',
    '',
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${cpu} · ${os.cpus().length} cores · Node ${process.version} · suites: ${chosen.join(', ')}`,
    '',
    '| figure | value | target |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| ${cell(r.name)} | ${cell(r.value)} | ${verdict(r)} |`),
    '',
  ];
  await writeFile(new URL('./results.md', import.meta.url), lines.join('\n'));
}
