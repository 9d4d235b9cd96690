/** `aichat chat list|show|new|rename|rm|mv|export|import|search`. */
import { readFile, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { AichatError } from '../core/errors.js';
import { activePath, branchIndex, treeRows } from '../core/tree.js';
import type { MessageNode } from '../core/types.js';
import {
  exportChat,
  importChat,
  listChats,
  moveChat,
  newChat,
  openChat,
  parseExportFormat,
  removeChat,
  renameChat,
  searchChats,
  type SearchHit,
  type ChatSummary,
} from '../services/chats.js';
import { regenerateTitle } from '../services/titles.js';
import type { App } from './app.js';
import { run } from './app.js';
import { readPipedStdin } from './input.js';
import { note, printData, printJson, printLine, printTable } from './output.js';

/** A time as the user's clock shows it, to the minute. */
function localTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
const titleOf = (c: { title: string }) => c.title || '(untitled)';

export function chatCommand(app: App): Command {
  const chat = new Command('chat').description('manage chats and their messages');

  chat
    .command('list')
    .description('list your chats, most recent first')
    .option('--folder <folder>', 'only the chats in this folder')
    .option('--json', 'print JSON')
    .action(
      run(async (opts: { folder?: string; json?: boolean }) => {
        const chats = await listChats(
          await app.context(),
          opts.folder !== undefined ? { folder: opts.folder } : {},
        );
        if (opts.json) return printJson(chats);
        printTable(
          ['ID', 'UPDATED', 'FOLDER', 'MODEL', 'TITLE'],
          chats.map((c) => [
            c.id,
            localTime(c.lastActivityAt),
            c.folder ?? '',
            c.model ?? '',
            titleOf(c),
          ]),
        );
      }),
    );

  chat
    .command('show')
    .description('print a chat: the active branch, or the whole tree with --tree')
    .argument('<chat>', 'chat id or title')
    .option('--tree', 'every branch, as a tree')
    .option('--json', 'print JSON')
    .action(
      run(async (ref: string, opts: { tree?: boolean; json?: boolean }) => {
        const { entry, tree, summary } = await openChat(await app.context(), ref);
        if (opts.json) {
          return printJson(
            opts.tree
              ? { chat: summary, systemPrompt: entry.systemPrompt, tree }
              : { chat: summary, systemPrompt: entry.systemPrompt, messages: activePath(tree) },
          );
        }
        printLine(
          `# ${titleOf(summary)}  (${summary.id}${summary.model ? `, ${summary.model}` : ''}${summary.folder ? `, in ${summary.folder}` : ''})`,
        );
        if (opts.tree) {
          // The whole tree: nothing folded, so every message's id is there for --from.
          for (const row of treeRows(tree, { foldLongerThan: Infinity })) {
            printLine(
              `${'  '.repeat(row.depth)}${row.isActivePath ? '*' : ' '} ${row.id} ${row.role}: ${row.preview}`,
            );
          }
          return;
        }
        for (const node of activePath(tree)) printMessage(node, branchIndex(tree, node.id));
      }),
    );

  chat
    .command('new')
    .description('start a chat')
    .option('--title <title>', 'its title (default: written by the title model later)')
    .option('--folder <folder>', 'put it in this folder')
    .option('--model <model>', 'model name (default: your default model)')
    .action(
      run(async (opts: { title?: string; folder?: string; model?: string }) => {
        const created = await newChat(await app.context(), { ...opts, makeLast: true });
        printLine(created.id);
      }),
    );

  chat
    .command('rename')
    .description('set a chat’s title (it will not be replaced automatically)')
    .argument('<chat>', 'chat id or title')
    .argument('<title>', 'new title')
    .action(
      run(async (ref: string, title: string) => {
        const renamed = await renameChat(await app.context(), ref, title);
        note(`renamed ${renamed.id} to "${renamed.title}"`);
      }),
    );

  chat
    .command('title')
    .description('print a chat’s title, or have the title model write a new one')
    .argument('<chat>', 'chat id or title')
    .option('--regenerate', 'ask the title model again (replaces any title)')
    .action(
      run(async (ref: string, opts: { regenerate?: boolean }) => {
        const ctx = await app.context();
        printLine(
          opts.regenerate
            ? await regenerateTitle(ctx, ref)
            : titleOf((await openChat(ctx, ref)).summary),
        );
      }),
    );

  chat
    .command('rm')
    .description('remove a chat and all its messages')
    .argument('<chat>', 'chat id or title')
    .action(
      run(async (ref: string) => {
        const removed = await removeChat(await app.context(), ref);
        note(`removed chat "${titleOf(removed)}" (${removed.id})`);
      }),
    );

  chat
    .command('mv')
    .description('move a chat into a folder (no folder given: out of any folder)')
    .argument('<chat>', 'chat id or title')
    .argument('[folder]', 'folder name or id')
    .action(
      run(async (ref: string, folder: string | undefined) => {
        const moved = await moveChat(await app.context(), ref, folder);
        note(`moved "${titleOf(moved)}" to ${moved.folder ?? 'no folder'}`);
      }),
    );

  chat
    .command('export')
    .description('write a chat as Markdown (active branch) or JSON (whole tree)')
    .argument('<chat>', 'chat id or title')
    .option('--format <format>', 'md or json', 'md')
    .option('--output <file>', 'write to this file instead of stdout (- is stdout)')
    .action(
      run(async (ref: string, opts: { format: string; output?: string }) => {
        const text = await exportChat(await app.context(), ref, parseExportFormat(opts.format));
        // `-` is stdout, as for most tools; a file of that name is still ./-
        if (opts.output === undefined || opts.output === '-') return printData(text);
        await writeFile(opts.output, text, { mode: 0o600 }).catch((err: unknown) => {
          throw new AichatError('usage', `cannot write ${opts.output}: ${(err as Error).message}`);
        });
        note(`wrote ${opts.output}`);
      }),
    );

  chat
    .command('import')
    .description('add a chat from a JSON export')
    .argument('<file>', 'a file written by chat export --format json (- is stdin)')
    .action(
      run(async (file: string) => {
        const text =
          file === '-'
            ? await readPipedStdin('a JSON export')
            : await readFile(file, 'utf8').catch((err: unknown) => {
                throw new AichatError('usage', `cannot read ${file}: ${(err as Error).message}`);
              });
        const imported: ChatSummary = await importChat(
          await app.context(),
          text,
          file === '-' ? 'standard input' : file,
        );
        printLine(imported.id);
      }),
    );

  chat
    .command('search')
    .description('find text in every message of every branch')
    .argument('<text>', 'text to find (case-insensitive)')
    .option('--json', 'print JSON')
    .action(
      run(async (text: string, opts: { json?: boolean }) => {
        // A chat that cannot be read does not hide the others' hits; it fails the command
        // once they are printed, naming its file, as any unreadable store file does.
        const unreadable: unknown[] = [];
        const hits = await searchChats(await app.context(), text, (_, err) => unreadable.push(err));
        printHits(hits, text, Boolean(opts.json), unreadable.length === 0);
        if (unreadable.length) throw unreadable[0];
      }),
    );

  return chat;
}

function printHits(hits: SearchHit[], text: string, json: boolean, complete: boolean) {
  if (json) return printJson(hits);
  if (hits.length === 0) {
    if (complete) note(`no message contains "${text}"`);
    return;
  }
  printTable(
    ['CHAT', 'MESSAGE', 'ROLE', 'TITLE', 'TEXT'],
    hits.map((h) => [
      h.chatId,
      h.messageId,
      h.role + (h.onActivePath ? '' : ' (other branch)'),
      titleOf({ title: h.chatTitle }),
      h.snippet,
    ]),
  );
}

function printMessage(node: MessageNode, branch: { i: number; n: number }) {
  const parts = [node.role === 'user' ? 'you' : 'assistant'];
  if (node.provenance) parts.push(node.provenance.modelId);
  if (branch.n > 1) parts.push(`branch ${branch.i}/${branch.n}`);
  // A failed or cut reply says why.
  if (node.status !== 'complete')
    parts.push(node.provenance?.error ? `${node.status}: ${node.provenance.error}` : node.status);
  printLine(`\n── ${parts.join(' · ')} · ${node.id}`);
  printLine(node.content);
}
