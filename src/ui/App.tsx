import { useState } from 'react';
import type { User } from '../core/types.js';
import { StreamingProvider } from './components/StreamingProvider.js';
import { ServicesContext } from './contexts.js';
import { MainScreen } from './screens/MainScreen.js';
import { SignInScreen } from './screens/SignInScreen.js';
import type { Services } from './services.js';
import type { Start } from './start.js';

export interface AppProps {
  services: Services;
  start: Start;
  onQuit: () => void;
}

type Phase = Start | { kind: 'main'; user: User; initial?: undefined };

/** The first account, sign-in, or the chats, as `start` says, then the chats. */
export function App({ services, start, onQuit }: AppProps) {
  const [phase, setPhase] = useState<Phase>(start);
  return (
    <ServicesContext.Provider value={services}>
      {(phase.kind === 'first' || phase.kind === 'sign-in') && (
        <SignInScreen
          mode={phase.kind}
          onSignedIn={(user) => setPhase({ kind: 'main', user })}
          onQuit={onQuit}
        />
      )}
      {phase.kind === 'main' && (
        <StreamingProvider>
          <MainScreen user={phase.user} initial={phase.initial} onQuit={onQuit} />
        </StreamingProvider>
      )}
    </ServicesContext.Provider>
  );
}
