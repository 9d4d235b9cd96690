/** The TUI's colours in one place, by what they mean rather than what they look like. */
export const theme = {
  accent: 'cyan',
  focus: 'cyan',
  muted: 'gray',
  user: 'green',
  assistant: 'blue',
  warning: 'yellow',
  error: 'red',
  success: 'green',
} as const;
