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

export interface ChatDataApi {
  data: ChatData;
  /** Reloads everything now; resolves when done. */
  reload: () => Promise<void>;
  /** Opens a chat (or none) and remembers it as the last one. */
  open: (chatId: Id | null) => Promise<void>;
}

export function useChatData(
  services: Services,
  userId: Id,
  onError: (err: unknown) => void,
): ChatDataApi {
  const [data, setData] = useState<ChatData>(EMPTY);
  const openIdRef = useRef<Id | null>(null);
  const loadingRef = useRef<Promise<void> | null>(null);
  const loaded = useRef(false);

  const load = useCallback(async () => {
    const [chats, folders, models] = await Promise.all([
      services.listChats(),
      services.listFolders(),
      services.listModels(),
    ]);
    if (openIdRef.current === null && !loaded.current) {
      // First load: the user's last chat, else the most recent one.
      const last = services.lastChat(userId);
      openIdRef.current = chats.find((c) => c.id === last)?.id ?? chats[0]?.id ?? null;
    }
    const wanted = openIdRef.current;
    let open: OpenChat | null = null;
    if (wanted !== null && chats.some((c) => c.id === wanted))
      open = await services.openChat(wanted);
    else if (wanted !== null) {
      // The open chat was deleted (here or elsewhere): fall back to the most recent one.
      const next = chats[0]?.id ?? null;
      openIdRef.current = next;
      if (next !== null) open = await services.openChat(next);
    }
    loaded.current = true;
    setData((old) => {
      const next: ChatData = {
        chats: sameList(old.chats, chats) ? old.chats : chats,
        folders: sameList(old.folders, folders) ? old.folders : folders,
        models: sameList(old.models, models) ? old.models : models,
        open: sameOpen(old.open, open) ? old.open : open,
        loaded: true,
      };
      return Object.keys(next).every((k) => next[k as keyof ChatData] === old[k as keyof ChatData])
        ? old
        : next;
    });
  }, [services, userId]);

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

  useEffect(() => {
    let stamp: string | undefined;
    // The stamp from before the first load, so the first poll reloads only for a change.
    void services
      .changeStamp()
      .then((now) => {
        stamp = now;
      }, onError)
      .then(reload);
    const timer = setInterval(() => {
      // Skip a beat rather than queue polls behind a slow store.
      if (loadingRef.current !== null) return;
      // Two stats tell whether anything was written; only then is the store read again.
      services
        .changeStamp()
        .then((now) => {
          if (now === stamp) return;
          stamp = now;
          return reload();
        })
        .catch(onError);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [reload, services, onError]);

  return { data, reload, open };
}
