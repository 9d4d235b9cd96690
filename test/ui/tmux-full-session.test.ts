import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { bin, withFirstUser, type TempHome } from '../helpers/cli.js';
import { startProviderServer, type ProviderServer } from '../helpers/provider-server.js';
import { storedMessages } from '../helpers/stored-messages.js';
import { Tmux } from '../helpers/tmux.js';

let home: TempHome;
let server: ProviderServer;
const tmux = new Tmux();

const ok = async (promise: ReturnType<TempHome['run']>) => {
  const result = await promise;
  if (result.code !== 0) throw new Error(`aichat failed: ${result.stderr}`);
};

/** The command line that starts the TUI in the test's home. */
const tuiCommand = () => {
  const env = Object.entries({ ...home.env, TERM: 'xterm-256color' })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}='${v}'`)
    .join(' ');
  return `env -i ${env} ${process.execPath} ${bin}`;
};

beforeAll(async () => {
  server = await startProviderServer({
    apiKey: 'sk-test',
    script: { text: 'Streamed reply number one.', chunks: 5, delayMs: 20 },
  });
  home = await withFirstUser('alice', 'correct horse');
  await ok(
    home.run(
      ['endpoint', 'add', 'test', '--provider', 'openai', '--url', server.openaiUrl, '--key-stdin'],
      { stdin: 'sk-test\n' },
    ),
  );
  await ok(home.run(['model', 'add', 'tm', '--endpoint', 'test', '--id', 'gpt-test']));
  await ok(home.run(['settings', 'set', 'default-model', 'tm']));
  await ok(home.run(['settings', 'set', 'title-model', 'tm']));
  await ok(home.run(['logout']));
});

afterEach(() => tmux.stop());

/** Signed in as alice from the command line, as a user would before starting the TUI. */
const signIn = () =>
  ok(home.run(['login', 'alice', '--password-stdin'], { stdin: 'correct horse\n' }));

/** The TUI, signed in, on its chats. */
async function startSignedIn() {
  await signIn();
  tmux.start(tuiCommand());
  await tmux.waitFor('Ctrl+N new chat');
}

/** Ctrl+C in the app, then the session closed once it has exited. */
async function quitWithCtrlC() {
  tmux.keys('C-c');
  await tmux.waitFor(() => tmux.exited());
  tmux.stop();
}

afterAll(async () => {
  tmux.kill();
  await server?.close();
  await home?.cleanup();
});

test('sign in, chat, branch, move, quit and come back', async () => {
  tmux.start(tuiCommand());
  await tmux.waitFor('Sign in');
  tmux.type('alice');
  tmux.keys('Enter');
  tmux.type('correct horse');
  tmux.keys('Enter');
  await tmux.waitFor('Welcome to aichat');

  // A new chat, a message and the streamed reply.
  tmux.keys('C-n');
  await tmux.waitFor('Type a message below');
  tmux.type('hello there');
  tmux.keys('Enter');
  await tmux.waitFor('Streamed reply number one.');
  await tmux.waitFor((s) => !s.includes('streaming'));

  // Edit the user message into a second branch.
  server.script({ text: 'A second answer.', chunks: 3 });
  tmux.keys('BTab'); // input → conversation
  await tmux.waitFor('▶ Assistant');
  tmux.keys('k');
  await tmux.waitFor('▶ You');
  tmux.keys('e');
  await tmux.waitFor('editing');
  tmux.keys('C-u');
  // An emptied message is not sent; the edit stays open.
  tmux.keys('Enter');
  await tmux.waitFor('the message is empty');
  tmux.type('hello again');
  tmux.keys('Enter');
  await tmux.waitFor('A second answer.');
  let screen = await tmux.waitFor('< 2/2 >');
  expect(screen).toContain('hello again');

  // Back to the first branch.
  tmux.keys('BTab');
  await tmux.waitFor('▶ Assistant');
  tmux.keys('k');
  await tmux.waitFor('▶ You');
  tmux.keys('h');
  screen = await tmux.waitFor('< 1/2 >');
  expect(screen).toContain('Streamed reply number one.');
  expect(screen).not.toContain('A second answer.');

  // Into a folder, with slash commands.
  tmux.keys('Tab'); // conversation → input
  await tmux.waitFor((screen) => !screen.includes('▶'));
  tmux.type('/folder Work');
  tmux.keys('Enter');
  await tmux.waitFor('Work (0)');
  tmux.type('/move Work');
  tmux.keys('Enter');
  await tmux.waitFor('Work (1)');
  const title = /│(.+?)\s{2,}tm @ test/.exec(await tmux.waitFor('tm @ test'))?.[1]?.trim();
  expect(title).toBeTruthy();

  await quitWithCtrlC();

  // Start again: signed in, the same chat open on the same branch.
  tmux.start(tuiCommand());
  screen = await tmux.waitFor('< 1/2 >');
  expect(screen).toContain(title);
  expect(screen).toContain('Work (1)');
  expect(screen).toContain('hello there');
  await quitWithCtrlC();
});

test('a reply full of escape sequences leaves the screen clean', async () => {
  const evil = [
    'Safe start.',
    '\u001b[2J\u001b[H', // clear the screen, cursor home
    '\u001b]0;pwned-title\u0007', // window title
    '\u001b]52;c;cHduZWQ=\u0007', // clipboard write
    '\u001b[31mred?\u001b[0m',
    '\u009b1;1H', // 8-bit CSI
    '\u202eevil\u202c', // bidi override
    '\u001bP1;2|payload\u001b\\', // DCS
    ' Safe end.',
  ].join('');
  server.script({ text: evil, chunks: 9 });
  await signIn();
  tmux.start(tuiCommand());
  await tmux.waitFor('Chats');
  tmux.keys('C-n');
  await tmux.waitFor('Type a message below');
  tmux.type('be evil');
  await tmux.waitFor('› be evil');
  tmux.keys('Enter');
  const screen = await tmux.waitFor('Safe end.');
  await tmux.waitFor((s) => !s.includes('streaming'));
  const final = tmux.screen();
  // Every sequence is gone, parameters included; the text around them stays.
  expect(final).toContain('Safe start.red?evil Safe end.');
  expect(screen).toContain('Chats'); // the sidebar was not wiped
  expect(final).not.toContain('payload');
  expect(tmux.paneTitle()).not.toContain('pwned');
  await quitWithCtrlC();
});

// Headers wider than a narrow pane are cut by Ink (cli-truncate, slice-ansi): the bundle's
// own text helpers must do that as Ink's would.
test('in a narrow terminal, the help and the tree view are cut to fit, and the app goes on', async () => {
  await signIn();
  tmux.start(tuiCommand(), { columns: 64, rows: 20 });
  await tmux.waitFor('Chats');
  tmux.keys('?');
  expect(await tmux.waitFor('Keys and commands')).toContain('…');
  tmux.keys('Escape');
  tmux.keys('C-t');
  expect(await tmux.waitFor('Tree:')).toMatch(/Tree: ● active path .*…/);
  tmux.keys('Escape');
  await tmux.waitFor((s) => !s.includes('Tree:'));
  expect(tmux.exited()).toBe(false);
  await quitWithCtrlC();
});

test('killed or hung up mid-reply, the TUI saves the partial reply (incomplete) before it exits', async () => {
  await signIn();
  for (const [signal, status] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    server.script({ text: 'one two three four five six seven eight', chunks: 8, delayMs: 300 });
    // Through a shell, which then shows how aichat ended (and waits: a dead pane can lose
    // its last screen).
    tmux.start(`sh -c "${tuiCommand()}; echo aichat-exit=\\$?; sleep 60"`);
    await tmux.waitFor('Ctrl+N new chat');
    tmux.keys('C-n');
    await tmux.waitFor('Type a message below');
    tmux.type(`count slowly (${signal})`);
    tmux.keys('Enter');
    await tmux.waitFor('one two');
    const aichat = Number(execFileSync('pgrep', ['-P', String(tmux.pid())], { encoding: 'utf8' }));
    process.kill(aichat, signal);
    await tmux.waitFor(`aichat-exit=${status}`);
    tmux.stop();

    const nodes = await storedMessages(home.dataDir);
    const asked = nodes.find((n) => n.content === `count slowly (${signal})`);
    const reply = nodes.find((n) => n.parentId === asked?.id);
    expect(reply?.content).toMatch(/^one two/);
    expect(reply?.status).toBe('incomplete');
  }
});

test('keys Ink cannot name and colour codes in a paste are dropped, not a crash', async () => {
  await startSignedIn();
  // Coloured text pasted (bracketed, then as typed), and Ctrl+F1 as VS Code sends it.
  tmux.paste('red:\u001b[31mRED\u001b[0m', { bracketed: true });
  tmux.paste(' more\u001b[1;5P', { bracketed: false });
  // Other control sequences (CSI) leave nothing behind either.
  tmux.paste(' and\u001b[2J\u001b[?1049l done', { bracketed: false });
  const screen = await tmux.waitFor('done');
  expect(screen).toContain('› red:RED more and done');
  expect(tmux.exited()).toBe(false);
  tmux.keys('C-u');
  await quitWithCtrlC();
});

test('a pasted line that ends in a newline waits in the input box: the TUI asks for bracketed paste', async () => {
  await startSignedIn();
  tmux.keys('C-u');
  tmux.paste('pasted line\n', { bracketed: true });
  await tmux.waitFor('› pasted line');
  tmux.type('and a question');
  // Sent, the input box would be empty and the text in the conversation.
  expect(await tmux.waitFor('and a question')).toContain('› pasted line');
  // Three keys in one write, as a script (or key repeat over SSH) sends them.
  tmux.keys('C-u', 'BSpace', 'C-u');
  await tmux.waitFor((s) => !s.includes('pasted line'));
  await quitWithCtrlC();
});

test('what is typed and not sent is there again after Ctrl+C and a new start', async () => {
  await startSignedIn();
  // A draft an earlier test left.
  tmux.keys('C-u');
  tmux.type('half a thought');
  await tmux.waitFor('› half a thought');
  await quitWithCtrlC();
  tmux.start(tuiCommand());
  expect(await tmux.waitFor('Ctrl+N new chat')).toContain('› half a thought');
  // Cleared, nothing is kept.
  tmux.keys('C-u');
  await tmux.waitFor((s) => !s.includes('half a thought'));
  await quitWithCtrlC();
  tmux.start(tuiCommand());
  expect(await tmux.waitFor('Ctrl+N new chat')).not.toContain('half a thought');
  // Killed, or its terminal closed, it keeps it too.
  tmux.type('typed, then killed');
  await tmux.waitFor('› typed, then killed');
  process.kill(tmux.pid(), 'SIGTERM');
  await tmux.waitFor(() => tmux.exited());
  tmux.stop();
  tmux.start(tuiCommand());
  expect(await tmux.waitFor('Ctrl+N new chat')).toContain('› typed, then killed');
  tmux.keys('C-u');
  await tmux.waitFor((s) => !s.includes('typed, then killed'));
  await quitWithCtrlC();
});
