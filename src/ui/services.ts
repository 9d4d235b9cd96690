/**
 * The services the TUI calls, bound to one service context. Components and commands get
 * this object from context and never reach the store or providers themselves; tests can
 * hand in a fake.
 */
import * as auth from '../services/auth.js';
import * as changes from '../services/changes.js';
import * as chats from '../services/chats.js';
import type { ServiceContext } from '../services/context.js';
import * as conversation from '../services/conversation.js';
import * as endpoints from '../services/endpoints.js';
import * as endpointTest from '../services/endpoint-test.js';
import * as folders from '../services/folders.js';
import * as models from '../services/models.js';
import * as settings from '../services/settings.js';
import * as titles from '../services/titles.js';
import { SessionError } from '../core/errors.js';
import type { Id } from '../core/types.js';

/** The client config's UI preferences, named through the context so the UI never imports the store. */
export type UiPrefs = ReturnType<ServiceContext['config']['uiPrefs']>;

type Bound<F> = F extends (ctx: ServiceContext, ...args: infer A) => infer R
  ? (...args: A) => R
  : never;

function bind<F extends (ctx: ServiceContext, ...args: never[]) => unknown>(
  ctx: ServiceContext,
  f: F,
): Bound<F> {
  return ((...args: never[]) => f(ctx, ...args)) as Bound<F>;
}

export function bindServices(ctx: ServiceContext) {
  // Writes a closing app starts (its draft), which a process about to exit waits for.
  const pending = new Set<Promise<unknown>>();
  const tracked = (write: Promise<void>) => {
    pending.add(write);
    const done = () => void pending.delete(write);
    write.then(done, done);
    return write;
  };
  return {
    dataDir: ctx.dataDir,
    hasAnyUser: bind(ctx, auth.hasAnyUser),
    addUser: bind(ctx, auth.addUser),
    signIn: bind(ctx, auth.signIn),
    signOut: bind(ctx, auth.signOut),
    currentUser: bind(ctx, auth.currentUser),

    changeStamp: bind(ctx, changes.changeStamp),
    listChats: bind(ctx, chats.listChats),
    newChat: bind(ctx, chats.newChat),
    openChat: bind(ctx, chats.openChat),
    renameChat: bind(ctx, chats.renameChat),
    moveChat: bind(ctx, chats.moveChat),
    setChatModel: bind(ctx, chats.setChatModel),
    setChatSystemPrompt: bind(ctx, chats.setChatSystemPrompt),
    removeChat: bind(ctx, chats.removeChat),
    regenerateTitle: bind(ctx, titles.regenerateTitle),

    sendUserMessage: bind(ctx, conversation.sendUserMessage),
    regenerateReply: bind(ctx, conversation.regenerateReply),
    editUserMessage: bind(ctx, conversation.editUserMessage),
    editAssistantMessage: bind(ctx, conversation.editAssistantMessage),
    deleteMessage: bind(ctx, conversation.deleteMessage),
    switchBranch: bind(ctx, conversation.switchBranch),
    activateMessage: bind(ctx, conversation.activateMessage),

    listFolders: bind(ctx, folders.listFolders),
    addFolder: bind(ctx, folders.addFolder),
    renameFolder: bind(ctx, folders.renameFolder),
    removeFolder: bind(ctx, folders.removeFolder),

    listModels: bind(ctx, models.listModels),
    addModel: bind(ctx, models.addModel),
    editModel: bind(ctx, models.editModel),
    removeModel: bind(ctx, models.removeModel),

    listEndpoints: bind(ctx, endpoints.listEndpoints),
    lostKeyEndpoints: bind(ctx, endpoints.lostKeyEndpoints),
    addEndpoint: bind(ctx, endpoints.addEndpoint),
    editEndpoint: bind(ctx, endpoints.editEndpoint),
    removeEndpoint: bind(ctx, endpoints.removeEndpoint),
    testEndpoint: bind(ctx, endpointTest.testEndpoint),
    testSteps: endpointTest.testSteps,

    getSettings: bind(ctx, settings.getSettings),
    setSetting: bind(ctx, settings.setSetting),
    settingKeys: settings.settingKeys,

    lastChat: (userId: Id) => ctx.config.lastChat(ctx.dataDir, userId),
    setLastChat: (userId: Id, chatId: Id | undefined) =>
      ctx.config.setLastChat(ctx.dataDir, userId, chatId),
    draft: (userId: Id) => ctx.config.draft(ctx.dataDir, userId),
    setDraft: (userId: Id, text: string) => tracked(ctx.config.setDraft(ctx.dataDir, userId, text)),
    /** Settles once the writes under way (see `tracked`) are done, failed or not. */
    settled: () => Promise.allSettled([...pending]).then(() => undefined),
    uiPrefs: (userId: Id) => ctx.config.uiPrefs(userId),
    setUiPrefs: (userId: Id, prefs: UiPrefs) => ctx.config.setUiPrefs(userId, prefs),
  };
}

export type Services = ReturnType<typeof bindServices>;

/**
 * The same services, telling `onLost` when a call finds the session gone: signed out by
 * another aichat, expired, or its user removed.
 */
export function watchSession(services: Services, onLost: (err: SessionError) => void): Services {
  const check = (err: unknown) => {
    if (err instanceof SessionError) onLost(err);
    throw err;
  };
  const watched = Object.entries(services).map(([name, value]) => {
    if (typeof value !== 'function') return [name, value];
    const call = value as (...args: unknown[]) => unknown;
    return [
      name,
      (...args: unknown[]) => {
        try {
          const result = call(...args);
          return result instanceof Promise ? result.catch(check) : result;
        } catch (err) {
          return check(err);
        }
      },
    ];
  });
  return Object.fromEntries(watched) as Services;
}
