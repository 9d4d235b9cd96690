/** Title rules: when a chat gets an automatic title, what the title model is asked, and cleanup. */
import { sanitize } from './text.js';
import type { ChatIndexEntry, MessageTree } from './types.js';
import { activePath } from './tree.js';

export const TITLE_MAX_TOKENS = 30;
const TITLE_MAX_LENGTH = 60;
const EXCERPT_LENGTH = 1500;

/**
 * A title given by hand (typed, pasted, imported) as one line: line breaks become spaces,
 * as the TUI's one-line prompt makes them. A title is shown on one line everywhere.
 */
export function titleLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

/** A chat titled by hand, or by the model already, is never titled automatically. */
export const isTitled = (entry: ChatIndexEntry) => entry.titleSource !== 'none';

/** After the first complete exchange, and never over a title the user set. */
export function wantsAutoTitle(entry: ChatIndexEntry, tree: MessageTree): boolean {
  if (isTitled(entry)) return false;
  const path = activePath(tree);
  return (
    path.some((m) => m.role === 'user') &&
    path.some((m) => m.role === 'assistant' && m.status === 'complete')
  );
}

/** The request for a title: the first exchange of the active path, shortened. */
export function titleRequest(tree: MessageTree): { system: string; prompt: string } | undefined {
  const path = activePath(tree);
  const question = path.find((m) => m.role === 'user');
  const answer = path.find((m) => m.role === 'assistant' && m.content.trim());
  if (!question) return undefined;
  const excerpt = (text: string) => text.slice(0, EXCERPT_LENGTH);
  return {
    system:
      'You name conversations. Reply with a title of at most six words for the conversation below: no quotes, no punctuation at the end, nothing else.',
    prompt: `User: ${excerpt(question.content)}${answer ? `\n\nAssistant: ${excerpt(answer.content)}` : ''}`,
  };
}

/**
 * A title for a chat found without its index entry: its first message, until a title
 * model names it (the title stays automatic).
 */
export function recoveredTitle(tree: MessageTree): string {
  const first = activePath(tree).find((m) => m.role === 'user');
  return first ? cleanTitle(first.content) : '';
}

/**
 * The model's answer as a title: inert for a terminal, its thinking left out, its first
 * line with words in it, without a `Title:` label, Markdown markers, surrounding quotes or
 * closing punctuation (a question keeps its `?`), at most 60 characters.
 */
export function cleanTitle(raw: string): string {
  const title =
    sanitize(raw)
      // A reasoning model's thoughts (DeepSeek R1 and others, even unfinished) are not its answer.
      .replace(/<think>[\s\S]*?(?:<\/think>|$)/gi, '')
      .split('\n')
      .map(stripTitleLine)
      .find((line) => line !== '') ?? '';
  return title.length > TITLE_MAX_LENGTH
    ? `${title.slice(0, TITLE_MAX_LENGTH - 1).trimEnd()}…`
    : title;
}

/** Peels until nothing changes: `**Title:** "Rust".` has its marks in any order. */
function stripTitleLine(line: string): string {
  let before;
  let title = line;
  do {
    before = title;
    title = title
      .trim()
      .replace(/^title:/i, '')
      .replace(/^[#*_>\s]+|[*_\s]+$/g, '')
      // Quotes and the ideographic full stop as \u escapes: the bundles stay ASCII (see launch.ts).
      .replace(/^["'\u201c\u201d\u2018\u2019`]+|["'\u201c\u201d\u2018\u2019`]+$/g, '')
      .replace(/[.,;:\u3002]+$/, '');
  } while (title !== before);
  return title.replace(/\s+/g, ' ');
}
