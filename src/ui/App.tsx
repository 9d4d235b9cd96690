import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { AichatError, oneLine } from '../core/errors.js';
import type { User } from '../core/types.js';
import { Loading } from './components/Loading.js';
import { StreamingProvider } from './components/StreamingProvider.js';
import { ServicesContext } from './contexts.js';
import { MainScreen } from './screens/MainScreen.js';
import { SignInScreen } from './screens/SignInScreen.js';
import type { Services } from './services.js';
import { theme } from './theme.js';
import { useKeys } from './hooks/useKeys.js';

export interface AppProps {
  services: Services;
  onQuit: () => void;
}

type Phase =
  | { kind: 'loading' }
  | { kind: 'first' }
  | { kind: 'sign-in' }
  | { kind: 'main'; user: User }
  | { kind: 'failed'; message: string };

/** Decides what to show first: create the first account, sign in, or the chats. */
export function App({ services, onQuit }: AppProps) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    const decide = async (): Promise<Phase> => {
      if (!(await services.hasAnyUser())) return { kind: 'first' };
      try {
        return { kind: 'main', user: await services.currentUser() };
      } catch (err) {
        if (err instanceof AichatError && err.kind === 'auth') return { kind: 'sign-in' };
        throw err;
      }
    };
    decide().then(
      (next) => live && setPhase(next),
      (err: unknown) => live && setPhase({ kind: 'failed', message: oneLine(err) }),
    );
    return () => {
      live = false;
    };
  }, [services]);

  useKeys(
    (input, key) => {
      if (input === 'c' && key.ctrl) onQuit();
    },
    phase.kind === 'loading' || phase.kind === 'failed',
  );

  return (
    <ServicesContext.Provider value={services}>
      {phase.kind === 'loading' && <Loading />}
      {phase.kind === 'failed' && (
        <Box flexDirection="column">
          <Text color={theme.error}>{phase.message}</Text>
          <Text color={theme.muted}>Press Ctrl+C to quit.</Text>
        </Box>
      )}
      {(phase.kind === 'first' || phase.kind === 'sign-in') && (
        <SignInScreen
          mode={phase.kind}
          onSignedIn={(user) => setPhase({ kind: 'main', user })}
          onQuit={onQuit}
        />
      )}
      {phase.kind === 'main' && (
        <StreamingProvider>
          <MainScreen user={phase.user} onQuit={onQuit} />
        </StreamingProvider>
      )}
    </ServicesContext.Provider>
  );
}
