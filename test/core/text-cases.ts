/** Untrusted inputs and what sanitize must make of them, shared by the whole and stream tests. */
export const SANITIZE_CASES: [name: string, input: string, expected: string][] = [
  ['plain text', 'Hello, world!', 'Hello, world!'],
  ['newlines and tabs', 'a\n\tb\n', 'a\n\tb\n'],
  ['non-ASCII text', 'naïve café 日本語 😀 👨‍👩‍👧 שלום مرحبا', 'naïve café 日本語 😀 👨‍👩‍👧 שלום مرحبا'],
  ['bidi marks', 'a\u200eb\u200fc\u061cd', 'a\u200eb\u200fc\u061cd'],
  ['SGR colours', '\u001b[31mred\u001b[0m plain', 'red plain'],
  ['private modes', 'x\u001b[?1049h\u001b[?25ly', 'xy'],
  ['clear screen and home', '\u001b[2J\u001b[Hdone', 'done'],
  ['CSI with intermediates', 'a\u001b[1 qb', 'ab'],
  ['CSI with colon parameters', 'a\u001b[38:2:1:2:3mb', 'ab'],
  ['8-bit CSI', 'a\u009b31mb', 'ab'],
  ['OSC 52 ended by BEL', 'a\u001b]52;c;SGVsbG8gd29ybGQ=\u0007b', 'ab'],
  ['OSC 52 ended by ST', 'a\u001b]52;c;SGVsbG8=\u001b\\b', 'ab'],
  ['OSC 8 link', '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\', 'click'],
  ['OSC title', '\u001b]0;pwned\u0007title', 'title'],
  ['8-bit OSC ended by 8-bit ST', 'a\u009d0;t\u009cb', 'ab'],
  ['8-bit OSC ended by BEL', 'a\u009d0;t\u0007b', 'ab'],
  ['DCS (sixel)', 'a\u001bPq#0;2;0;0;0#0~~\u001b\\b', 'ab'],
  ['DCS ended by 8-bit ST', 'a\u001bP$q"p\u009cb', 'ab'],
  ['8-bit DCS', 'a\u0090q\u009cb', 'ab'],
  ['SOS', 'a\u001bXhidden\u001b\\b', 'ab'],
  ['PM', 'a\u001b^hidden\u001b\\b', 'ab'],
  ['APC', 'a\u001b_Gf=100;AAAA\u001b\\b', 'ab'],
  ['8-bit SOS, PM, APC', 'a\u0098x\u009cb\u009ex\u009cc\u009fx\u009cd', 'abcd'],
  ['reset', 'a\u001bcb', 'ab'],
  ['save and restore cursor', 'a\u001b7b\u001b8c', 'abc'],
  ['charset designation', 'a\u001b(0lqk\u001b(Bb', 'alqkb'],
  ['screen alignment test', 'a\u001b#8b', 'ab'],
  ['reverse index and keypad', 'a\u001bMb\u001b=c\u001b>d', 'abcd'],
  ['single C1 controls', 'a\u0084b\u0085c\u008dd\u009ce\u0080f', 'abcdef'],
  ['C0 controls', 'a\u0000b\u0007c\u0008d\u000be\u000cf\u000eg\u000fh\u007fi', 'abcdefghi'],
  ['carriage returns', 'a\r\nb\rc', 'a\nbc'],
  [
    'bidi overrides and isolates',
    'a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069j',
    'abcdefghij',
  ],
  [
    'a Trojan Source line',
    'if (isAdmin\u202e \u2066// check later\u2069 \u2066) {',
    'if (isAdmin // check later ) {',
  ],
  ['unfinished CSI at the end', 'a\u001b[31', 'a'],
  ['unfinished OSC at the end', 'a\u001b]52;c;AAAA', 'a'],
  ['lone ESC at the end', 'a\u001b', 'a'],
  ['unfinished ST at the end', 'a\u001b]0;t\u001b', 'a'],
  ['CAN aborts a CSI', '\u001b[31\u0018x', 'x'],
  ['SUB aborts an OSC', '\u001b]0;t\u001ax', 'x'],
  ['ESC restarts inside a CSI', '\u001b[31\u001b[32mx', 'x'],
  ['newline inside a CSI is kept', '\u001b[3\n1mx', '\nx'],
  ['other controls inside a CSI are dropped', '\u001b[3\u00071mx', 'x'],
  ['DEL inside a CSI is ignored', '\u001b[3\u007f1mx', 'x'],
  ['non-ASCII cuts a CSI short', '\u001b[3éx', 'éx'],
  ['ESC then non-ASCII', '\u001béx', 'éx'],
  ['ESC then newline', '\u001b\nx', '\nx'],
  ['ESC ESC', '\u001b\u001b[31mx', 'x'],
  ['ESC then 8-bit CSI', '\u001b\u009b31mx', 'x'],
  ['ESC inside an OSC starts a new sequence', '\u001b]0;t\u001b[31mx', 'x'],
  ['C1 inside an OSC is swallowed', '\u001b]0;a\u009bb\u0007x', 'x'],
  ['newline inside an OSC is swallowed', '\u001b]0;a\nb\u0007x', 'x'],
  ['surrogate pairs around sequences', '😀\u001b[1m😀\u001b]0;😀\u0007😀', '😀😀😀'],
];

/** Everything at once, for the split-anywhere tests. */
export const EVERYTHING = SANITIZE_CASES.map(([, input]) => input).join('|');

/**
 * Whether text holds nothing a terminal would act on: no C0 control but `\n` and `\t`, no DEL
 * or C1 control, no bidi embedding, override or isolate.
 */
export function isInert(text: string): boolean {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x20 && c !== 0x0a && c !== 0x09) return false;
    if (c >= 0x7f && c <= 0x9f) return false;
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return false;
  }
  return true;
}
