import { expect, test } from 'vitest';
import { StatusLine } from '../../src/ui/components/StatusLine.js';
import { StreamingProvider } from '../../src/ui/components/StreamingProvider.js';
import { renderUi } from '../helpers/ui.js';

test("a status quoting a server's words shows them without their escape sequences", () => {
  // An error message as a hostile or broken server might send it: a clipboard write
  // (OSC 52), a window title (OSC 0) and a colour around the words.
  const text =
    'endpoint "work": rejected (400): \u001b]52;c;c3RvbGVu\u0007\u001b]0;owned\u0007\u001b[31mbad\u001b[0m request';
  const ui = renderUi(
    <StreamingProvider>
      <StatusLine status={{ text, tone: 'error' }} hints={[]} width={100} />
    </StreamingProvider>,
    { debug: false },
  );
  const written = ui.frames.join('');
  expect(written).toContain('endpoint "work": rejected (400): bad request');
  expect(written).not.toContain('\u001b]');
  expect(written).not.toContain('c3RvbGVu');
  ui.unmount();
});
