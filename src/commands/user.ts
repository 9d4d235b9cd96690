/** `aichat user add|list|rm|passwd`, and `login`, `logout`, `whoami`. */
import { Command } from 'commander';
import { usageError } from '../core/errors.js';
import {
  addUser,
  changePassword,
  currentUser,
  isSelf,
  listUsers,
  removeUser,
  signIn,
  signOut,
} from '../services/auth.js';
import type { App } from './app.js';
import { run } from './app.js';
import { lostKeysWarning } from '../core/endpoint-rules.js';
import { lostKeyEndpoints } from '../services/endpoints.js';
import { readSecret, readSecrets } from './input.js';
import { note, printJson, printLine, printTable, warn } from './output.js';

const password = (fromStdin: boolean | undefined, what = 'password') =>
  readSecret({ fromStdin: Boolean(fromStdin), what, flag: '--password-stdin' });

export function userCommand(app: App): Command {
  const user = new Command('user').description('manage accounts (the first account is an admin)');

  user
    .command('add')
    .description('add an account; the first one ever needs no sign-in and is an admin')
    .argument('<name>', 'user name')
    .option('--admin', 'make the account an admin')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .action(
      run(async (name: string, opts: { admin?: boolean; passwordStdin?: boolean }) => {
        const ctx = await app.context();
        const created = await addUser(ctx, {
          name,
          password: await password(opts.passwordStdin),
          admin: Boolean(opts.admin),
        });
        note(
          created.first
            ? `added ${created.user.name} (admin, the first account) and signed in`
            : `added ${created.user.name}${created.user.admin ? ' (admin)' : ''}`,
        );
      }),
    );

  user
    .command('list')
    .description('list accounts (admin)')
    .option('--json', 'print JSON')
    .action(
      run(async (opts: { json?: boolean }) => {
        const users = await listUsers(await app.context());
        if (opts.json) return printJson(users);
        printTable(
          ['NAME', 'ADMIN', 'CREATED'],
          users.map((u) => [
            u.name,
            u.admin ? 'yes' : '',
            new Date(u.createdAt).toISOString().slice(0, 10),
          ]),
        );
      }),
    );

  user
    .command('rm')
    .description('remove an account and everything it owns (admin)')
    .argument('<name>', 'user name or id')
    .action(
      run(async (name: string) => {
        const removed = await removeUser(await app.context(), name);
        note(`removed ${removed.name} and all of their data`);
      }),
    );

  user
    .command('passwd')
    .description("change your password, or another user's (admin)")
    .argument('[name]', 'user name (default: you)')
    .option(
      '--password-stdin',
      'read the new password from stdin: your own takes two lines, the current one first',
    )
    .action(
      run(async (name: string | undefined, opts: { passwordStdin?: boolean }) => {
        const ctx = await app.context();
        const fromStdin = Boolean(opts.passwordStdin);
        // Your own takes the current password first; an admin's reset of another does not.
        const [current, next = ''] = (await isSelf(ctx, name))
          ? await readSecrets({
              fromStdin,
              flag: '--password-stdin',
              what: ['current password', 'new password'],
            })
          : [undefined, await password(fromStdin, 'new password')];
        const changed = await changePassword(ctx, name, next, current);
        note(
          changed.self
            ? 'changed your password; your other sessions are signed out'
            : `changed the password of ${changed.user.name}; their other sessions are signed out`,
        );
        if (changed.keysCleared.length > 0) {
          warn(
            `an admin reset cannot recover ${changed.user.name}'s stored API keys; they must set them again for: ${changed.keysCleared.join(', ')}`,
          );
        }
      }),
    );

  return user;
}

export function loginCommand(app: App): Command {
  return new Command('login')
    .description('sign in (for 30 days)')
    .argument('[name]', 'user name (asked if missing)')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .action(
      run(async (name: string | undefined, opts: { passwordStdin?: boolean }) => {
        const ctx = await app.context();
        const userName = name ?? (await askName());
        const user = await signIn(ctx, userName, await password(opts.passwordStdin));
        note(`signed in as ${user.name}`);
        const lost = await lostKeyEndpoints(ctx);
        if (lost.length > 0) warn(lostKeysWarning(lost));
      }),
    );
}

async function askName(): Promise<string> {
  if (!process.stdin.isTTY) throw usageError('give the user name: aichat login NAME');
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question('User name: ')).trim();
  } finally {
    rl.close();
  }
}

export function logoutCommand(app: App): Command {
  return new Command('logout').description('sign out').action(
    run(async () => {
      await signOut(await app.context());
      note('signed out');
    }),
  );
}

export function whoamiCommand(app: App): Command {
  return new Command('whoami')
    .description('show who is signed in')
    .option('--json', 'print JSON')
    .action(
      run(async (opts: { json?: boolean }) => {
        const ctx = await app.context();
        const user = await currentUser(ctx);
        if (opts.json)
          return printJson({
            id: user.id,
            name: user.name,
            admin: user.admin,
            dataDir: ctx.dataDir,
          });
        printLine(`${user.name}${user.admin ? ' (admin)' : ''}`);
      }),
    );
}
