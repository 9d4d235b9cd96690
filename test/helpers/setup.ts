// Ink renders differently when it thinks it runs in CI; tests want the interactive path.
delete process.env.CI;

// A React act() warning means a test looked at a screen before React finished with it.
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  const text = args.map(String).join(' ');
  if (text.includes('not wrapped in act(')) throw new Error(`React act() warning: ${text}`);
  consoleError(...args);
};
