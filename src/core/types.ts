/** The records aichat keeps. Plain data: everything here serialises to JSON as is. */

export type Id = string;
/** Milliseconds since the epoch. */
export type Timestamp = number;

/** AES-256-GCM output, base64 (see services/crypto.ts). */
export interface Sealed {
  iv: string;
  tag: string;
  data: string;
}

/** A data key wrapped by a password-derived key, with the scrypt parameters used. */
export interface PasswordWrap extends Sealed {
  salt: string;
  N: number;
  r: number;
  p: number;
}

export interface User {
  id: Id;
  name: string;
  passwordHash: string;
  /** The account's data key, wrapped by the password. */
  keyWrap: PasswordWrap;
  admin: boolean;
  createdAt: Timestamp;
}

/**
 * Wrong passwords in a row for a user name, known or not, so that an unknown name
 * and a wrong password behave alike and the delay survives between processes.
 */
export interface LoginAttempts {
  name: string;
  failures: number;
  /** No password for this name is checked before this moment. */
  lockedUntil: Timestamp;
}

export interface Session {
  id: Id;
  userId: Id;
  /** sha256 of the raw token; the raw token lives only in the client config. */
  tokenHash: string;
  /** The account's data key, wrapped by a key derived from the raw token. */
  keyWrap: Sealed;
  createdAt: Timestamp;
  expiresAt: Timestamp;
}

export type ProviderKind = 'anthropic' | 'openai';

export interface Endpoint {
  id: Id;
  userId: Id;
  name: string;
  provider: ProviderKind;
  baseUrl: string;
  /** A stored key, sealed with the account's data key. Absent with `keyEnv` or no key. */
  sealedKey?: Sealed;
  /** The stored key masked (`sk-...wxyz`), so lists need not unseal it. */
  keyHint?: string;
  /** Name of an environment variable read at request time. */
  keyEnv?: string;
  /** The stored key was dropped by an admin's password reset (it cannot be unsealed). */
  keyLost?: true;
  createdAt: Timestamp;
}

export interface Model {
  id: Id;
  userId: Id;
  /** Display name, unique per user. */
  name: string;
  endpointId: Id;
  /** The id the provider knows the model by. */
  modelId: string;
  temperature?: number;
  maxTokens?: number;
  createdAt: Timestamp;
}

export interface Settings {
  userId: Id;
  defaultModelId?: Id;
  systemPrompt?: string;
  temperature?: number;
  titleModelId?: Id;
  /** Seconds a stream may stay silent before it is given up as timed out. */
  streamTimeoutSec?: number;
}

export interface Folder {
  id: Id;
  userId: Id;
  name: string;
  createdAt: Timestamp;
}

/** How a chat got its title: a manual title is never replaced automatically. */
export type TitleSource = 'none' | 'auto' | 'manual';

/** What db.json knows of a chat; the messages live in chats/<id>.json. */
export interface ChatIndexEntry {
  id: Id;
  userId: Id;
  title: string;
  titleSource: TitleSource;
  folderId: Id | null;
  modelId: Id | null;
  systemPrompt?: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export type Role = 'user' | 'assistant';

export type MessageStatus = 'complete' | 'streaming' | 'incomplete' | 'error';

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
}

/** Where an assistant message came from and how long it took. */
export interface Provenance {
  endpointId: Id;
  endpointName: string;
  provider: ProviderKind;
  modelId: string;
  modelName?: string;
  temperature?: number;
  maxTokens: number;
  usage?: Usage;
  timeToFirstTokenMs?: number;
  totalMs?: number;
  stopReason?: string;
  /** One line naming what went wrong, for `incomplete` and `error` replies. */
  error?: string;
}

export interface MessageNode {
  id: Id;
  parentId: Id | null;
  role: Role;
  content: string;
  /** Children in creation order; siblings are branches. */
  children: Id[];
  activeChildId: Id | null;
  status: MessageStatus;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  provenance?: Provenance;
  /** The process streaming into this reply; dropped when the reply is settled. */
  writer?: Writer;
}

/** A process on a machine: one that is gone no longer streams into anything. */
export interface Writer {
  pid: number;
  host: string;
  /** Its pid namespace, on Linux: pids compare only within one. */
  pidSpace?: string;
}

/**
 * A chat's messages. Several roots are allowed (editing the first message adds a
 * root); `activeRootId` plays the part of a parent's `activeChildId` for them.
 */
export interface MessageTree {
  nodes: Record<Id, MessageNode>;
  rootIds: Id[];
  activeRootId: Id | null;
}

export interface Chat {
  entry: ChatIndexEntry;
  tree: MessageTree;
}
