/**
 * The store as the main screen shows it: the chat list, folders, models and the open chat,
 * reloaded after every action and, when the store's change stamp moves, within about a
 * second, so what another aichat process changes shows up without a restart. A reload that finds nothing new keeps the
 * old objects, so memoised views do not re-render.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Id, MessageTree } from '../../core/types.js';
import type { ChatSummary, OpenChat } from '../../services/chats.js';
import type { FolderView } from '../../services/folders.js';
import type { ModelView } from '../../services/models.js';
import type { Services } from '../services.js';

export const POLL_MS = 1000;

export interface ChatData {
  chats: ChatSummary[];
  folders: FolderView[];
  models: ModelView[];
  open: OpenChat | null;
  loaded: boolean;
}

const EMPTY: ChatData = { chats: [], folders: [], models: [], open: null, loaded: false };

/** A cheap fingerprint of a tree: what the view depends on, without the texts themselves. */
export function treeSignature(tree: MessageTree): string {
  let sig = `${tree.activeRootId}|${tree.rootIds.length}`;
  for (const id in tree.nodes) {
    const n = tree.nodes[id];
    if (n)
      sig += `|${id}:${n.updatedAt}:${n.status}:${n.content.length}:${n.activeChildId}:${n.children.length}`;
  }
  return sig;
}

/** Flat records (chat summaries, folders, models, index entries) with the same fields. */
function sameRecord(a: object, b: object): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => a[k as keyof typeof a] === b[k as keyof typeof b]);
}

// Field by field rather than through JSON.stringify, which took ~28 ms per reload for
// 10,000 chats.
const sameList = (a: readonly object[], b: readonly object[]) =>
  a.length === b.length && a.every((item, i) => sameRecord(item, b[i]!));

function sameOpen(a: OpenChat | null, b: OpenChat | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    sameRecord(a.entry, b.entry) &&
    a.summary.model === b.summary.model &&
    treeSignature(a.tree) === treeSignature(b.tree)
  );
}

/** The data and the store's change stamp from just before it was read. */
export interface LoadedChatData {
  data: ChatData;
  stamp: string;
}

/**
 * Reads what the main screen shows, with `openId` open: `undefined` for the user's last
 * chat (else the most recent one), `null` for none. A chat that is gone (deleted here or
 * elsewhere) gives way to the most recent one.
 */
export async function readChatData(
  services: Services,
  userId: Id,
  openId: Id | null | undefined,
): Promise<LoadedChatData> {
  // Taken first: whatever is written while the store is read moves it again.
  const stamp = await services.changeStamp();
  const [chats, folders, models] = await Promise.all([
    services.listChats(),
    services.listFolders(),
    services.listModels(),
  ]);
  const last = services.lastChat(userId);
  const wanted =
    openId === undefined ? (chats.find((c) => c.id === last)?.id ?? chats[0]?.id ?? null) : openId;
  const id =
    wanted !== null && !chats.some((c) => c.id === wanted) ? (chats[0]?.id ?? null) : wanted;
  const open = id === null ? null : await services.openChat(id);
  return { data: { chats, folders, models, open, loaded: true }, stamp };
}

/** The old objects wherever nothing changed, so memoised views do not re-render. */
function merge(old: ChatData, next: ChatData): ChatData {
  const merged: ChatData = {
    chats: sameList(old.chats, next.chats) ? old.chats : next.chats,
    folders: sameList(old.folders, next.folders) ? old.folders : next.folders,
    models: sameList(old.models, next.models) ? old.models : next.models,
    open: sameOpen(old.open, next.open) ? old.open : next.open,
    loaded: true,
  };
  const keys = Object.keys(merged) as (keyof ChatData)[];
  return keys.every((k) => merged[k] === old[k]) ? old : merged;
}

export interface ChatDataApi {
  data: ChatData;
  /** Reloads everything now; resolves when done. */
  reload: () => Promise<void>;
  /** Opens a chat (or none) and remembers it as the last one. */
  open: (chatId: Id | null) => Promise<void>;
  /** Changes whenever a load finds the store changed (here or by another aichat). */
  stamp: string | undefined;
}

/** `initial`: data read before the first frame (see start.ts), else it is read on mount. */
export function useChatData(
  services: Services,
  userId: Id,
  handlers: {
    onError: (err: unknown) => void;
    /** The open chat was deleted by another aichat; another one is open now. */
    onGone: (chatId: Id, title: string) => void;
  },
  initial?: LoadedChatData,
): ChatDataApi {
  const { onError, onGone } = handlers;
  const [data, setData] = useState<ChatData>(initial?.data ?? EMPTY);
  // The chat to keep open; undefined until the first load has chosen one.
  const openIdRef = useRef<Id | null | undefined>(
    initial ? (initial.data.open?.entry.id ?? null) : undefined,
  );
  const loadingRef = useRef<Promise<void> | null>(null);
  // The store's change stamp as the last load found it.
  const stampRef = useRef(initial?.stamp);
  const [stamp, setStamp] = useState(initial?.stamp);

  // The open chat's title as last loaded, to name it once it is gone.
  const openTitleRef = useRef(initial?.data.open?.entry.title ?? '');

  const load = useCallback(async () => {
    const asked = openIdRef.current;
    const next = await readChatData(services, userId, asked);
    stampRef.current = next.stamp;
    setStamp(next.stamp);
    // Unless the user opened another chat meanwhile, keep what was opened in its place.
    if (openIdRef.current === asked) {
      openIdRef.current = next.data.open?.entry.id ?? null;
      if (asked && openIdRef.current !== asked) onGone(asked, openTitleRef.current);
    }
    openTitleRef.current = next.data.open?.entry.title ?? '';
    setData((old) => merge(old, next.data));
  }, [services, userId, onGone]);

  const reload = useCallback(() => {
    // Loads never overlap: a reload asked for during one waits for it, then runs.
    const run: Promise<void> = (loadingRef.current ?? Promise.resolve())
      .then(load)
      .catch(onError)
      .finally(() => {
        if (loadingRef.current === run) loadingRef.current = null;
      });
    loadingRef.current = run;
    return run;
  }, [load, onError]);

  const open = useCallback(
    async (chatId: Id | null) => {
      openIdRef.current = chatId;
      await services.setLastChat(userId, chatId ?? undefined).catch(onError);
      await reload();
    },
    [reload, services, userId, onError],
  );

  const needsFirstLoad = useRef(initial === undefined);
  useEffect(() => {
    if (needsFirstLoad.current) {
      needsFirstLoad.current = false;
      void reload();
    }
    const timer = setInterval(() => {
      // Skip a beat rather than queue polls behind a slow store.
      if (loadingRef.current !== null) return;
      // Two stats tell whether anything was written since the last load read the store.
      services
        .changeStamp()
        .then((now) => (now === stampRef.current ? undefined : reload()))
        .catch(onError);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [reload, services, onError]);

  return { data, reload, open, stamp };
}
