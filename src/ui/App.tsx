import { useMemo, useState } from 'react';
import type { User } from '../core/types.js';
import { StreamingProvider } from './components/StreamingProvider.js';
import { ReportStreamControls, ServicesContext, type StreamControls } from './contexts.js';
import { MainScreen } from './screens/MainScreen.js';
import { SignInScreen } from './screens/SignInScreen.js';
import { watchSession, type Services } from './services.js';
import type { Start } from './start.js';

export interface AppProps {
  services: Services;
  start: Start;
  onQuit: () => void;
  /** Given the controls of the reply streaming in the chats, for a signal to stop it. */
  onStreamControls?: (controls: StreamControls) => void;
}

type Phase =
  | Start
  | { kind: 'main'; user: User; initial?: undefined }
  /** Back to signing in: the session ended while the chats were open. */
  | { kind: 'signed-out'; name: string };

const SIGNED_OUT = 'your session ended (signed out elsewhere, or expired): sign in again';

/** The first account, sign-in, or the chats, as `start` says, then the chats. */
export function App({ services, start, onQuit, onStreamControls }: AppProps) {
  const [phase, setPhase] = useState<Phase>(start);
  const user = phase.kind === 'main' ? phase.user : undefined;
  // The chats see a session that ends under them (in any call) and give way to signing in.
  const mainServices = useMemo(
    () =>
      watchSession(services, () => {
        if (user) setPhase({ kind: 'signed-out', name: user.name });
      }),
    [services, user],
  );
  return (
    <>
      <ServicesContext.Provider value={services}>
        {(phase.kind === 'first' || phase.kind === 'sign-in') && (
          <SignInScreen
            mode={phase.kind}
            onSignedIn={(user) => setPhase({ kind: 'main', user })}
            onQuit={onQuit}
          />
        )}
        {phase.kind === 'signed-out' && (
          <SignInScreen
            mode="sign-in"
            name={phase.name}
            reason={SIGNED_OUT}
            onSignedIn={(user) => setPhase({ kind: 'main', user })}
            onQuit={onQuit}
          />
        )}
      </ServicesContext.Provider>
      {phase.kind === 'main' && (
        <ServicesContext.Provider value={mainServices}>
          <StreamingProvider>
            {onStreamControls && <ReportStreamControls onControls={onStreamControls} />}
            <MainScreen user={phase.user} initial={phase.initial} onQuit={onQuit} />
          </StreamingProvider>
        </ServicesContext.Provider>
      )}
    </>
  );
}
