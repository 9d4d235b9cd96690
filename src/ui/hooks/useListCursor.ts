/** Up/down over a list of rows for the settings and endpoint screens, clamped to the list. */
import { useState } from 'react';

export function useListCursor(length: number): [number, (delta: number) => void] {
  const [cursor, setCursor] = useState(0);
  const clamp = (at: number) => Math.max(0, Math.min(length - 1, at));
  const clamped = clamp(cursor);
  // From the cursor as it stands, not as last drawn: keys read together each move.
  return [clamped, (delta) => setCursor((at) => clamp(clamp(at) + delta))];
}
