import { Text } from 'ink';
import { theme } from '../theme.js';

/** What the screen shows until the store has been read. */
export function Loading() {
  return <Text color={theme.muted}>Opening the store…</Text>;
}
