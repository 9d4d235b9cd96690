import type { DialogApi } from '../hooks/useDialogs.js';

/** What the main screen gives a screen it shows in its right-hand pane. */
export interface PaneScreenProps {
  width: number;
  height: number;
  ui: DialogApi;
  isActive: boolean;
  onClose: () => void;
  onError: (err: unknown) => void;
  /** The store's change stamp: a screen reloads what it shows when it moves. */
  storeStamp: string | undefined;
}
