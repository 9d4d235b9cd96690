import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createStreamSanitizer } from '../../core/text.js';
import {
  LiveReplyContext,
  StreamControlsContext,
  type LiveReply,
  type StreamControls,
  type StreamJob,
} from '../contexts.js';

/**
 * How often streamed text reaches React: batching deltas keeps layout work per second low.
 * One frame at Ink's 30 fps cap, so a token waits at most one frame before it is drawn.
 */
export const FLUSH_MS = 33;

/**
 * Owns the one streaming turn: its AbortController, the deltas collected in a ref and
 * flushed to the live reply every FLUSH_MS. Its children are passed through unchanged, so a
 * flush re-renders only what reads the live reply.
 */
export function StreamingProvider({ children }: { children: ReactNode }) {
  const [live, setLive] = useState<LiveReply | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  // Where the streaming turn writes: its chat, and its reply once saved.
  const chatRef = useRef<{ chatId: string; replyId: string | null } | null>(null);
  // A generation counter: chunks or a late finish from an older turn are dropped.
  const turnRef = useRef(0);
  // Settles when the streaming turn has ended and reported its end.
  const endedRef = useRef<Promise<void>>(Promise.resolve());

  const start = useCallback((job: StreamJob) => {
    if (abortRef.current) return false;
    const turn = ++turnRef.current;
    const controller = new AbortController();
    abortRef.current = controller;
    const where = { chatId: job.chatId, replyId: null as string | null };
    chatRef.current = where;
    const sanitizer = createStreamSanitizer();
    const reply: LiveReply = {
      chatId: job.chatId,
      replyId: null,
      ...(job.pendingUser !== undefined ? { pendingUser: job.pendingUser } : {}),
      text: '',
      chunks: 0,
      startedAt: Date.now(),
    };
    // A throttle with a leading edge: a delta after a quiet spell is shown at once, and a
    // steady stream still reaches React at most once per FLUSH_MS.
    let lastFlush = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      lastFlush = Date.now();
      if (turn === turnRef.current) setLive({ ...reply });
    };
    const changed = () => {
      if (timer !== undefined) return;
      const wait = lastFlush + FLUSH_MS - Date.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    };
    flush();

    const finish = (outcome: Parameters<StreamJob['onFinished']>[0]) => {
      clearTimeout(timer);
      if (abortRef.current === controller) {
        abortRef.current = null;
        chatRef.current = null;
      }
      if (turn === turnRef.current) setLive(null);
      job.onFinished(outcome);
    };
    endedRef.current = job
      .call({
        signal: controller.signal,
        onStart: (ids) => {
          reply.replyId = ids.replyId;
          where.replyId = ids.replyId;
          changed();
          job.onStarted();
        },
        onText: (delta) => {
          if (turn !== turnRef.current) return;
          reply.text += sanitizer.push(delta);
          reply.chunks++;
          changed();
        },
        onNotice: job.onNotice,
      })
      .then(
        (result) => finish({ result }),
        (error: unknown) => finish({ error }),
      )
      // Waiting for the end (stop) must not fail with the view's own reporting of it.
      .catch(() => undefined);
    return true;
  }, []);

  // A reply is not left streaming with nothing to stop it (the chats closed: the session
  // ended): it stops, and its text so far is saved.
  useEffect(() => () => abortRef.current?.abort(), []);

  const cancel = useCallback(() => {
    if (!abortRef.current) return false;
    abortRef.current.abort();
    return true;
  }, []);

  const controls = useMemo<StreamControls>(
    () => ({
      start,
      cancel,
      stop: () => {
        cancel();
        return endedRef.current;
      },
      busy: (chatId) =>
        abortRef.current !== null && (chatId === undefined || chatRef.current?.chatId === chatId),
      streaming: () => chatRef.current,
    }),
    [start, cancel],
  );

  return (
    <StreamControlsContext.Provider value={controls}>
      <LiveReplyContext.Provider value={live}>{children}</LiveReplyContext.Provider>
    </StreamControlsContext.Provider>
  );
}
