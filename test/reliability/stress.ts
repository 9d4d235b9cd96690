/**
 * `npm run stress`: every reliability family at full count, one summary line each
 * (cases run, faults injected, records lost). Exits 1 if any family lost a record or
 * broke a promise; the failures are listed after the summary.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { STALE_MS } from '../../src/store/file.js';
import { chatSetup } from '../helpers/chat-setup.js';
import { withFirstUser } from '../helpers/cli.js';
import {
  concurrentWriters,
  faultCodes,
  faultRules,
  fuzzStore,
  judgeFault,
  killLockHolder,
  killWriters,
  liveAndAsk,
  reEscape,
  runWithFault,
  storeFuzzTargets,
  summaryLine,
  type FamilyResult,
} from './families.js';

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);

async function family(
  name: string,
  body: (r: FamilyResult) => Promise<void>,
): Promise<FamilyResult> {
  const r: FamilyResult = { family: name, cases: 0, faults: 0, lost: 0, failures: [], ms: 0 };
  const started = Date.now();
  try {
    await body(r);
  } catch (err) {
    r.failures.push(`the family itself failed: ${err instanceof Error ? err.stack : String(err)}`);
  }
  r.ms = Date.now() - started;
  return r;
}

const runs: [string, () => Promise<FamilyResult>][] = [
  ['writers', () => concurrentWriters({ shared: 8, own: 6, indexers: 4, perWriter: 40 })],
  ['kill', () => killWriters({ cases: 100, seed: 1 })],
  [
    'lock',
    () =>
      family('SIGKILL lock holder', async (r) => {
        const home = await withFirstUser();
        try {
          for (let i = 0; i < 3; i++) {
            const { elapsedMs, result } = await killLockHolder(home, `after-kill-${i}`);
            r.cases++;
            r.faults++;
            if (result.code !== 0)
              r.failures.push(`run ${i}: exit ${result.code}: ${result.stderr}`);
            if (!result.stderr.includes('waiting for'))
              r.failures.push(`run ${i}: did not say why it waited`);
            if (elapsedMs > STALE_MS + 4_000) r.failures.push(`run ${i}: waited ${elapsedMs} ms`);
            const folders = await home.run(['folder', 'list', '--json']);
            if (!folders.stdout.includes(`after-kill-${i}`)) {
              r.lost++;
              r.failures.push(`run ${i}: the folder written after the kill is missing`);
            }
          }
        } finally {
          await home.cleanup();
        }
      }),
  ],
  [
    'live',
    () =>
      family('live writer + ask', async (r) => {
        const setup = await chatSetup('anthropic');
        try {
          const outcome = await liveAndAsk(setup, 8);
          r.cases = outcome.asks + outcome.workerMessages;
          r.lost = outcome.lost;
          r.failures.push(...outcome.failures);
        } finally {
          await setup.cleanup();
        }
      }),
  ],
  [
    'faults',
    () =>
      family('fault injection', async (r) => {
        const home = await withFirstUser();
        try {
          const file = path.join(home.dataDir, 'db.json');
          const rules = [
            ...faultRules(reEscape(file)),
            ...faultCodes.flatMap((code) => [
              `mkdir:1:${code}:${reEscape(file)}\\.lock$`,
              `read:1:${code}:${reEscape(file)}$`,
            ]),
          ];
          for (const rule of rules) {
            const before = await readFile(file);
            const run = await runWithFault(home, ['folder', 'add', 'never'], rule);
            r.cases++;
            r.faults += run.injected.length;
            r.failures.push(...(await judgeFault(run, file, before)));
          }
        } finally {
          await home.cleanup();
        }
        const setup = await chatSetup('anthropic');
        try {
          const first = await setup.home.run(['ask', '--json', 'first']);
          const chatId = (JSON.parse(first.stdout) as { chatId: string }).chatId;
          const file = path.join(setup.home.dataDir, 'chats', `${chatId}.json`);
          for (const rule of faultRules(reEscape(file)).slice(0, 16)) {
            const prompt = `unsent ${r.cases}`;
            const before = await readFile(file);
            const requests = setup.server.requests.length;
            const run = await runWithFault(setup.home, ['ask', '--continue', prompt], rule);
            r.cases++;
            r.faults += run.injected.length;
            r.failures.push(...(await judgeFault(run, file, before)));
            if (setup.server.requests.length !== requests)
              r.failures.push(`${rule}: the prompt was sent`);
            const again = await setup.home.run(['ask', '--continue', prompt]);
            const saved = (await readFile(file, 'utf8')).split(JSON.stringify(prompt)).length - 1;
            if (again.code !== 0 || saved !== 1) {
              r.lost++;
              r.failures.push(
                `${rule}: asking again gave exit ${again.code} and ${saved} copies of the prompt`,
              );
            }
          }
        } finally {
          await setup.cleanup();
        }
      }),
  ],
  [
    'fuzz',
    async () => {
      const home = await withFirstUser();
      try {
        return await fuzzStore(home, await storeFuzzTargets(home), {
          cases: 200,
          seed: 1,
          doctorEvery: 10,
        });
      } finally {
        await home.cleanup();
      }
    },
  ],
];

const results: FamilyResult[] = [];
for (const [name, run] of runs) {
  if (!wanted(name)) continue;
  const result = await run();
  results.push(result);
  console.log(summaryLine(result));
}
const failed = results.filter((r) => r.failures.length > 0 || r.lost > 0);
for (const r of failed) {
  console.log(`\n${r.family}:`);
  for (const line of r.failures.slice(0, 20)) console.log(`  ${line}`);
  if (r.failures.length > 20) console.log(`  … and ${r.failures.length - 20} more`);
}
process.exitCode = failed.length > 0 ? 1 : 0;
