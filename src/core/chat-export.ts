/**
 * Export formats: Markdown of the active path for reading, JSON of the whole tree for
 * moving a chat between stores. Importing a JSON export gives the same tree with new ids.
 */
import { usageError } from './errors.js';
import { activePath, checkTree } from './tree.js';
import type { ChatIndexEntry, Id, MessageNode, MessageTree, TitleSource } from './types.js';

export const EXPORT_FORMAT = 'aichat-chat';
export const EXPORT_VERSION = 1;

export interface ChatExport {
  format: typeof EXPORT_FORMAT;
  version: number;
  chat: {
    title: string;
    titleSource: TitleSource;
    systemPrompt?: string;
    /** The model's display name when exported; matched by name on import. */
    model?: string;
    createdAt: number;
    updatedAt: number;
  };
  tree: MessageTree;
}

const mapValues = <T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));

export function toJsonExport(entry: ChatIndexEntry, tree: MessageTree, modelName?: string): string {
  const data: ChatExport = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    chat: {
      title: entry.title,
      titleSource: entry.titleSource,
      ...(entry.systemPrompt !== undefined ? { systemPrompt: entry.systemPrompt } : {}),
      ...(modelName !== undefined ? { model: modelName } : {}),
      createdAt: entry.createdAt,
      updatedAt: entry.updatedAt,
    },
    // Which process streams a reply is this machine's business, not the export's.
    tree: { ...tree, nodes: mapValues(tree.nodes, ({ writer: _writer, ...node }) => node) },
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

export function toMarkdownExport(
  entry: ChatIndexEntry,
  tree: MessageTree,
  modelName?: string,
): string {
  const lines = [`# ${entry.title || 'Untitled chat'}`, ''];
  if (modelName) lines.push(`- Model: ${modelName}`);
  lines.push(`- Created: ${new Date(entry.createdAt).toISOString()}`, '');
  if (entry.systemPrompt) lines.push('## System', '', entry.systemPrompt, '');
  for (const node of activePath(tree)) {
    const who =
      node.role === 'user'
        ? 'User'
        : `Assistant${node.provenance ? ` (${node.provenance.modelId})` : ''}`;
    const status = node.status === 'complete' ? '' : ` [${node.status}]`;
    lines.push(`## ${who}${status}`, '', node.content, '');
  }
  return lines.join('\n');
}

/** Parses and checks an export; `newId` gives fresh ids so one file can be imported twice. */
export function parseJsonExport(text: string, newId: () => Id, source: string): ChatExport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw usageError(
      `${source} is not JSON; only JSON exports (chat export --format json) can be imported`,
    );
  }
  if (!isObject(data) || data.format !== EXPORT_FORMAT) {
    throw usageError(`${source} is not an aichat chat export`);
  }
  // Before the shape: a newer version may have another one.
  if (typeof data.version !== 'number' || data.version > EXPORT_VERSION) {
    throw usageError(
      `${source} was exported by a newer aichat (version ${String(data.version)}): upgrade aichat to import it`,
    );
  }
  if (!isObject(data.chat) || !isObject(data.tree)) {
    throw usageError(`${source} is not an aichat chat export`);
  }
  const chat = data.chat;
  const problem = treeProblem(data.tree);
  if (problem) throw usageError(`${source} has a broken message tree: ${problem}`);
  return {
    format: EXPORT_FORMAT,
    version: data.version,
    chat: {
      title: typeof chat.title === 'string' ? chat.title : '',
      titleSource:
        chat.titleSource === 'auto' || chat.titleSource === 'manual' ? chat.titleSource : 'none',
      ...(typeof chat.systemPrompt === 'string' ? { systemPrompt: chat.systemPrompt } : {}),
      ...(typeof chat.model === 'string' ? { model: chat.model } : {}),
      createdAt: typeof chat.createdAt === 'number' ? chat.createdAt : 0,
      updatedAt: typeof chat.updatedAt === 'number' ? chat.updatedAt : 0,
    },
    tree: renumber(data.tree as unknown as MessageTree, newId),
  };
}

const roles = new Set(['user', 'assistant']);
const statuses = new Set(['complete', 'streaming', 'incomplete', 'error']);

/** What is wrong with a tree read from outside, or undefined when it is sound. */
function treeProblem(tree: Record<string, unknown>): string | undefined {
  const { nodes, rootIds, activeRootId } = tree;
  if (!isObject(nodes) || !Array.isArray(rootIds)) return 'no nodes or rootIds';
  const isId = (value: unknown) => typeof value === 'string';
  const isIdOrNull = (value: unknown) => value === null || isId(value);
  for (const [id, node] of Object.entries(nodes)) {
    if (!isObject(node)) return `message ${id} is malformed`;
    if (!roles.has(node.role as string) || !statuses.has(node.status as string)) {
      return `message ${id} has an unknown role or status`;
    }
    if (typeof node.content !== 'string' || typeof node.createdAt !== 'number') {
      return `message ${id} has no content or creation time`;
    }
    if (
      !isId(node.id) ||
      !isIdOrNull(node.parentId) ||
      !isIdOrNull(node.activeChildId) ||
      !Array.isArray(node.children) ||
      !node.children.every(isId)
    ) {
      return `message ${id} has malformed links`;
    }
  }
  if (!rootIds.every(isId) || !isIdOrNull(activeRootId)) return 'malformed roots';
  // Links that resolve, agree both ways and reach every message once, without cycles.
  return checkTree(tree as unknown as MessageTree)[0];
}

function renumber(tree: MessageTree, newId: () => Id): MessageTree {
  const ids = new Map(Object.keys(tree.nodes).map((id) => [id, newId()]));
  const map = (id: Id) => ids.get(id) ?? id;
  const mapOrNull = (id: Id | null) => (id === null ? null : map(id));
  const nodes: Record<Id, MessageNode> = {};
  for (const node of Object.values(tree.nodes)) {
    nodes[map(node.id)] = {
      ...node,
      id: map(node.id),
      parentId: mapOrNull(node.parentId),
      children: node.children.map(map),
      activeChildId: mapOrNull(node.activeChildId),
    };
  }
  return { nodes, rootIds: tree.rootIds.map(map), activeRootId: mapOrNull(tree.activeRootId) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
