/**
 * What happens to messages: sending, editing, regenerating and switching branches. The
 * streaming turns go through the stream controls; finished changes reload the chat.
 */
import { useCallback, useLayoutEffect, useRef } from 'react';
import { oneLine } from '../../core/errors.js';
import { siblingsOf } from '../../core/tree.js';
import type { Id, MessageNode, MessageTree } from '../../core/types.js';
import type { ReplyOptions, ReplyResult } from '../../services/conversation.js';
import { useStreamControls } from '../contexts.js';
import type { Services } from '../services.js';

export interface MessageActionsDeps {
  services: Services;
  chatId: Id | null;
  tree: MessageTree | null;
  reload: () => Promise<void>;
  setStatus: (text: string, tone?: 'info' | 'error') => void;
  clearStatus: () => void;
  select: (id: Id | null) => void;
  /** Called when a turn ends while the app waits to quit. */
  onTurnEnd: () => void;
  /** Gives back a message that failed before it was saved, so the typed text is not lost. */
  onUnsent: (text: string) => void;
}

/** The status line's words for how a turn ended. */
export function outcomeText(result: ReplyResult): { text: string; tone: 'info' | 'error' } | null {
  if (result.status === 'error')
    return { text: `the reply failed: ${result.error ?? 'unknown error'}`, tone: 'error' };
  if (result.status === 'incomplete') {
    return result.errorKind === 'cancelled' || !result.error
      ? { text: 'stopped: the partial reply is kept', tone: 'info' }
      : { text: `the reply was cut short (kept): ${result.error}`, tone: 'error' };
  }
  return null;
}

export type MessageActions = ReturnType<typeof useMessageActions>;

export function useMessageActions(deps: MessageActionsDeps) {
  const controls = useStreamControls();
  // Handlers read the latest values through a ref, so they stay the same functions.
  const depsRef = useRef(deps);
  useLayoutEffect(() => {
    depsRef.current = deps;
  });

  const stream = useCallback(
    (chatId: Id, call: (options: ReplyOptions) => Promise<ReplyResult>, pendingUser?: string) => {
      const d = depsRef.current;
      let saved = false;
      const started = controls.start({
        chatId,
        call,
        ...(pendingUser !== undefined ? { pendingUser } : {}),
        onStarted: () => {
          saved = true;
          void depsRef.current.reload();
        },
        // A side task that failed (naming the chat): shown as the problem it is.
        onNotice: (text) => depsRef.current.setStatus(text, 'error'),
        onFinished: ({ result, error }) => {
          const now = depsRef.current;
          if (error !== undefined) {
            now.setStatus(oneLine(error), 'error');
            if (!saved && pendingUser !== undefined) now.onUnsent(pendingUser);
          } else if (result) {
            const outcome = outcomeText(result);
            if (outcome) now.setStatus(outcome.text, outcome.tone);
            else now.clearStatus();
          }
          void now.reload().then(() => now.onTurnEnd());
        },
      });
      if (!started) d.setStatus('a reply is still streaming: Esc stops it', 'error');
      return started;
    },
    [controls],
  );

  return {
    /** Sends a message in the open chat (or `to`, one just created); false if it could not start (the text stays typed). */
    send: (text: string, to?: Id): boolean => {
      const { services } = depsRef.current;
      const chatId = to ?? depsRef.current.chatId;
      if (!chatId) return false;
      return stream(chatId, (o) => services.sendUserMessage(chatId, text, o), text);
    },
    /** A new reply: beside `node` when it is a reply, to it when it is the user's. */
    regenerate: (node: MessageNode | undefined): boolean => {
      const { services, chatId, setStatus } = depsRef.current;
      if (!chatId || !node) {
        setStatus('select a reply to regenerate', 'error');
        return false;
      }
      return stream(chatId, (o) => services.regenerateReply(chatId, node.id, o));
    },
    /** Saves an edit: a user message gets a new branch and reply, a reply changes in place. */
    saveEdit: async (
      node: { messageId: Id; role: MessageNode['role'] },
      text: string,
    ): Promise<boolean> => {
      const { services, chatId, reload, setStatus } = depsRef.current;
      if (!chatId) return false;
      if (node.role === 'user') {
        if (!text.trim()) {
          setStatus('the message is empty: type the new text, or Esc to keep it as it is', 'error');
          return false;
        }
        return stream(chatId, (o) => services.editUserMessage(chatId, node.messageId, text, o));
      }
      try {
        await services.editAssistantMessage(chatId, node.messageId, text);
        setStatus('reply edited');
        await reload();
        return true;
      } catch (err) {
        setStatus(oneLine(err), 'error');
        return false;
      }
    },
    switchBranch: async (id: Id, delta: -1 | 1) => {
      const { services, chatId, tree, reload, setStatus, select } = depsRef.current;
      if (!chatId || !tree) return;
      const siblings = siblingsOf(tree, id);
      const target = siblings[siblings.indexOf(id) + delta];
      if (target === undefined) return;
      try {
        await services.switchBranch(chatId, id, delta);
        select(target);
        await reload();
      } catch (err) {
        setStatus(oneLine(err), 'error');
      }
    },
    activate: async (id: Id) => {
      const { services, chatId, reload, setStatus, select } = depsRef.current;
      if (!chatId) return;
      try {
        await services.activateMessage(chatId, id);
        select(id);
        await reload();
      } catch (err) {
        setStatus(oneLine(err), 'error');
      }
    },
    cancel: () => controls.cancel(),
    stop: () => controls.stop(),
    busy: (chatId?: Id) => controls.busy(chatId),
    streaming: () => controls.streaming(),
  };
}
