/** What the conversation's keys do; the main screen passes in its state and dispatchers. */
import type { Id, MessageNode } from '../../core/types.js';
import { copyToClipboard } from '../clipboard.js';
import * as commands from '../commands.js';
import type { CommandEnv, Effect } from '../commands.js';
import type { DialogApi } from '../hooks/useDialogs.js';
import type { MessageActions } from '../hooks/useMessageActions.js';
import { keyOf, type ActionIn } from '../keys.js';
import type { AppAction } from '../state.js';

export interface ConversationKeyDeps {
  /** The active path, and the message selected on it. */
  path: readonly MessageNode[];
  node: MessageNode | undefined;
  chatId: Id | null;
  app: (action: AppAction) => void;
  messages: Pick<MessageActions, 'switchBranch' | 'regenerate'>;
  startEdit: () => void;
  run: (command: (env: CommandEnv) => Promise<Effect>) => void;
  setStatus: (text: string, tone?: 'info' | 'error') => void;
  ui: DialogApi;
  /** Writes to the terminal, for the OSC 52 clipboard sequence. */
  write: (sequence: string) => void;
}

export function handleConversationKey(
  action: ActionIn<'conversation'> | undefined,
  deps: ConversationKeyDeps,
): void {
  const { path, node, messages, setStatus } = deps;
  const at = node ? path.indexOf(node) : -1;
  const select = (i: number) => {
    const target = path[Math.max(0, Math.min(path.length - 1, i))];
    if (target) deps.app({ type: 'select', id: target.id });
  };
  switch (action) {
    case 'message.up':
    case 'message.down':
      return deps.app({
        type: 'selectBy',
        delta: action === 'message.up' ? -1 : 1,
        path: path.map((n) => n.id),
      });
    case 'message.first':
      return select(0);
    case 'message.last':
      return select(path.length - 1);
    case 'branch.prev':
    case 'branch.next':
      if (node) void messages.switchBranch(node.id, action === 'branch.prev' ? -1 : 1);
      return;
    case 'message.edit':
      // Said now, not when the edit is saved: a reply is edited once it has ended.
      if (node?.status === 'streaming')
        return setStatus('this reply is still streaming: Esc stops it, then e edits it', 'error');
      return deps.startEdit();
    case 'message.regenerate':
      // On a message of the user's: its reply again, or a first one when it has none.
      messages.regenerate(node?.role === 'user' ? (path[at + 1] ?? node) : node);
      return;
    case 'message.delete':
      if (node) deps.run((e) => commands.deleteMessage(e, deps.chatId, node.id));
      return;
    case 'message.copy':
      if (!node) return;
      if (copyToClipboard(node.content, deps.write)) {
        setStatus(
          `copied ${node.content.length} characters (OSC 52) · ${keyOf('message.show')} shows it plain`,
        );
      } else
        setStatus(`too long for the clipboard: ${keyOf('message.show')} shows it plain`, 'error');
      return;
    case 'message.show':
      if (node) void deps.ui.show('Message (plain text, select with the mouse)', node.content);
      return;
    case undefined:
      return;
  }
}
