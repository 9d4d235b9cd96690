/**
 * Contexts split by how often they change: the services (never), the stream controls
 * (never) and the live reply (every flush, ~20 times a second while streaming). Only the
 * conversation's live block and the status line read the live reply.
 */
import { createContext, useContext, useEffect } from 'react';
import type { Id } from '../core/types.js';
import type { ReplyOptions, ReplyResult } from '../services/conversation.js';
import type { Services } from './services.js';

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesContext');
  return services;
}

/** The reply being streamed, as shown: sanitized text so far. */
export interface LiveReply {
  chatId: Id;
  /** Known once the service has saved the turn. */
  replyId: Id | null;
  /** The message just sent, shown until the store has it. */
  pendingUser?: string;
  text: string;
  chunks: number;
  startedAt: number;
}

export interface StreamJob {
  chatId: Id;
  pendingUser?: string;
  call: (options: ReplyOptions) => Promise<ReplyResult>;
  /** The turn is saved (user message and empty reply): time to reload the chat. */
  onStarted: () => void;
  onFinished: (outcome: { result?: ReplyResult; error?: unknown }) => void;
  onNotice: (text: string) => void;
}

export interface StreamControls {
  /** Starts a streaming turn; false when one is already streaming. */
  start: (job: StreamJob) => boolean;
  /** Stops the turn; the service keeps the partial reply as `incomplete`. */
  cancel: () => boolean;
  /** Stops the turn, if any, and resolves once it has ended: partial reply saved, end reported. */
  stop: () => Promise<void>;
  /** Whether a turn is streaming (into `chatId`, when given). */
  busy: (chatId?: string) => boolean;
  /** Where the turn streams: its chat, and its reply once that is saved. */
  streaming: () => { chatId: string; replyId: string | null } | null;
}

export const LiveReplyContext = createContext<LiveReply | null>(null);
export const StreamControlsContext = createContext<StreamControls | null>(null);

export function useStreamControls(): StreamControls {
  const controls = useContext(StreamControlsContext);
  if (!controls) throw new Error('useStreamControls outside StreamingProvider');
  return controls;
}

export const useLiveReply = () => useContext(LiveReplyContext);

/** Hands the stream controls of the StreamingProvider it is rendered in to code outside React. */
export function ReportStreamControls({
  onControls,
}: {
  onControls: (controls: StreamControls) => void;
}) {
  const controls = useStreamControls();
  useEffect(() => {
    onControls(controls);
  }, [controls, onControls]);
  return null;
}
