/**
 * Small, line-at-a-time syntax highlighting for code blocks: comments, strings, numbers and
 * keywords of common languages. Good enough to read code in a chat; a library such as
 * cli-highlight could replace `highlightLine` without touching the Markdown renderer.
 */
import type { Segment, Style } from './styled.js';

const KEYWORD: Style = { color: 'magenta' };
const STRING: Style = { color: 'green' };
const NUMBER: Style = { color: 'yellow' };
const COMMENT: Style = { color: 'gray', italic: true };
const PLAIN: Style = { color: 'cyan' };

const words = (list: string) => new Set(list.split(' '));

const C_LIKE = words(
  'if else for while do switch case break continue return function const let var new class extends import export from default try catch finally throw async await yield typeof instanceof interface type enum public private protected static void null undefined true false this super in of struct fn impl pub use mod match loop mut trait where package func go defer chan select map range int float double char bool boolean string auto unsigned long short include define',
);
const PYTHON = words(
  'def class if elif else for while return import from as with try except finally raise lambda yield pass break continue and or not in is None True False async await global nonlocal self print',
);
const SHELL = words(
  'if then else elif fi for while do done case esac function in return export local echo exit set unset source cd',
);
const SQL = words(
  'select from where insert into values update set delete create table drop alter join left right inner outer on group by order having limit and or not null as distinct count primary key',
);

interface Language {
  keywords: Set<string>;
  lineComment: string[];
  caseInsensitive?: boolean;
}

const LANGUAGES: Record<string, Language> = {
  c: { keywords: C_LIKE, lineComment: ['//'] },
  python: { keywords: PYTHON, lineComment: ['#'] },
  shell: { keywords: SHELL, lineComment: ['#'] },
  sql: { keywords: SQL, lineComment: ['--'], caseInsensitive: true },
  yaml: { keywords: words('true false null yes no'), lineComment: ['#'] },
};

const ALIASES: Record<string, string> = {
  py: 'python',
  python: 'python',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  shell: 'shell',
  console: 'shell',
  sql: 'sql',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'yaml',
  ruby: 'python',
  rb: 'python',
};

/** The language for a fence's info string; unknown names get the C-like rules. */
export function languageOf(info: string): Language | undefined {
  const name = info.trim().toLowerCase();
  if (!name || name === 'text' || name === 'txt' || name === 'plain') return undefined;
  return LANGUAGES[ALIASES[name] ?? 'c'];
}

const TOKEN =
  /("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|`(?:[^`\\]|\\.)*`?)|(\b0x[\da-f]+\b|\b\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?\b)|([A-Za-z_$][\w$]*)|(\s+)|([^\w\s"'`]+)/gi;

/** One line of code as styled runs. */
export function highlightLine(line: string, language: Language | undefined): Segment[] {
  if (!language) return [{ text: line, style: PLAIN }];
  const segments: Segment[] = [];
  let rest = line;
  let comment = '';
  for (const marker of language.lineComment) {
    const at = indexOutsideStrings(line, marker);
    if (at >= 0 && (comment === '' || at < line.length - comment.length)) {
      rest = line.slice(0, at);
      comment = line.slice(at);
    }
  }
  for (const m of rest.matchAll(TOKEN)) {
    const [text, str, num, word] = m;
    let style: Style | undefined;
    if (str) style = STRING;
    else if (num) style = NUMBER;
    else if (word) {
      const key = language.caseInsensitive ? word.toLowerCase() : word;
      if (language.keywords.has(key)) style = KEYWORD;
    }
    segments.push(style ? { text, style } : { text });
  }
  if (comment) segments.push({ text: comment, style: COMMENT });
  return segments;
}

/** Where `marker` starts outside a quoted string, or -1. */
function indexOutsideStrings(line: string, marker: string): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (line.startsWith(marker, i)) return i;
  }
  return -1;
}
