/**
 * Every key of the TUI, in one table of named actions. Handlers ask `matches(action, …)`
 * instead of comparing keys themselves, and the help screen and the status line are
 * generated from the same table, so what is shown is what works.
 *
 * Focus decides which single letters mean something: letters are actions only where the
 * focus is not the input box; global actions use Ctrl keys the input does not edit with
 * (the input keeps Ctrl+A/E/U/K/W/D and the arrows).
 */
import type { Key } from 'ink';

/** Where an action applies. `global` works everywhere except inside a dialog. */
export type Scope = 'global' | 'sidebar' | 'conversation' | 'input' | 'tree' | 'dialog' | 'screen';

interface ActionSpec {
  scope: Scope;
  /** Default bindings, e.g. `ctrl+n`, `shift+tab`, `pageup`, `?`. The first is shown in hints. */
  keys: readonly string[];
  description: string;
  /** A short label for the status line; actions without one appear only in help. */
  hint?: string;
  /** The keys as the status line names them, when not the first binding alone (`↑↓`). */
  hintKeys?: string;
}

export const ACTIONS = {
  'app.quit': {
    scope: 'global',
    keys: ['ctrl+c'],
    description: 'Quit, keeping what is typed for next time (in a dialog or an edit: cancel it)',
    hint: 'quit',
  },
  'app.help': {
    scope: 'global',
    keys: ['?'],
    description: 'Show every key (in the input: when it is empty)',
    hint: 'help',
  },
  'focus.next': {
    scope: 'global',
    keys: ['tab'],
    description: 'Focus the next region (chats, conversation, input)',
    hint: 'focus',
  },
  'focus.prev': { scope: 'global', keys: ['shift+tab'], description: 'Focus the previous region' },
  'stream.cancel': {
    scope: 'global',
    keys: ['escape'],
    description: 'Stop the streaming reply (the text so far is kept)',
    hint: 'stop',
  },
  'chat.new': {
    scope: 'global',
    keys: ['ctrl+n'],
    description: 'New chat with your default model',
    hint: 'new chat',
  },
  'chat.model': {
    scope: 'global',
    keys: ['ctrl+p'],
    description: "Change the chat's model",
    hint: 'model',
  },
  'view.tree': {
    scope: 'global',
    keys: ['ctrl+t'],
    description: 'Tree of every branch; Enter makes a path active',
    hint: 'tree',
  },
  'view.raw': { scope: 'global', keys: ['ctrl+r'], description: 'Toggle Markdown / raw text' },
  'scroll.up': { scope: 'global', keys: ['pageup'], description: 'Scroll the conversation up' },
  'scroll.down': {
    scope: 'global',
    keys: ['pagedown'],
    description: 'Scroll the conversation down',
  },

  'sidebar.up': { scope: 'sidebar', keys: ['up', 'k'], description: 'Previous chat or folder' },
  'sidebar.down': { scope: 'sidebar', keys: ['down', 'j'], description: 'Next chat or folder' },
  'sidebar.open': {
    scope: 'sidebar',
    keys: ['enter', 'right', 'l'],
    description: 'Open the chat / unfold the folder',
    hint: 'open',
  },
  'sidebar.fold': {
    scope: 'sidebar',
    keys: ['space', 'left', 'h'],
    description: 'Fold or unfold the folder',
  },
  'chat.rename': {
    scope: 'sidebar',
    keys: ['r'],
    description: 'Rename the chat or folder',
    hint: 'rename',
  },
  'chat.delete': {
    scope: 'sidebar',
    keys: ['d'],
    description: 'Delete the chat or folder (asks first)',
    hint: 'delete',
  },
  'chat.move': {
    scope: 'sidebar',
    keys: ['m'],
    description: 'Move the chat to a folder',
    hint: 'move',
  },
  'chat.title': {
    scope: 'sidebar',
    keys: ['t'],
    description: 'Regenerate the chat title with the title model',
  },
  'folder.new': { scope: 'sidebar', keys: ['f'], description: 'New folder', hint: 'folder' },
  'screen.settings': {
    scope: 'sidebar',
    keys: ['S'],
    description: 'Settings screen (also from the conversation)',
  },
  'screen.endpoints': {
    scope: 'sidebar',
    keys: ['E'],
    description: 'Endpoints and models screen (also from the conversation)',
  },

  'message.up': {
    scope: 'conversation',
    keys: ['up', 'k'],
    description: 'Select the previous message',
  },
  'message.down': {
    scope: 'conversation',
    keys: ['down', 'j'],
    description: 'Select the next message',
  },
  'message.first': {
    scope: 'conversation',
    keys: ['home', 'g'],
    description: 'Select the first message',
  },
  'message.last': {
    scope: 'conversation',
    keys: ['end', 'G'],
    description: 'Select the last message',
  },
  'branch.prev': {
    scope: 'conversation',
    keys: ['left', 'h'],
    description: 'Previous branch of the selected message (< 1/2 >)',
    hint: 'branch',
  },
  'branch.next': {
    scope: 'conversation',
    keys: ['right', 'l'],
    description: 'Next branch of the selected message',
    hint: 'branch',
  },
  'message.edit': {
    scope: 'conversation',
    keys: ['e'],
    description: 'Edit: a user message becomes a new branch, a reply changes in place',
    hint: 'edit',
  },
  'message.regenerate': {
    scope: 'conversation',
    keys: ['r'],
    description: 'Regenerate the reply (a new branch); on a message left unanswered, answer it',
    hint: 'regen',
  },
  'message.delete': {
    scope: 'conversation',
    keys: ['d'],
    description: 'Delete the message and its replies (asks first)',
    hint: 'delete',
  },
  'message.copy': {
    scope: 'conversation',
    keys: ['y'],
    description: 'Copy the message to the clipboard (OSC 52)',
    hint: 'copy',
  },
  'message.show': {
    scope: 'conversation',
    keys: ['Y'],
    description: 'Show the message as plain text, to select with the mouse',
  },

  'input.send': {
    scope: 'input',
    keys: ['enter'],
    description: 'Send (a line starting with / runs a command; // sends a /)',
    hint: 'send',
  },
  'input.newline': {
    scope: 'input',
    keys: ['ctrl+j', 'alt+enter'],
    description: 'New line in the message',
    hint: 'newline',
  },
  'input.cancelEdit': {
    scope: 'input',
    keys: ['escape'],
    description: 'Stop editing a message (keeps the old text)',
  },
  'input.left': { scope: 'input', keys: ['left', 'ctrl+b'], description: 'Cursor left' },
  'input.right': { scope: 'input', keys: ['right', 'ctrl+f'], description: 'Cursor right' },
  'input.up': { scope: 'input', keys: ['up'], description: 'Cursor up a line' },
  'input.down': { scope: 'input', keys: ['down'], description: 'Cursor down a line' },
  'input.lineStart': { scope: 'input', keys: ['ctrl+a', 'home'], description: 'Start of the line' },
  'input.lineEnd': { scope: 'input', keys: ['ctrl+e', 'end'], description: 'End of the line' },
  'input.wordLeft': { scope: 'input', keys: ['alt+b', 'ctrl+left'], description: 'Word left' },
  'input.wordRight': { scope: 'input', keys: ['alt+f', 'ctrl+right'], description: 'Word right' },
  'input.backspace': {
    scope: 'input',
    keys: ['backspace', 'delete'],
    description: 'Delete the character before the cursor',
  },
  'input.deleteForward': {
    scope: 'input',
    keys: ['ctrl+d'],
    description: 'Delete the character under the cursor',
  },
  'input.deleteWord': {
    scope: 'input',
    keys: ['ctrl+w', 'alt+backspace'],
    description: 'Delete the word before the cursor',
  },
  'input.killStart': {
    scope: 'input',
    keys: ['ctrl+u'],
    description: 'Delete to the start of the line',
  },
  'input.killEnd': {
    scope: 'input',
    keys: ['ctrl+k'],
    description: 'Delete to the end of the line',
  },

  'tree.up': { scope: 'tree', keys: ['up', 'k'], description: 'Previous row' },
  'tree.down': { scope: 'tree', keys: ['down', 'j'], description: 'Next row' },
  'tree.jump': {
    scope: 'tree',
    keys: ['enter'],
    description: "Make the message's path active (or unfold)",
    hint: 'jump',
  },
  'tree.close': {
    scope: 'tree',
    keys: ['escape', 'ctrl+t', 'q'],
    description: 'Close the tree',
    hint: 'close',
  },

  'dialog.up': {
    scope: 'dialog',
    keys: ['up', 'ctrl+p'],
    description: 'Previous choice',
    hint: 'move',
    hintKeys: '↑↓',
  },
  'dialog.down': { scope: 'dialog', keys: ['down', 'ctrl+n'], description: 'Next choice' },
  'dialog.accept': { scope: 'dialog', keys: ['enter'], description: 'Accept', hint: 'ok' },
  'dialog.yes': { scope: 'dialog', keys: ['y'], description: 'Yes (confirmations)', hint: 'yes' },
  'dialog.no': { scope: 'dialog', keys: ['n'], description: 'No (confirmations)', hint: 'no' },
  'dialog.cancel': {
    scope: 'dialog',
    keys: ['escape', 'ctrl+c'],
    description: 'Cancel',
    hint: 'cancel',
  },

  'screen.up': { scope: 'screen', keys: ['up', 'k'], description: 'Previous row' },
  'screen.down': { scope: 'screen', keys: ['down', 'j'], description: 'Next row' },
  'screen.switch': {
    scope: 'screen',
    keys: ['tab'],
    description: 'Switch between endpoints and models',
  },
  'screen.edit': {
    scope: 'screen',
    keys: ['enter', 'e'],
    description: 'Edit the row',
    hint: 'edit',
  },
  'screen.add': {
    scope: 'screen',
    keys: ['a'],
    description: 'Add an endpoint or model',
    hint: 'add',
  },
  'screen.delete': {
    scope: 'screen',
    keys: ['d'],
    description: 'Delete the row (asks first)',
    hint: 'delete',
  },
  'screen.test': {
    scope: 'screen',
    keys: ['t'],
    description: 'Test the endpoint step by step',
    hint: 'test',
  },
  'screen.close': {
    scope: 'screen',
    keys: ['escape', 'q'],
    description: 'Back to the chat',
    hint: 'back',
  },
} as const satisfies Record<string, ActionSpec>;

export type Action = keyof typeof ACTIONS;

/** The actions of one scope, so a handler's `switch` can be checked for exhaustiveness. */
export type ActionIn<S extends Scope> = {
  [A in Action]: (typeof ACTIONS)[A]['scope'] extends S ? A : never;
}[Action];

/** The parts of Ink's `Key` that bindings look at; tests can pass a partial key. */
export type KeyLike = Partial<Key> & { paste?: boolean };

const NAMED: Record<string, (key: KeyLike, input: string) => boolean> = {
  enter: (k) => Boolean(k.return),
  escape: (k) => Boolean(k.escape),
  tab: (k) => Boolean(k.tab),
  up: (k) => Boolean(k.upArrow),
  down: (k) => Boolean(k.downArrow),
  left: (k) => Boolean(k.leftArrow),
  right: (k) => Boolean(k.rightArrow),
  pageup: (k) => Boolean(k.pageUp),
  pagedown: (k) => Boolean(k.pageDown),
  home: (k) => Boolean(k.home),
  end: (k) => Boolean(k.end),
  // Most terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`;
  // both names are bound to deleting backwards for that reason.
  backspace: (k) => Boolean(k.backspace),
  delete: (k) => Boolean(k.delete),
  space: (_k, input) => input === ' ',
};

type Matcher = (input: string, key: KeyLike) => boolean;

/** Turns `ctrl+n`, `shift+tab`, `alt+enter`, `G` or `?` into a predicate over Ink's key. */
export function parseBinding(binding: string): Matcher {
  const parts = binding.split('+');
  // A binding of `+` itself would split into two empty parts.
  const name = parts.length > 1 && parts.at(-1) === '' ? '+' : (parts.at(-1) ?? '');
  const mods = new Set(parts.slice(0, name === '+' ? -2 : -1));
  const ctrl = mods.has('ctrl');
  const alt = mods.has('alt');
  const shift = mods.has('shift');

  // Ctrl+J arrives as a bare line feed (no ctrl flag) outside the kitty protocol.
  if (ctrl && name === 'j')
    return (input, key) => input === '\n' || (input === 'j' && Boolean(key.ctrl));

  const named = NAMED[name];
  if (named) {
    return (input, key) =>
      named(key, input) &&
      Boolean(key.ctrl) === ctrl &&
      // Ink flags Escape itself as meta, so meta is only compared for other keys.
      (name === 'escape' || Boolean(key.meta) === alt) &&
      (name === 'space' || !['tab', 'enter'].includes(name) || Boolean(key.shift) === shift);
  }
  if (ctrl) return (input, key) => Boolean(key.ctrl) && input.toLowerCase() === name;
  if (alt) return (input, key) => Boolean(key.meta) && !key.escape && input === name;
  return (input, key) => input === name && !key.ctrl && !key.meta;
}

const matchers = new Map<Action, Matcher[]>(
  Object.entries(ACTIONS).map(([action, spec]) => [
    action as Action,
    spec.keys.map((binding) => parseBinding(binding)),
  ]),
);

/** Whether this key press is one of the action's bindings. */
export function matches(action: Action, input: string, key: KeyLike): boolean {
  // Pasted text is text, even a lone `q` or `d`.
  if (key.paste) return false;
  return matchers.get(action)?.some((match) => match(input, key)) ?? false;
}

/** The first action of `scope` this key press triggers, if any. */
export function actionFor<S extends Scope>(
  scope: S,
  input: string,
  key: KeyLike,
): ActionIn<S> | undefined {
  for (const [action, spec] of Object.entries(ACTIONS) as [Action, ActionSpec][]) {
    if (spec.scope === scope && matches(action, input, key)) return action as ActionIn<S>;
  }
  return undefined;
}

const KEY_LABELS: Record<string, string> = {
  enter: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  backspace: 'Backspace',
  delete: 'Del',
  space: 'Space',
};

/** `ctrl+n` → `Ctrl+N`, `pageup` → `PgUp`. */
export function keyLabel(binding: string): string {
  return binding
    .split(/\+(?=.)/)
    .map((part) => {
      if (part === 'ctrl') return 'Ctrl';
      if (part === 'alt') return 'Alt';
      if (part === 'shift') return 'Shift';
      return (
        KEY_LABELS[part] ?? (part.length === 1 && binding.includes('+') ? part.toUpperCase() : part)
      );
    })
    .join('+');
}

export function spec(action: Action): ActionSpec {
  return ACTIONS[action];
}

/** The label of an action's first binding, as hints show it. */
export function keyOf(action: Action): string {
  return keyLabel(spec(action).keys[0] ?? '');
}

export interface HelpSection {
  title: string;
  rows: { keys: string; description: string }[];
}

const SECTION_TITLES: Record<Scope, string> = {
  global: 'Anywhere',
  sidebar: 'Chat list (Tab to focus)',
  conversation: 'Conversation (Tab to focus)',
  input: 'Input box',
  tree: 'Tree view',
  dialog: 'Dialogs',
  screen: 'Settings, endpoints and models screens',
};

/** The help screen's content, section by section, straight from the table. */
export function helpSections(): HelpSection[] {
  const scopes = Object.keys(SECTION_TITLES) as Scope[];
  return scopes.map((scope) => ({
    title: SECTION_TITLES[scope],
    rows: (Object.values(ACTIONS) as ActionSpec[])
      .filter((s) => s.scope === scope)
      .map((s) => ({ keys: s.keys.map(keyLabel).join(' / '), description: s.description })),
  }));
}

/** The branch keys that do something on a message that is branch `i` of `n`. */
export function branchKeys({ i, n }: { i: number; n: number }): Action[] {
  return [
    ...(i > 1 ? (['branch.prev'] as const) : []),
    ...(i < n ? (['branch.next'] as const) : []),
  ];
}

/** `Ctrl+N new chat`-style hints for the status line, for the actions that work now. */
export function hints(actions: readonly Action[]): string[] {
  return actions.flatMap((action) => {
    const s: ActionSpec = ACTIONS[action];
    const first = s.keys[0];
    return s.hint && first ? [`${s.hintKeys ?? keyLabel(first)} ${s.hint}`] : [];
  });
}
