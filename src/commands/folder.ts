/** `aichat folder add|list|rename|rm`. */
import { Command } from 'commander';
import { addFolder, listFolders, removeFolder, renameFolder } from '../services/folders.js';
import type { App } from './app.js';
import { run } from './app.js';
import { note, printJson, printTable } from './output.js';

export function folderCommand(app: App): Command {
  const folder = new Command('folder').description('manage folders of chats');

  folder
    .command('add')
    .description('add a folder')
    .argument('<name>', 'folder name')
    .action(
      run(async (name: string) => {
        const added = await addFolder(await app.context(), name);
        note(`added folder ${added.name} (${added.id})`);
      }),
    );

  folder
    .command('list')
    .description('list your folders')
    .option('--json', 'print JSON')
    .action(
      run(async (opts: { json?: boolean }) => {
        const folders = await listFolders(await app.context());
        if (opts.json) return printJson(folders);
        printTable(
          ['ID', 'NAME', 'CHATS'],
          folders.map((f) => [f.id, f.name, f.chats]),
        );
      }),
    );

  folder
    .command('rename')
    .description('rename a folder')
    .argument('<folder>', 'folder name or id')
    .argument('<name>', 'new name')
    .action(
      run(async (ref: string, name: string) => {
        const { folder, renamed } = await renameFolder(await app.context(), ref, name);
        note(
          renamed
            ? `renamed folder to ${folder.name}`
            : `folder ${folder.name} already has that name`,
        );
      }),
    );

  folder
    .command('rm')
    .description('remove a folder; its chats move to no folder unless --with-chats')
    .argument('<folder>', 'folder name or id')
    .option('--with-chats', 'remove the chats in it too')
    .action(
      run(async (ref: string, opts: { withChats?: boolean }) => {
        const result = await removeFolder(await app.context(), ref, {
          withChats: Boolean(opts.withChats),
        });
        note(
          `removed folder ${result.folder.name}` +
            (opts.withChats
              ? ` and its ${result.removedChats} chat(s)`
              : `; ${result.movedChats} chat(s) moved to no folder`),
        );
      }),
    );

  return folder;
}
