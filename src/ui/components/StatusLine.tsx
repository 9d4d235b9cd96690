import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { sanitize, truncate } from '../../core/text.js';
import { useLiveReply, type LiveReply } from '../contexts.js';
import { keyOf } from '../keys.js';
import type { StatusMessage } from '../state.js';
import { theme } from '../theme.js';

export interface StatusLineProps {
  status: StatusMessage | null;
  /** Hints for the keys that work now, from the key table. */
  hints: readonly string[];
  width: number;
}

/** Seconds since the reply started, ticking on its own so nothing else re-renders for it. */
function useElapsed(live: LiveReply | null): string {
  const [now, setNow] = useState(() => Date.now());
  const active = live !== null;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(timer);
  }, [active]);
  return live ? `${(Math.max(0, now - live.startedAt) / 1000).toFixed(1)}s` : '';
}

const STOP = keyOf('stream.cancel');

/** Bottom line: a message or the keys that work now, and the streaming state. */
export function StatusLine({ status, hints, width }: StatusLineProps) {
  const live = useLiveReply();
  const elapsed = useElapsed(live);
  const streaming = live ? `streaming ~${live.chunks} tokens ${elapsed} · ${STOP} stop` : '';
  const room = Math.max(1, width - streaming.length - (streaming ? 2 : 0));
  // A status can quote a server's or a model's words: made inert before it is drawn.
  const left = status ? sanitize(status.text).replace(/\s+/g, ' ') : hints.join(' · ');
  return (
    <Box width={width} height={1} justifyContent="space-between">
      <Text
        wrap="truncate"
        {...(status
          ? { color: status.tone === 'error' ? theme.error : theme.success }
          : { color: theme.muted })}
      >
        {truncate(left, room)}
      </Text>
      {live && (
        <Text color={theme.warning} wrap="truncate">
          {streaming}
        </Text>
      )}
    </Box>
  );
}
