/**
 * Copying a message to the system clipboard with OSC 52, which works over SSH and in tmux
 * (with `set-clipboard on`). A terminal that ignores OSC 52 gives no sign, so the status
 * line says how to get the text another way: `Y` shows it plain, for mouse selection.
 */

/** Most terminals drop OSC 52 payloads larger than this (xterm's default limit is similar). */
export const OSC52_MAX_BYTES = 100_000;

/** The escape sequence that sets the clipboard, or undefined when the text is too large. */
export function osc52(text: string): string | undefined {
  const payload = Buffer.from(text, 'utf8').toString('base64');
  if (payload.length > OSC52_MAX_BYTES) return undefined;
  return `\u001b]52;c;${payload}\u0007`;
}

/** Writes the text to the clipboard; false when it is too large to send. */
export function copyToClipboard(text: string, write: (data: string) => void): boolean {
  const sequence = osc52(text);
  if (sequence === undefined) return false;
  write(sequence);
  return true;
}
