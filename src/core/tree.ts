/**
 * Pure functions over a chat's message tree. Nothing here reads a clock or makes ids: callers
 * pass both. Every edit returns a new tree and leaves its input untouched (unchanged nodes
 * are shared), and an edit that changes nothing returns the very same tree object, so
 * reducers and memoised views can compare by reference.
 *
 * Siblings are branches. The conversation is the active path: from `activeRootId`, follow
 * each node's `activeChildId`. The roots are siblings of one another, `activeRootId` being
 * their active child.
 */

import { conflict, notFound, usageError } from './errors.js';
import { pushAll } from './lists.js';
import { previewLine, sanitize } from './text.js';
import type {
  Id,
  MessageNode,
  MessageStatus,
  MessageTree,
  Provenance,
  Role,
  Timestamp,
  Writer,
} from './types.js';

/** A message's place among its siblings: `i` of `n`, 1-based, as in `< 2/3 >`. */
export interface BranchIndex {
  i: number;
  n: number;
}

/** What `addMessage` needs; the node's other fields start empty. */
export interface NewMessage {
  id: Id;
  /** `null` adds a root: a new first message. */
  parentId: Id | null;
  role: Role;
  content: string;
  status: MessageStatus;
  createdAt: Timestamp;
  provenance?: Provenance;
  writer?: Writer;
}

/** Fields a streaming reply or an edit may change. `undefined` values are ignored. */
export type MessagePatch = Partial<
  Pick<MessageNode, 'content' | 'status' | 'provenance' | 'updatedAt'>
>;

/** The conversation to send to a model, shaped like `ChatRequest`'s fields. */
export interface RequestContext {
  system?: string;
  messages: { role: Role; content: string }[];
}

/** An id as it may appear in an error line: inert and on one line. */
const shown = (id: Id) => sanitize(id).replace(/\s+/g, ' ');

export function emptyTree(): MessageTree {
  return { nodes: {}, rootIds: [], activeRootId: null };
}

export function hasMessage(tree: MessageTree, id: Id): boolean {
  return Object.hasOwn(tree.nodes, id);
}

/** The node with this id; throws `not_found` when the chat has none. */
export function getMessage(tree: MessageTree, id: Id): MessageNode {
  // hasOwn, so an id like "constructor" is not found on Object.prototype.
  const node = Object.hasOwn(tree.nodes, id) ? tree.nodes[id] : undefined;
  if (node === undefined) throw notFound(`No message ${shown(id)} in this chat.`);
  return node;
}

export function countMessages(tree: MessageTree): number {
  return Object.keys(tree.nodes).length;
}

/** The ids under `parentId`, where `null` means the roots. */
function childIdsOf(tree: MessageTree, parentId: Id | null): Id[] {
  return parentId === null ? tree.rootIds : getMessage(tree, parentId).children;
}

function activeChildOf(tree: MessageTree, parentId: Id | null): Id | null {
  return parentId === null ? tree.activeRootId : getMessage(tree, parentId).activeChildId;
}

/** The tree with `childId` as the active child of `parentId` (or the active root). */
function withActiveChild(tree: MessageTree, parentId: Id | null, childId: Id | null): MessageTree {
  if (activeChildOf(tree, parentId) === childId) return tree;
  if (parentId === null) return { ...tree, activeRootId: childId };
  const parent = getMessage(tree, parentId);
  return { ...tree, nodes: { ...tree.nodes, [parentId]: { ...parent, activeChildId: childId } } };
}

/**
 * The conversation: from the active root, each node's active child, down to the leaf. Empty
 * for an empty tree.
 */
export function activePath(tree: MessageTree): MessageNode[] {
  const path: MessageNode[] = [];
  const seen = new Set<Id>();
  // `seen` only guards against a corrupt file looping forever.
  for (let id = tree.activeRootId; id !== null && !seen.has(id);) {
    seen.add(id);
    const node = getMessage(tree, id);
    path.push(node);
    id = node.activeChildId;
  }
  return path;
}

/** The last message of the active path, or null for an empty tree. */
export function activeLeaf(tree: MessageTree): MessageNode | null {
  return activePath(tree).at(-1) ?? null;
}

/** The messages from the root down to `id`, both included. */
export function pathTo(tree: MessageTree, id: Id): MessageNode[] {
  const path: MessageNode[] = [];
  const seen = new Set<Id>();
  for (let at: Id | null = id; at !== null && !seen.has(at);) {
    seen.add(at);
    const node = getMessage(tree, at);
    path.push(node);
    at = node.parentId;
  }
  return path.reverse();
}

/** Whether `id` is on the active path. */
export function isActive(tree: MessageTree, id: Id): boolean {
  return pathTo(tree, id).every((node) => activeChildOf(tree, node.parentId) === node.id);
}

/** The ids of `id` and its siblings, in creation order (`id` included). */
export function siblingsOf(tree: MessageTree, id: Id): Id[] {
  return childIdsOf(tree, getMessage(tree, id).parentId);
}

export function branchIndex(tree: MessageTree, id: Id): BranchIndex {
  const siblings = siblingsOf(tree, id);
  return { i: siblings.indexOf(id) + 1, n: siblings.length };
}

/**
 * Adds a message as the last child of `parentId` (a new root when null) and makes the path
 * from the root to it active, so it is the new active leaf — also when it branches off a
 * message that was not on the active path (`ask --from`). Throws `conflict` when the id is
 * taken and `not_found` when the parent does not exist.
 */
export function addMessage(tree: MessageTree, message: NewMessage): MessageTree {
  const { id, parentId, provenance, writer } = message;
  if (hasMessage(tree, id)) throw conflict(`A message ${shown(id)} already exists in this chat.`);
  const node: MessageNode = {
    id,
    parentId,
    role: message.role,
    content: message.content,
    children: [],
    activeChildId: null,
    status: message.status,
    createdAt: message.createdAt,
    updatedAt: message.createdAt,
    ...(provenance === undefined ? {} : { provenance }),
    ...(writer === undefined ? {} : { writer }),
  };
  let next: MessageTree;
  if (parentId === null) {
    next = {
      nodes: { ...tree.nodes, [id]: node },
      rootIds: [...tree.rootIds, id],
      activeRootId: id,
    };
  } else {
    const parent = getMessage(tree, parentId);
    next = {
      ...tree,
      nodes: {
        ...tree.nodes,
        [id]: node,
        [parentId]: { ...parent, children: [...parent.children, id], activeChildId: id },
      },
    };
  }
  return activate(next, id);
}

/**
 * Edits a user message the way the spec asks: a sibling with the new text (same parent)
 * becomes active and the old branch stays. The caller then asks the model for a reply under
 * `newId`. Throws `usage` for an assistant message (edit those in place).
 */
export function editUserMessage(
  tree: MessageTree,
  id: Id,
  newContent: string,
  newId: Id,
  now: Timestamp,
): MessageTree {
  const node = getMessage(tree, id);
  if (node.role !== 'user') {
    throw usageError(`Message ${shown(id)} is a reply, not a user message; edit it in place.`);
  }
  return addMessage(tree, {
    id: newId,
    parentId: node.parentId,
    role: 'user',
    content: newContent,
    status: 'complete',
    createdAt: now,
  });
}

/**
 * Starts a new reply beside an assistant message: an empty `streaming` sibling under the
 * same user message, made active. The caller streams into it with `updateMessage`. Throws
 * `usage` for a user message.
 */
export function regenerate(tree: MessageTree, id: Id, newId: Id, now: Timestamp): MessageTree {
  const node = getMessage(tree, id);
  if (node.role !== 'assistant') {
    throw usageError(`Message ${shown(id)} is a user message; only replies are regenerated.`);
  }
  return addMessage(tree, {
    id: newId,
    parentId: node.parentId,
    role: 'assistant',
    content: '',
    status: 'streaming',
    createdAt: now,
  });
}

/**
 * Replaces an assistant message's text in place. The text is now what the user wants in the
 * context, so the status becomes `complete` (an `error` reply would otherwise stay out of
 * `requestMessages`); the provenance is kept. Throws `usage` for a user message and
 * `conflict` while the reply is still streaming.
 */
export function editAssistantMessage(
  tree: MessageTree,
  id: Id,
  content: string,
  now: Timestamp,
): MessageTree {
  const node = getMessage(tree, id);
  if (node.role !== 'assistant') {
    throw usageError(`Message ${shown(id)} is a user message; editing it adds a branch.`);
  }
  if (node.status === 'streaming') {
    throw conflict(`Message ${shown(id)} is still streaming; cancel it before editing.`);
  }
  return updateMessage(tree, id, { content, status: 'complete', updatedAt: now });
}

/**
 * Changes a message's content, status, provenance or updatedAt (streaming updates). Returns
 * the same tree when every given field already has that value (provenance compared by
 * reference).
 */
export function updateMessage(tree: MessageTree, id: Id, patch: MessagePatch): MessageTree {
  const node = getMessage(tree, id);
  const next: MessageNode = { ...node };
  let changed = false;
  if (patch.content !== undefined && patch.content !== node.content) {
    next.content = patch.content;
    changed = true;
  }
  if (patch.status !== undefined && patch.status !== node.status) {
    next.status = patch.status;
    // Settled: no process writes into it any more.
    if (patch.status !== 'streaming') delete next.writer;
    changed = true;
  }
  if (patch.provenance !== undefined && patch.provenance !== node.provenance) {
    next.provenance = patch.provenance;
    changed = true;
  }
  if (patch.updatedAt !== undefined && patch.updatedAt !== node.updatedAt) {
    next.updatedAt = patch.updatedAt;
    changed = true;
  }
  if (!changed) return tree;
  return { ...tree, nodes: { ...tree.nodes, [id]: next } };
}

/** `id` and everything under it, in depth-first order. */
export function subtreeIds(tree: MessageTree, id: Id): Id[] {
  const ids: Id[] = [];
  const stack = [id];
  for (let at = stack.pop(); at !== undefined; at = stack.pop()) {
    ids.push(at);
    pushAll(stack, [...getMessage(tree, at).children].reverse());
  }
  return ids;
}

/**
 * Deletes a message and all its descendants. When it was its parent's active child (or the
 * active root), the previous sibling becomes active, else the next one, else none.
 */
export function deleteSubtree(tree: MessageTree, id: Id): MessageTree {
  const node = getMessage(tree, id);
  const removed = new Set(subtreeIds(tree, id));
  const nodes: Record<Id, MessageNode> = {};
  for (const [key, value] of Object.entries(tree.nodes)) {
    if (!removed.has(key)) nodes[key] = value;
  }

  const siblings = childIdsOf(tree, node.parentId);
  const at = siblings.indexOf(id);
  const remaining = siblings.filter((sibling) => sibling !== id);
  let active = activeChildOf(tree, node.parentId);
  if (active === id) active = siblings[at - 1] ?? siblings[at + 1] ?? null;

  if (node.parentId === null) return { nodes, rootIds: remaining, activeRootId: active };
  const parent = getMessage(tree, node.parentId);
  nodes[node.parentId] = { ...parent, children: remaining, activeChildId: active };
  return { ...tree, nodes };
}

/**
 * Makes the sibling `delta` places from `id` its parent's active child (`< 2/3 >` keys).
 * Clamped at the first and last sibling; returns the same tree when nothing changes. Only
 * that one choice changes: the new branch keeps its own active path.
 */
export function switchBranch(tree: MessageTree, id: Id, delta: -1 | 1): MessageTree {
  const node = getMessage(tree, id);
  const siblings = childIdsOf(tree, node.parentId);
  const at = Math.min(siblings.length - 1, Math.max(0, siblings.indexOf(id) + delta));
  return withActiveChild(tree, node.parentId, siblings[at] ?? id);
}

/**
 * Makes the path from the root to `id` active (jumping from the tree view). The active
 * choices below `id` stay as they were, so the active leaf is `id` or one of its descendants.
 * Returns the same tree when that path was already active.
 */
export function activate(tree: MessageTree, id: Id): MessageTree {
  let next = tree;
  for (const node of pathTo(tree, id)) next = withActiveChild(next, node.parentId, node.id);
  return next;
}

/** The name STYLE.md uses for `activate`. */
export const setActiveLeaf = activate;

/** Ten times as long as a live stream goes without saving its reply (once a minute). */
export const ABANDONED_AFTER_MS = 10 * 60_000;

/**
 * Marks replies that were left `streaming` by a process that died (SIGKILL, a crash)
 * as `incomplete`: at once when `isGone` knows their writer is gone (on this machine),
 * else once untouched for ABANDONED_AFTER_MS, since a live stream saves its text within a
 * second of it growing and once a minute while it does not (services/model-call.ts). Its
 * text is kept. Returns the same tree when there is none.
 */
export function settleAbandoned(
  tree: MessageTree,
  now: Timestamp,
  isGone: (writer: Writer) => boolean = () => false,
): MessageTree {
  const before = now - ABANDONED_AFTER_MS;
  let settled = tree;
  for (const node of Object.values(tree.nodes)) {
    if (node.status !== 'streaming') continue;
    if (node.updatedAt >= before && !(node.writer && isGone(node.writer))) continue;
    settled = updateMessage(settled, node.id, {
      status: 'incomplete',
      ...(node.provenance
        ? {
            provenance: {
              ...node.provenance,
              error: 'the reply was interrupted: aichat stopped while it streamed',
            },
          }
        : {}),
    });
  }
  return settled;
}

/**
 * What to send a model: the path from the root to `upToId` (default: the active leaf) with
 * `system` when it is not blank. Left out, because they are not conversation the model
 * should see:
 * - messages with status `error` (their text, if any, is a failure report, not a reply);
 * - assistant messages with no text apart from whitespace (a reply that failed before its
 *   first token, or the empty one about to be streamed into).
 * - assistant messages before the first user message (aichat's own welcome text, never a
 *   reply to anything; Anthropic refuses a conversation that opens with the assistant).
 * `incomplete` replies are kept: the user saw that text. Leaving a message out can put two
 * messages of one role next to each other; those are joined with a blank line, so every
 * provider gets alternating turns (Anthropic would merge them the same way).
 */
export function requestMessages(tree: MessageTree, upToId?: Id, system?: string): RequestContext {
  const path = upToId === undefined ? activePath(tree) : pathTo(tree, upToId);
  const messages: RequestContext['messages'] = [];
  for (const node of path) {
    if (node.status === 'error') continue;
    if (node.role === 'assistant' && node.content.trim() === '') continue;
    if (node.role === 'assistant' && messages.length === 0) continue;
    appendTurn(messages, node);
  }
  return system === undefined || system.trim() === '' ? { messages } : { system, messages };
}

/**
 * Adds a turn at the end of a request's messages, joined to the last one with a blank
 * line when both have the same role, so the turns keep alternating (see requestMessages).
 */
export function appendTurn(
  messages: RequestContext['messages'],
  turn: Pick<MessageNode, 'role' | 'content'>,
): void {
  const last = messages.at(-1);
  if (last?.role === turn.role) last.content += `\n\n${turn.content}`;
  else messages.push({ role: turn.role, content: turn.content });
}

/** Every message for which `predicate` holds, in every branch, in depth-first order. */
export function findMessages(
  tree: MessageTree,
  predicate: (node: MessageNode) => boolean,
): MessageNode[] {
  const found: MessageNode[] = [];
  for (const rootId of tree.rootIds) {
    for (const id of subtreeIds(tree, rootId)) {
      const node = getMessage(tree, id);
      if (predicate(node)) found.push(node);
    }
  }
  return found;
}

/** One line of the tree view. */
export interface TreeRow {
  /** `fold` stands for `hiddenCount` messages of a long chain. */
  kind: 'message' | 'fold';
  /** The message; for a fold, the first hidden message (also the key to unfold it). */
  id: Id;
  /** Branch points above this row (see `treeRows`), for indentation. */
  depth: number;
  role: Role;
  status: MessageStatus;
  /** First non-blank line, sanitized and trimmed; for a fold, "N messages folded". */
  preview: string;
  isActivePath: boolean;
  isActiveLeaf: boolean;
  branch: BranchIndex;
  hiddenCount?: number;
}

export interface TreeRowsOptions {
  /** Chains of more messages than this are folded. Default 6; Infinity never folds. */
  foldLongerThan?: number;
  /** Messages kept visible at each end of a folded chain. Default 2. */
  keepEnds?: number;
  /** Folds the user opened, by their row id (the first hidden message). */
  expanded?: ReadonlySet<Id>;
  /** Messages that must stay visible (e.g. a search hit): their chains are not folded. */
  reveal?: ReadonlySet<Id>;
  /** Widest preview, in columns. Default 120. */
  previewWidth?: number;
}

/**
 * The tree flattened for a tree view, depth-first, inactive branches included.
 *
 * Depth counts branch points, not generations, so a long linear chat does not march off to
 * the right: a message's only child has the message's depth, and the children of a message
 * with several children are one deeper. Several roots count as a branch point, so they sit at
 * depth 1; a single root is at depth 0.
 *
 * Folding: a chain is a run of messages each of which is the only child of the one before,
 * starting at a root or a branch's first message and ending at a leaf or a branch point. A
 * chain longer than `foldLongerThan` shows its first and last `keepEnds` messages with one
 * fold row for the rest, so roots, leaves, branch points and every branch's first message
 * are always visible. Chains in `expanded` or holding an id in `reveal` are not folded.
 */
export function treeRows(tree: MessageTree, options: TreeRowsOptions = {}): TreeRow[] {
  const foldLongerThan = options.foldLongerThan ?? 6;
  const keepEnds = Math.max(1, options.keepEnds ?? 2);
  const previewWidth = options.previewWidth ?? 120;
  const path = activePath(tree);
  const onPath = new Set(path.map((node) => node.id));
  const leafId = path.at(-1)?.id;
  const rows: TreeRow[] = [];

  const row = (node: MessageNode, depth: number, branch: BranchIndex): TreeRow => ({
    kind: 'message',
    id: node.id,
    depth,
    role: node.role,
    status: node.status,
    preview: previewLine(node.content, previewWidth),
    isActivePath: onPath.has(node.id),
    isActiveLeaf: node.id === leafId,
    branch,
  });

  interface Pending {
    id: Id;
    depth: number;
    branch: BranchIndex;
  }
  const branchesOf = (ids: Id[], depth: number): Pending[] =>
    ids.map((id, k) => ({ id, depth, branch: { i: k + 1, n: ids.length } })).reverse();
  const stack = branchesOf(tree.rootIds, tree.rootIds.length > 1 ? 1 : 0);

  for (let start = stack.pop(); start !== undefined; start = stack.pop()) {
    let node = getMessage(tree, start.id);
    const chain = [node];
    for (let next = soleChild(node); next !== undefined; next = soleChild(node)) {
      node = getMessage(tree, next);
      chain.push(node);
    }
    const { depth } = start;
    const only: BranchIndex = { i: 1, n: 1 };
    const hidden = chain.length - 2 * keepEnds;
    const first = chain[keepEnds];
    const fold =
      chain.length > foldLongerThan &&
      hidden >= 2 &&
      first !== undefined &&
      !options.expanded?.has(first.id) &&
      !chain.some((node) => options.reveal?.has(node.id));

    chain.forEach((node, k) => {
      if (fold && k >= keepEnds && k < keepEnds + hidden) {
        if (k === keepEnds) {
          rows.push({
            kind: 'fold',
            id: node.id,
            depth,
            role: node.role,
            status: node.status,
            preview: `${hidden} messages folded`,
            isActivePath: onPath.has(node.id),
            isActiveLeaf: false,
            branch: only,
            hiddenCount: hidden,
          });
        }
        return;
      }
      rows.push(row(node, depth, k === 0 ? start.branch : only));
    });

    pushAll(stack, branchesOf(node.children, depth + 1));
  }
  return rows;
}

const soleChild = (node: MessageNode): Id | undefined =>
  node.children.length === 1 ? node.children[0] : undefined;

/**
 * What is wrong with a tree's structure, one line per problem; empty when it is sound. For
 * checking files and imports before the functions above rely on them: every id resolves,
 * parents and children agree, active choices are children, and every node is reachable from
 * exactly one root without cycles.
 */
export function checkTree(tree: MessageTree): string[] {
  const problems: string[] = [];
  const has = (id: Id) => Object.hasOwn(tree.nodes, id);
  const roots = new Set(tree.rootIds);
  /** How many nodes name each node as their parent, and how many of those it lists. */
  const named = new Map<Id, number>();
  const owned = new Map<Id, number>();
  for (const [key, node] of Object.entries(tree.nodes)) {
    if (node.id !== key) problems.push(`node ${key} has id ${node.id}`);
    if (node.parentId !== null && !has(node.parentId)) {
      problems.push(`node ${key} has a missing parent ${node.parentId}`);
    }
    if (node.parentId === null && !roots.has(key)) {
      problems.push(`node ${key} has no parent but is not a root`);
    }
    if (node.parentId !== null) named.set(node.parentId, (named.get(node.parentId) ?? 0) + 1);
    const unique = new Set(node.children);
    if (unique.size !== node.children.length) problems.push(`node ${key} lists a child twice`);
    let listedHere = 0;
    for (const child of unique) if (has(child) && tree.nodes[child]?.parentId === key) listedHere++;
    owned.set(key, listedHere);
    for (const child of node.children) {
      const childNode = has(child) ? tree.nodes[child] : undefined;
      if (childNode === undefined) problems.push(`node ${key} has a missing child ${child}`);
      else if (childNode.parentId !== key) {
        problems.push(`node ${key} lists child ${child} whose parent is ${childNode.parentId}`);
      }
    }
    if (node.activeChildId !== null && !node.children.includes(node.activeChildId)) {
      problems.push(`node ${key} has an active child ${node.activeChildId} that is not its child`);
    }
  }
  // A node left out of its parent's children: found through parents named by more nodes
  // than they list, as a lookup per node would cost its number of siblings (quadratic for
  // a message regenerated many times).
  const listed = new Map<Id, Set<Id>>();
  for (const [key, node] of Object.entries(tree.nodes)) {
    if ((named.get(key) ?? 0) > (owned.get(key) ?? 0)) listed.set(key, new Set(node.children));
  }
  for (const [key, node] of Object.entries(tree.nodes)) {
    if (node.parentId !== null && listed.get(node.parentId)?.has(key) === false) {
      problems.push(`node ${key} is not among its parent's children`);
    }
  }
  if (roots.size !== tree.rootIds.length) problems.push('a root is listed twice');
  for (const rootId of tree.rootIds) {
    if (!has(rootId)) problems.push(`root ${rootId} is missing`);
    else if (tree.nodes[rootId]?.parentId !== null) problems.push(`root ${rootId} has a parent`);
  }
  if (tree.activeRootId !== null && !roots.has(tree.activeRootId)) {
    problems.push(`active root ${tree.activeRootId} is not a root`);
  }
  if (problems.length > 0) return problems;

  // Parents and children agree, so a walk from the roots reaches each node at most once
  // unless there is a cycle, and a node it never reaches is on a cycle.
  const reached = new Set<Id>();
  const stack = [...tree.rootIds];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (reached.has(id)) continue;
    reached.add(id);
    pushAll(stack, tree.nodes[id]?.children ?? []);
  }
  for (const key of Object.keys(tree.nodes)) {
    if (!reached.has(key)) problems.push(`node ${key} is not reachable from a root`);
  }
  return problems;
}
