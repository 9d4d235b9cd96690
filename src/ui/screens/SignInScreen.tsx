import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { oneLine } from '../../core/errors.js';
import type { User } from '../../core/types.js';
import { typedText } from '../components/dialog-state.js';
import { useServices } from '../contexts.js';
import { matches } from '../keys.js';
import { theme } from '../theme.js';
import { useKeys } from '../hooks/useKeys.js';

export interface SignInScreenProps {
  /** `first`: no account exists yet, so this creates the first (an admin). */
  mode: 'first' | 'sign-in';
  /** The user name to offer, with the cursor on the password. */
  name?: string;
  /** Why signing in is needed again, shown until the first attempt. */
  reason?: string;
  onSignedIn: (user: User) => void;
  onQuit: () => void;
}

interface Field {
  label: string;
  mask: boolean;
}

const FIELDS: Record<SignInScreenProps['mode'], Field[]> = {
  first: [
    { label: 'User name', mask: false },
    { label: 'Password', mask: true },
    { label: 'Password again', mask: true },
  ],
  'sign-in': [
    { label: 'User name', mask: false },
    { label: 'Password', mask: true },
  ],
};

/** Sign in, or create the first account when the store has none. */
export function SignInScreen({ mode, name, reason, onSignedIn, onQuit }: SignInScreenProps) {
  const services = useServices();
  const fields = FIELDS[mode];
  // The form lives in a ref that each key updates at once: keys that arrive together are
  // handled before React re-renders. The state copy is what is drawn.
  const first = name
    ? { values: fields.map((_, k) => (k === 0 ? name : '')), at: 1 }
    : { values: fields.map(() => ''), at: 0 };
  const form = useRef(first);
  const [{ values, at }, setForm] = useState(first);
  const update = (values: string[], at: number) => {
    form.current = { values, at };
    setForm(form.current);
  };
  const [error, setError] = useState(reason ?? '');
  const [busy, setBusy] = useState(false);

  const submit = async (typed: string[]) => {
    const [name = '', password = '', again = ''] = typed;
    if (mode === 'first' && password !== again) {
      setError('the passwords differ; type them again');
      update([name, '', ''], 1);
      return;
    }
    setBusy(true);
    try {
      const user =
        mode === 'first'
          ? (await services.addUser({ name, password })).user
          : await services.signIn(name, password);
      onSignedIn(user);
    } catch (err) {
      setError(oneLine(err));
      update(
        typed.map((value, k) => (fields[k]?.mask ? '' : value)),
        fields.findIndex((f) => f.mask),
      );
      setBusy(false);
    }
  };

  /** Enter: the next field, or sign in from the last one. */
  const advance = (typed: string[], from: number): number => {
    if (from < fields.length - 1) return from + 1;
    void submit(typed);
    return from;
  };

  useKeys((input, key) => {
    if (input === 'c' && key.ctrl) return onQuit();
    const typed = [...form.current.values];
    let field = form.current.at;
    if (key.tab)
      return update(typed, (key.shift ? field - 1 + fields.length : field + 1) % fields.length);
    if (key.upArrow) return update(typed, Math.max(0, field - 1));
    if (key.downArrow) return update(typed, Math.min(fields.length - 1, field + 1));
    if (matches('dialog.accept', input, key)) field = advance(typed, field);
    else if (matches('input.backspace', input, key))
      typed[field] = [...(typed[field] ?? '')].slice(0, -1).join('');
    else if (matches('input.killStart', input, key)) typed[field] = '';
    else {
      // Keys typed faster than the app reads (or by a password manager) arrive as one
      // string, Enters and Tabs included: no field holds either.
      for (const part of typedText(input, key).split(/([\r\n\t])/)) {
        if (part === '\t') field = (field + 1) % fields.length;
        else if (part === '\r' || part === '\n') field = advance(typed, field);
        else typed[field] = (typed[field] ?? '') + part;
      }
    }
    update(typed, field);
  }, !busy);

  return (
    <Box flexDirection="column" padding={1}>
      <Text bold color={theme.accent}>
        {mode === 'first'
          ? 'Welcome to aichat: create the first account (it will be an admin)'
          : 'Sign in to aichat'}
      </Text>
      <Text> </Text>
      {fields.map((field, k) => (
        <Box key={field.label}>
          <Text
            color={k === at ? theme.focus : theme.muted}
          >{`${k === at ? '›' : ' '} ${field.label.padEnd(15)} `}</Text>
          <Text>{field.mask ? '•'.repeat([...(values[k] ?? '')].length) : values[k]}</Text>
          {k === at && <Text inverse> </Text>}
        </Box>
      ))}
      <Text> </Text>
      {error ? <Text color={theme.error}>{error}</Text> : null}
      <Text color={theme.muted}>
        {busy ? 'checking…' : 'Enter next / submit · Tab next field · Ctrl+C quit'}
      </Text>
    </Box>
  );
}
