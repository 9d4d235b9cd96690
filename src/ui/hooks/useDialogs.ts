/**
 * Promise-based dialogs: code that must ask awaits `ui.confirm(…)`, `ui.prompt(…)` or
 * `ui.pick(…)` and gets the answer (undefined or false when cancelled). One dialog is open
 * at a time; its keys go to `dialogKey` and nowhere else.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import {
  confirmDialog,
  dialogKey,
  pickDialog,
  promptDialog,
  textDialog,
  type Dialog,
  type PromptOptions,
} from '../components/dialog-state.js';
import { useKeys } from './useKeys.js';

export interface DialogApi {
  confirm: (title: string, message: string) => Promise<boolean>;
  prompt: (title: string, initial?: string, options?: PromptOptions) => Promise<string | undefined>;
  pick: <T>(
    title: string,
    items: { label: string; value: T; detail?: string }[],
    selected?: T,
  ) => Promise<T | undefined>;
  show: (title: string, text: string) => Promise<void>;
}

export function useDialogs(): {
  dialog: Dialog | null;
  ui: DialogApi;
  /** The text view tells how far it can scroll at its width (see Dialog's onScrollLimit). */
  setScrollLimit: (maxOffset: number) => void;
} {
  const [dialog, setShown] = useState<Dialog | null>(null);
  // The dialog as last set, not as last drawn: keys read in one go, and the view's scroll
  // limit, arrive before React draws again, and each must build on the one before it.
  const latest = useRef<Dialog | null>(null);
  const setDialog = useCallback((next: Dialog | null) => {
    latest.current = next;
    setShown(next);
  }, []);
  const resolveRef = useRef<((value: unknown) => void) | null>(null);

  const open = useCallback(
    (next: Dialog) => {
      // A dialog opened over another answers the first one with "cancelled".
      resolveRef.current?.(undefined);
      setDialog(next);
      return new Promise<unknown>((resolve) => {
        resolveRef.current = resolve;
      });
    },
    [setDialog],
  );

  useKeys((input, key) => {
    const dialog = latest.current;
    if (!dialog) return;
    const outcome = dialogKey(dialog, input, key);
    if (!outcome.done) {
      if (outcome.dialog !== dialog) setDialog(outcome.dialog);
      return;
    }
    const resolve = resolveRef.current;
    resolveRef.current = null;
    setDialog(null);
    resolve?.(outcome.value);
  }, dialog !== null);

  const ui = useMemo<DialogApi>(
    () => ({
      confirm: async (title, message) => (await open(confirmDialog(title, message))) === true,
      prompt: async (title, initial, options) => {
        const value = await open(promptDialog(title, initial, options));
        return typeof value === 'string' ? value : undefined;
      },
      pick: async <T>(
        title: string,
        items: { label: string; value: T; detail?: string }[],
        selected?: T,
      ) => (await open(pickDialog(title, items, selected))) as T | undefined,
      show: async (title, text) => {
        await open(textDialog(title, text));
      },
    }),
    [open],
  );
  const setScrollLimit = useCallback(
    (maxOffset: number) => {
      const d = latest.current;
      if (d?.kind === 'text' && d.maxOffset !== maxOffset)
        setDialog({ ...d, maxOffset, offset: Math.min(d.offset, maxOffset) });
    },
    [setDialog],
  );
  return { dialog, ui, setScrollLimit };
}
