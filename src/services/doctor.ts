/**
 * `aichat doctor`: checks the store and the client config without writing anything, one
 * problem per line with what to do; with `restore`, puts back last-good copies of broken
 * or missing files and clears what killed processes left behind.
 *
 * It works without a session and without a readable config or db.json: those are
 * exactly the cases it is for.
 */
import path from 'node:path';
import { AichatError } from '../core/errors.js';
import { pushAll } from '../core/lists.js';
import { recoveredTitle } from '../core/title.js';
import { checkTree } from '../core/tree.js';
import type { ChatIndexEntry, Id } from '../core/types.js';
import { restoreBackup } from '../store/backup.js';
import { chatSpec, type ChatFileData } from '../store/chats.js';
import { ClientConfig, configSpec } from '../store/config.js';
import { dbSpec, updateDb, type DbData } from '../store/db.js';
import {
  defaultLockOptions,
  isRecord,
  NewerFileError,
  type JsonFileSpec,
  type Versioned,
} from '../store/file.js';
import {
  backupTime,
  checkFile,
  isDeadWriter,
  isStaleLock,
  listEntries,
  modeOf,
  removeDebris,
  tightenMode,
  wantedMode,
  type StoreEntry,
} from '../store/health.js';
import { chatFile, chatsDir, configDir, dbFile, resolveDataDir } from '../store/paths.js';

export interface DoctorOptions {
  /** `--data-dir`. */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Repair what can be repaired safely (backups, debris, modes), then check again. */
  restore?: boolean;
  now?: () => number;
}

export interface DoctorReport {
  dataDir: string;
  /** One line each: what is wrong and what to do. Empty when healthy. */
  problems: string[];
  /** One line per repair made (only with `restore`). */
  repairs: string[];
  /** How many store files were read. */
  checkedFiles: number;
}

/** A temp file of a writer that is still alive is normal for a moment; not for this long. */
const TEMP_GRACE_MS = 60_000;
/** Repairs in a row at most: each can uncover the next (see runDoctor). */
const REPAIR_ROUNDS = 3;

interface Finding {
  line: string;
  /** What `--restore` does about it; absent when only the user can decide. */
  repair?: () => Promise<string | null>;
}

export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const now = options.now ?? Date.now;
  let findings = await examine(options, now());
  const repairs: string[] = [];
  // A repair can show what was hidden (a db.json put back lists chats again, or misses
  // some): the store is examined again after each round, a few rounds at most.
  // Only a repair that worked counts; one that failed is reported once.
  const failed = new Set<string>();
  for (let round = 0; options.restore && round < REPAIR_ROUNDS; round++) {
    let repaired = 0;
    for (const finding of findings.list) {
      if (!finding.repair || failed.has(finding.line)) continue;
      try {
        const done = await finding.repair();
        if (!done) continue;
        repairs.push(done);
        repaired++;
      } catch (err) {
        failed.add(finding.line);
        repairs.push(`could not repair: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (repaired === 0) break;
    findings = await examine(options, now());
  }
  return {
    dataDir: findings.dataDir,
    problems: findings.list.map((f) => f.line),
    repairs,
    checkedFiles: findings.checkedFiles,
  };
}

async function examine(options: DoctorOptions, now: number) {
  const env = options.env ?? process.env;
  const list: Finding[] = [];
  let checkedFiles = 0;

  // The config first: it may name the data dir. A broken one is reported, not fatal.
  const configFile = path.join(configDir(env), 'config.json');
  let configuredDataDir: string | undefined;
  try {
    configuredDataDir = (await ClientConfig.open(env)).defaultDataDir;
  } catch (err) {
    list.push(
      await brokenFile(configSpec(configFile), message(err), err instanceof NewerFileError),
    );
  }
  const dataDir = resolveDataDir({ dataDir: options.dataDir, configuredDataDir, env });
  const configEntries = await listEntries(path.dirname(configFile), 0);
  list.push(
    ...debris(
      configEntries.filter((e) => e.file.startsWith(configFile)),
      now,
    ),
  );

  const dirMode = await modeOf(dataDir);
  if (dirMode === undefined) return { dataDir, list, checkedFiles };

  const db = await checkFile(dbSpec(dataDir));
  let index: ChatIndexEntry[] | undefined;
  switch (db.state) {
    case 'missing':
      break;
    case 'invalid':
      list.push(await brokenFile(dbSpec(dataDir), db.error, db.newer));
      break;
    case 'ok':
      checkedFiles++;
      index = indexOf(db.data, list, dbFile(dataDir));
      break;
  }

  const entries = await listEntries(dataDir);
  const chatFiles = entries.filter(
    (e) => e.kind === 'store' && path.dirname(e.file) === chatsDir(dataDir),
  );
  const byId = new Map(index?.map((entry) => [entry.id, entry]));
  for (const entry of chatFiles) {
    const chatId = path.basename(entry.file, '.json');
    const spec = chatSpec(dataDir, chatId);
    const read = await checkFile(spec);
    if (read.state === 'invalid') {
      list.push(await brokenFile(spec, read.error, read.newer));
      continue;
    }
    if (read.state !== 'ok') continue;
    checkedFiles++;
    const indexed = byId.get(chatId);
    if (read.data.chatId !== chatId) {
      list.push({
        line: `${entry.file} holds chat ${read.data.chatId}, not ${chatId}: move it aside (aichat cannot tell which is right)`,
      });
    } else if (index && !indexed) {
      list.push(unindexed(dataDir, entry.file, read.data, db.state === 'ok' ? db.data : undefined));
    } else if (indexed && indexed.userId !== read.data.userId) {
      list.push({
        line: `${entry.file} belongs to user ${read.data.userId} but the index says ${indexed.userId}: restore the file or db.json from a backup`,
      });
    }
    const broken = checkTree(read.data.tree);
    if (broken.length > 0) {
      list.push({
        line: `${entry.file} has a broken message tree (${broken[0]}${broken.length > 1 ? `, and ${broken.length - 1} more` : ''}): restore it with aichat doctor --restore if a backup exists, or move it aside`,
        repair: () => restore(soundChatSpec(dataDir, chatId), { force: true }),
      });
    }
  }
  const onDisk = new Set(chatFiles.map((e) => path.basename(e.file, '.json')));
  for (const entry of index ?? []) {
    if (onDisk.has(entry.id)) continue;
    const file = chatFile(dataDir, entry.id);
    const hasBackup = (await backupTime(file)) !== undefined;
    list.push({
      line: `${file} is missing: chat ${entry.id} "${entry.title}" has no messages; ${hasBackup ? 'run aichat doctor --restore to put back its last backup' : `remove the chat (aichat chat rm ${entry.id}) or restore the file`}`,
      ...(hasBackup ? { repair: () => restore(chatSpec(dataDir, entry.id)) } : {}),
    });
  }

  pushAll(list, debris(entries, now));
  for (const entry of [
    { file: dataDir, isDir: true, mode: dirMode },
    ...entries.filter((e) => e.kind !== 'lock' && e.kind !== 'temp'),
  ]) {
    const want = wantedMode(entry);
    // Looser than wanted is a problem; tighter (say 0400 by hand) is the user's choice.
    if ((entry.mode & ~want) === 0) continue;
    list.push({
      line: `${entry.file} has mode ${octal(entry.mode)}, readable by others: run chmod ${octal(want)} ${entry.file} (or aichat doctor --restore)`,
      repair: async () => {
        await tightenMode(entry.file, want);
        return `set the mode of ${entry.file} to ${octal(want)}`;
      },
    });
  }
  return { dataDir, list, checkedFiles };
}

/**
 * A chat file the index does not list: db.json put back from a backup older than the
 * chat, or a crash between writing a new chat's file and its entry. Its messages are the
 * user's, so it is listed again, never advised away.
 */
function unindexed(
  dataDir: string,
  file: string,
  chat: ChatFileData,
  db: DbData | undefined,
): Finding {
  const user = db?.users.find((u) => u.id === chat.userId);
  if (!user) {
    return {
      line: `${file} belongs to no chat in ${dbFile(dataDir)}, and its user ${chat.userId} is not there either: keep it until you know whose it is (an older db.json backup may list both)`,
    };
  }
  return {
    line: `${file} belongs to no chat in ${dbFile(dataDir)} (db.json put back from an older backup, or a crash while creating or deleting a chat): run aichat doctor --restore to list it again among ${user.name}'s chats, or delete it if you had deleted that chat`,
    repair: async () => {
      const times = Object.values(chat.tree.nodes).flatMap((n) => [n.createdAt, n.updatedAt]);
      const listed = await updateDb(
        dataDir,
        (fresh) => {
          if (fresh.chats.some((c: unknown) => isRecord(c) && c.id === chat.chatId)) return false;
          if (!fresh.users.some((u) => u.id === chat.userId)) return false;
          fresh.chats.push({
            id: chat.chatId,
            userId: chat.userId,
            title: recoveredTitle(chat.tree),
            titleSource: 'none',
            folderId: null,
            modelId: null,
            createdAt: times.length ? Math.min(...times) : Date.now(),
            updatedAt: times.length ? Math.max(...times) : Date.now(),
          });
          return true;
        },
        defaultLockOptions,
      );
      return listed ? `listed ${file} again among ${user.name}'s chats` : null;
    },
  };
}

/** Index entries that cannot be right: not records, or without a string id and owner. */
function indexOf(db: DbData, list: Finding[], file: string): ChatIndexEntry[] {
  const good = db.chats.filter(
    (c: unknown) => isRecord(c) && typeof c.id === 'string' && typeof c.userId === 'string',
  );
  if (good.length < db.chats.length) {
    list.push({
      line: `${file} has ${db.chats.length - good.length} chat index entries without an id or owner: restore it from a backup (aichat doctor --restore) or repair it by hand`,
    });
  }
  return good;
}

/** Temp files of dead writers and locks nobody refreshes. */
function debris(entries: StoreEntry[], now: number): Finding[] {
  const found: Finding[] = [];
  for (const entry of entries) {
    if (entry.kind === 'temp') {
      const dead = isDeadWriter(entry);
      if (!dead && now - entry.mtimeMs < TEMP_GRACE_MS) continue;
      found.push({
        line: `${entry.file} is a half-written temp file left by ${dead ? 'a killed' : 'a stuck'} aichat (pid ${entry.pid}): delete it${dead ? ' (or run aichat doctor --restore)' : ' once that process is gone'}`,
        ...(dead ? { repair: () => remove(entry.file, 'the temp file') } : {}),
      });
    } else if (isStaleLock(entry, now)) {
      found.push({
        line: `${entry.file} is a lock left by a killed aichat: the next write takes it over after a few seconds; delete it if it stays (or run aichat doctor --restore)`,
        repair: () => remove(entry.file, 'the stale lock'),
      });
    }
  }
  return found;
}

async function remove(file: string, what: string) {
  await removeDebris(file);
  return `removed ${what} ${file}`;
}

async function brokenFile<T extends Versioned>(
  spec: JsonFileSpec<T>,
  error: string,
  newer: boolean,
): Promise<Finding> {
  // Its backup is older than what the newer aichat wrote: the fix is to upgrade.
  if (newer) return { line: error };
  const time = await backupTime(spec.file);
  if (time === undefined) return { line: `${error} (there is no backup of it)` };
  return {
    line: `${error}; or run aichat doctor --restore to put back its backup of ${when(time)}`,
    repair: () => restore(spec),
  };
}

/** A chat file's spec that also refuses a broken tree: a backup must not put one back. */
function soundChatSpec(dataDir: string, chatId: Id): JsonFileSpec<ChatFileData> {
  const spec = chatSpec(dataDir, chatId);
  return {
    ...spec,
    isValid: (data): data is ChatFileData =>
      spec.isValid(data) && checkTree(data.tree).length === 0,
  };
}

async function restore<T extends Versioned>(
  spec: JsonFileSpec<T>,
  options: { force?: boolean } = {},
): Promise<string | null> {
  const outcome = await restoreBackup(spec, defaultLockOptions, Date.now(), options);
  if (!outcome.restored) {
    throw new AichatError('store', `${spec.file} was not restored: ${outcome.reason}`);
  }
  return `restored ${spec.file} from its backup of ${when(outcome.backupTime)}${outcome.movedAside ? ` (the broken file is kept as ${outcome.movedAside})` : ''}`;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const octal = (mode: number) => mode.toString(8).padStart(3, '0');
const when = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
