import { expect, test } from 'vitest';
import { displayWidth } from '../../src/core/text.js';
import { Header } from '../../src/ui/components/Header.js';
import { renderUi } from '../helpers/ui.js';

test('the header keeps one line and a gap when model and endpoint names are wide', () => {
  const ui = renderUi(
    <Header
      title="A rather long chat title that would fill the line"
      model="宽模型名称"
      endpoint="端点服务器"
      hasSystemPrompt={false}
      width={70}
    />,
    { columns: 70, rows: 5 },
  );
  const lines = ui.frame().split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(displayWidth(lines[0]!)).toBeLessThanOrEqual(70);
  expect(lines[0]).toMatch(/\S {2,}宽模型名称/);
  ui.unmount();
});
