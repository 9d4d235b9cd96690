import { AichatError } from '../core/errors.js';
import type { User } from '../core/types.js';
import { readChatData, type LoadedChatData } from './hooks/useChatData.js';
import type { Services } from './services.js';

/** What the TUI shows first: create the first account, sign in, or the chats. */
export type Start =
  { kind: 'first' } | { kind: 'sign-in' } | { kind: 'main'; user: User; initial: LoadedChatData };

/**
 * Read before the first frame, so that frame is the whole screen: drawing a loading
 * screen first cost a cold Ink render and a throttled second frame (~60 ms at start-up).
 * A store that cannot be read fails here, as any command does, before the screen changes.
 */
export async function readStart(services: Services): Promise<Start> {
  if (!(await services.hasAnyUser())) return { kind: 'first' };
  let user: User;
  try {
    user = await services.currentUser();
  } catch (err) {
    if (err instanceof AichatError && err.kind === 'auth') return { kind: 'sign-in' };
    throw err;
  }
  return { kind: 'main', user, initial: await readChatData(services, user.id, undefined) };
}
