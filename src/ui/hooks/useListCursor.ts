/** Up/down over a list of rows for the settings and endpoint screens, clamped to the list. */
import { useState } from 'react';

export function useListCursor(length: number): [number, (delta: number) => void] {
  const [cursor, setCursor] = useState(0);
  const clamped = Math.max(0, Math.min(length - 1, cursor));
  return [clamped, (delta) => setCursor(Math.max(0, Math.min(length - 1, clamped + delta)))];
}
