import { Box, Text, useStdout } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { lostKeysWarning } from '../../core/endpoint-rules.js';
import { oneLine } from '../../core/errors.js';
import { activePath, branchIndex, hasMessage, pathTo } from '../../core/tree.js';
import type { Id, User } from '../../core/types.js';
import * as commands from '../commands.js';
import type { CommandEnv, Effect } from '../commands.js';
import { Conversation, type ConversationHandle } from '../components/Conversation.js';
import { Dialog } from '../components/Dialog.js';
import { dialogHints } from '../components/dialog-state.js';
import { Header } from '../components/Header.js';
import { Loading } from '../components/Loading.js';
import { HelpScreen } from '../components/HelpScreen.js';
import { Input } from '../components/Input.js';
import { Sidebar } from '../components/Sidebar.js';
import {
  chatKey,
  cursorIndex,
  initialSidebar,
  neighbourChat,
  sidebarReducer,
  sidebarRows,
} from '../components/sidebar-state.js';
import { StatusLine } from '../components/StatusLine.js';
import { TreePanel } from '../components/TreePanel.js';
import { useServices, useStreamControls } from '../contexts.js';
import { useChatData, type LoadedChatData } from '../hooks/useChatData.js';
import { useDialogs } from '../hooks/useDialogs.js';
import { useInputBox } from '../hooks/useInputBox.js';
import { useMessageActions } from '../hooks/useMessageActions.js';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import { actionFor, branchKeys, hints, keyOf, type Action, type ActionIn } from '../keys.js';
import { completions, parseInput, runSlash } from '../slash.js';
import { appReducer, initialAppState, type Focus } from '../state.js';
import { theme } from '../theme.js';
import { conversationRows, mainLayout } from './layout.js';
import { handleConversationKey } from './conversation-keys.js';
import { handleSidebarKey } from './sidebar-keys.js';
import { EndpointsScreen } from './EndpointsScreen.js';
import { SettingsScreen } from './SettingsScreen.js';
import { useKeys } from '../hooks/useKeys.js';

export interface MainScreenProps {
  user: User;
  /** The store as read before the first frame; without it, read on mount. */
  initial?: LoadedChatData | undefined;
  onQuit: () => void;
}

const HINTS: Record<Focus, Action[]> = {
  sidebar: [
    'sidebar.open',
    'chat.rename',
    'chat.move',
    'chat.delete',
    'folder.new',
    'focus.next',
    'app.help',
  ],
  // The branch keys that work on the selected message come first (see branchKeys).
  conversation: [
    'message.edit',
    'message.regenerate',
    'message.copy',
    'message.delete',
    'focus.next',
    'app.help',
  ],
  input: [
    'input.send',
    'input.newline',
    'chat.new',
    'view.tree',
    'chat.model',
    'focus.next',
    'app.quit',
  ],
};

/** How long a note (not an error) stays in the status line. */
const NOTE_SHOWN_MS = 4_000;

/** The chat screen: sidebar, header, conversation, input and status line, and their keys. */
export function MainScreen({ user, initial, onQuit }: MainScreenProps) {
  const services = useServices();
  const { stdout } = useStdout();
  const size = useTerminalSize();
  const { dialog, ui, setScrollLimit } = useDialogs();
  const prefs = useMemo(() => services.uiPrefs(user.id), [services, user.id]);
  const [state, dispatch] = useReducer(appReducer, prefs.rawMarkdown ?? false, initialAppState);
  const setStatus = useCallback(
    (text: string, tone: 'info' | 'error' = 'info') =>
      dispatch({ type: 'status', status: { text, tone } }),
    [],
  );
  const onError = useCallback((err: unknown) => setStatus(oneLine(err), 'error'), [setStatus]);
  const streams = useStreamControls();
  const onGone = useCallback(
    (chatId: Id, title: string) => {
      const say = () =>
        setStatus(`"${title || '(untitled)'}" was deleted by another aichat`, 'error');
      // A reply streaming into it has nowhere to go: it stops (its last save fails, which
      // this says better).
      if (streams.busy(chatId)) void streams.stop().then(say);
      else say();
    },
    [setStatus, streams],
  );
  const chatHandlers = useMemo(() => ({ onError, onGone }), [onError, onGone]);
  const { data, reload, open, stamp } = useChatData(services, user.id, chatHandlers, initial);
  const [sidebar, sidebarDispatch] = useReducer(
    sidebarReducer,
    prefs.collapsedFolders,
    initialSidebar,
  );
  const conversationRef = useRef<ConversationHandle>(null);
  const quitting = useRef(false);
  // What the user had typed, set aside while an edit has the input box; null when none is.
  const draft = useRef<string | null>(null);

  const chat = data.open;
  const chatId = chat?.entry.id ?? null;
  const tree = chat?.tree ?? null;
  const path = useMemo(() => (tree ? activePath(tree) : []), [tree]);
  const rows = useMemo(
    () => sidebarRows(data.chats, data.folders, sidebar.collapsed, chatId),
    [data.chats, data.folders, sidebar.collapsed, chatId],
  );
  const cursor = cursorIndex(sidebar, rows);
  const cursorRow = rows[cursor];
  const selectedNode =
    state.focus === 'conversation'
      ? (path.find((n) => n.id === state.selectedId) ?? path.at(-1))
      : undefined;
  const model = data.models.find((m) => m.id === chat?.entry.modelId);

  const messages = useMessageActions({
    services,
    chatId,
    tree,
    reload,
    setStatus,
    clearStatus: () => dispatch({ type: 'status', status: null }),
    select: (id) => dispatch({ type: 'select', id }),
    onTurnEnd: () => {
      if (quitting.current) onQuit();
    },
    // Called after a failed turn, by which time `input` below exists. What the user typed
    // since goes after the message that was not sent.
    onUnsent: (text) => {
      const typed = input.text();
      input.dispatch({ type: 'set', text: typed ? `${text}\n${typed}` : text });
    },
  });

  // Keys an admin's password reset dropped are said once the chats are up, as at sign-in.
  useEffect(() => {
    void services
      .lostKeyEndpoints()
      .then((names) => names.length > 0 && setStatus(lostKeysWarning(names), 'error'))
      .catch(onError);
  }, [services, setStatus, onError]);

  // A different chat: the selection belonged to the old one; the list cursor follows.
  useEffect(() => {
    dispatch({ type: 'chatChanged' });
    if (chatId) sidebarDispatch({ type: 'select', key: chatKey(chatId) });
  }, [chatId]);

  useEffect(() => {
    void services
      .setUiPrefs(user.id, {
        rawMarkdown: state.raw,
        collapsedFolders: [...sidebar.collapsed],
      })
      .catch(onError);
  }, [services, user.id, state.raw, sidebar.collapsed, onError]);

  const env: CommandEnv = {
    services,
    ui,
    chatId,
    chatTitle: chat?.entry.title ?? '',
    systemPrompt: chat?.entry.systemPrompt,
    modelName: chat?.summary.model ?? null,
    stopStreamIn: (id) => (messages.busy(id) ? messages.stop() : Promise.resolve()),
    stopStreamUnder: (id, messageId) => {
      const live = messages.streaming();
      if (live?.chatId !== id) return Promise.resolve();
      // A reply not saved yet goes after the active path, under what is deleted on it.
      const under =
        live.replyId === null ||
        !tree ||
        !hasMessage(tree, live.replyId) ||
        pathTo(tree, live.replyId).some((node) => node.id === messageId);
      return under ? messages.stop() : Promise.resolve();
    },
  };

  const quit = () => {
    if (messages.busy()) {
      quitting.current = true;
      messages.cancel();
      setStatus('saving the partial reply…');
    } else onQuit();
  };

  const apply = async (effect: Effect): Promise<void> => {
    switch (effect.kind) {
      case 'none':
        break;
      case 'status':
        setStatus(effect.text, effect.tone);
        break;
      case 'open':
        await open(effect.chatId);
        dispatch({ type: 'focus', focus: 'input' });
        if (effect.text) setStatus(effect.text);
        break;
      case 'closed':
        // Its neighbour in the list as if no folder were folded: one always takes its place.
        await open(neighbourChat(sidebarRows(data.chats, data.folders, new Set(), chatId), chatId));
        setStatus(effect.text);
        break;
      case 'view':
        dispatch({ type: 'view', view: effect.view });
        break;
      case 'toggleRaw':
        dispatch({ type: 'toggleRaw' });
        break;
      case 'regenerate':
        // The last reply again, or a reply to a last message left unanswered.
        messages.regenerate(path.at(-1));
        break;
      case 'send':
        messages.send(effect.text);
        break;
      case 'quit':
        quit();
        return;
    }
    await reload();
  };
  const run = (command: (env: CommandEnv) => Promise<Effect>) => {
    void commands.attempt(() => command(env)).then(apply);
  };

  const input = useInputBox(
    !dialog && state.view === 'chat' && state.focus === 'input',
    {
      onSubmit: (typed) => {
        // Line breaks and spaces at the end (a pasted line's newline) mean nothing.
        const text = typed.trimEnd();
        if (state.editing) {
          const editing = state.editing;
          void messages.saveEdit(editing, text).then((ok) => {
            if (!ok) return;
            dispatch({ type: 'edit', editing: null });
            restoreDraft();
          });
          return;
        }
        const parsed = parseInput(text);
        if (parsed.kind === 'unknown')
          return setStatus(`unknown command /${parsed.name}: /help lists them`, 'error');
        if (parsed.kind === 'command') {
          input.dispatch({ type: 'set', text: '' });
          void runSlash(env, parsed).then(apply);
          return;
        }
        if (!parsed.text.trim()) return;
        if (!chatId) {
          // No chat yet: start one and send into it.
          input.dispatch({ type: 'set', text: '' });
          void commands
            .attempt(() => commands.newChat(env))
            .then(async (effect) => {
              await apply(effect);
              if (effect.kind === 'open') messages.send(parsed.text, effect.chatId);
            });
          return;
        }
        if (messages.send(parsed.text)) {
          input.dispatch({ type: 'set', text: '' });
          dispatch({ type: 'status', status: null });
        }
      },
      onEscape: () => {
        if (state.editing) cancelEdit();
      },
    },
    services.draft(user.id),
  );

  /** Back to the message the edit began from, and the draft back in the input. */
  function cancelEdit() {
    dispatch({ type: 'edit', editing: null });
    dispatch({ type: 'focus', focus: 'conversation' });
    restoreDraft();
    setStatus('edit cancelled');
  }

  const setInput = input.dispatch;
  const restoreDraft = useCallback(() => {
    setInput({ type: 'set', text: draft.current ?? '' });
    draft.current = null;
  }, [setInput]);

  // What was typed and not sent is kept for the next start: on quitting, and when the
  // session ends under the chats. (The edit of a message is not: the user's draft is.)
  // Kept for one start: back in the input, the text is the input's (kept again on closing),
  // so a message sent from it does not come back after a kill.
  const inputText = input.text;
  useEffect(() => {
    void services.setDraft(user.id, '').catch(() => undefined);
    return () =>
      void services.setDraft(user.id, draft.current ?? inputText()).catch(() => undefined);
  }, [services, user.id, inputText]);

  // An edit belongs to the chat it began in: in another, the draft it set aside comes back.
  const editChatId = useRef<Id | null>(null);
  useEffect(() => {
    if (state.editing && editChatId.current !== chatId) restoreDraft();
  }, [chatId, state.editing, restoreDraft]);

  // A note gives the status line back to the key hints after a while. Not an error, which
  // stays until the next note or send; not an edit's instructions, nor news of a stream
  // being saved or stopped, which hold while that goes on.
  useEffect(() => {
    if (state.status?.tone !== 'info' || state.editing || streams.busy()) return;
    const timer = setTimeout(() => dispatch({ type: 'status', status: null }), NOTE_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [state.status, state.editing, streams]);

  const startEdit = () => {
    if (!selectedNode) return;
    editChatId.current = chatId;
    // From one edit straight to another, the draft set aside is still the user's own. Not
    // `state.editing`: a second key can come before the first edit is rendered.
    draft.current ??= input.text();
    dispatch({ type: 'edit', editing: { messageId: selectedNode.id, role: selectedNode.role } });
    input.dispatch({ type: 'set', text: selectedNode.content });
    dispatch({ type: 'focus', focus: 'input' });
    setStatus(
      selectedNode.role === 'user'
        ? 'editing: Enter sends it as a new branch · Esc cancels'
        : 'editing the reply in place: Enter saves · Esc cancels',
    );
  };

  const onGlobalKey = (action: ActionIn<'global'> | undefined): boolean => {
    switch (action) {
      case 'app.quit':
        // As in a dialog, Ctrl+C first ends the edit (the draft comes back).
        if (state.editing) cancelEdit();
        else quit();
        return true;
      case 'app.help':
        if (state.focus === 'input' && input.text() !== '') return false;
        dispatch({ type: 'view', view: 'help' });
        return true;
      case 'focus.next':
      case 'focus.prev':
        dispatch({ type: 'cycleFocus', delta: action === 'focus.next' ? 1 : -1 });
        return true;
      case 'stream.cancel':
        // In an edit, Esc ends the edit (in the input box, its own key), from wherever the
        // focus is; the next one stops a reply.
        if (state.editing && state.focus === 'input') return false;
        if (state.editing) {
          cancelEdit();
          return true;
        }
        if (!messages.cancel()) return false;
        setStatus('stopping…');
        return true;
      case 'chat.new':
        run((e) => commands.newChat(e));
        return true;
      case 'chat.model':
        run((e) => commands.setModel(e, chatId));
        return true;
      case 'view.tree':
        if (tree) dispatch({ type: 'view', view: 'tree' });
        return true;
      case 'view.raw':
        dispatch({ type: 'toggleRaw' });
        setStatus(state.raw ? 'Markdown view' : 'raw text view');
        return true;
      case 'scroll.up':
      case 'scroll.down':
        conversationRef.current?.scrollBy(
          (action === 'scroll.up' ? 1 : -1) * Math.max(1, conversationRows(size)),
        );
        return true;
      case undefined:
        return false;
    }
  };

  const onSidebarKey = (action: ActionIn<'sidebar'> | undefined) =>
    handleSidebarKey(action, {
      row: cursorRow,
      rows,
      sidebar: sidebarDispatch,
      app: dispatch,
      open: (id) => void open(id).then(() => dispatch({ type: 'focus', focus: 'input' })),
      run,
    });

  useKeys((inputText, key) => {
    if (state.view === 'chat' && onGlobalKey(actionFor('global', inputText, key))) return;
    if (state.view !== 'chat') {
      if (actionFor('global', inputText, key) === 'app.quit') quit();
      return;
    }
    // A paste goes where text goes, from wherever the focus is.
    if (key.paste && state.focus !== 'input') {
      dispatch({ type: 'focus', focus: 'input' });
      return input.dispatch({ type: 'insert', text: inputText });
    }
    const sidebarAction = actionFor('sidebar', inputText, key);
    if (state.focus === 'sidebar') return onSidebarKey(sidebarAction);
    if (state.focus !== 'conversation') return;
    const action = actionFor('conversation', inputText, key);
    // The settings and endpoints screens open from the conversation too.
    if (!action && (sidebarAction === 'screen.settings' || sidebarAction === 'screen.endpoints'))
      return onSidebarKey(sidebarAction);
    handleConversationKey(action, {
      path,
      node: selectedNode,
      chatId,
      app: dispatch,
      messages,
      startEdit,
      run,
      setStatus,
      ui,
      write: (sequence) => stdout.write(sequence),
    });
  }, !dialog);

  const inputLabel = state.editing ? 'edit ' : '';
  const { height, sideW, rightW, mainH, paneH, conversationH, inputH } = mainLayout(
    size,
    input.buffer.text,
    inputLabel,
  );
  const hint = completions(input.buffer.text)
    .slice(0, 4)
    .map((c) => `/${c.name} ${c.args}`.trim());
  const focusHints =
    state.focus === 'conversation' && tree && selectedNode
      ? [...branchKeys(branchIndex(tree, selectedNode.id)), ...HINTS.conversation]
      : HINTS[state.focus];
  const back = () => dispatch({ type: 'view', view: 'chat' });

  const body = () => {
    const dialogBox = dialog && (
      <Dialog dialog={dialog} width={rightW} height={paneH} onScrollLimit={setScrollLimit} />
    );
    const keepsScreen = state.view === 'settings' || state.view === 'endpoints';
    if (dialogBox && !keepsScreen) return dialogBox;
    switch (state.view) {
      case 'help':
        return <HelpScreen width={rightW} height={paneH} onClose={back} />;
      case 'settings':
      case 'endpoints': {
        const Screen = state.view === 'settings' ? SettingsScreen : EndpointsScreen;
        // Kept mounted (hidden) under its dialogs: it waits on their answers, then saves,
        // reports and reloads.
        return (
          <>
            {dialogBox}
            <Box display={dialog ? 'none' : 'flex'}>
              <Screen
                width={rightW}
                height={paneH}
                ui={ui}
                isActive={!dialog}
                onClose={back}
                onError={onError}
                storeStamp={stamp}
              />
            </Box>
          </>
        );
      }
      case 'tree':
        if (tree) {
          return (
            <TreePanel
              tree={tree}
              width={rightW}
              height={paneH}
              isActive={!dialog}
              onClose={back}
              onJump={(id) => {
                back();
                dispatch({ type: 'focus', focus: 'conversation' });
                void messages.activate(id);
              }}
            />
          );
        }
        return null;
      case 'chat':
        return (
          <>
            <Conversation
              ref={conversationRef}
              chatId={chatId}
              path={path}
              tree={tree}
              modelName={chat?.summary.model ?? null}
              width={rightW}
              height={conversationH}
              raw={state.raw}
              selectedId={selectedNode?.id ?? null}
            />
            <Text color={state.focus === 'input' ? theme.focus : theme.muted} wrap="truncate">
              {'─'.repeat(rightW)}
            </Text>
            <Input
              buffer={input.buffer}
              focused={state.focus === 'input'}
              width={rightW}
              height={inputH}
              label={inputLabel}
              placeholder={`message · ${keyOf('input.newline')} new line · / commands · ? help`}
            />
          </>
        );
    }
  };

  // Until the first load the layout would be drawn empty, at the cost of a full frame.
  if (!data.loaded) return <Loading />;
  return (
    <Box flexDirection="column" width={size.columns} height={height}>
      <Box flexDirection="row" height={mainH}>
        {sideW > 0 && (
          <Box
            borderStyle="single"
            borderTop={false}
            borderBottom={false}
            borderLeft={false}
            borderColor={theme.muted}
          >
            <Sidebar
              rows={rows}
              cursor={cursor}
              focused={state.focus === 'sidebar'}
              width={sideW}
              height={mainH}
            />
          </Box>
        )}
        <Box flexDirection="column" width={rightW} height={mainH}>
          <Header
            title={chat ? chat.entry.title : null}
            model={chat?.summary.model ?? null}
            endpoint={model?.endpoint ?? null}
            hasSystemPrompt={Boolean(chat?.entry.systemPrompt)}
            width={rightW}
          />
          {body()}
        </Box>
      </Box>
      <StatusLine
        status={state.status}
        hints={
          hint.length
            ? hint
            : hints(
                dialog
                  ? dialogHints(dialog)
                  : state.view === 'chat'
                    ? focusHints
                    : ['screen.close'],
              )
        }
        width={size.columns}
      />
    </Box>
  );
}
