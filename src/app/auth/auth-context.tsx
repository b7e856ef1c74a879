import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import {
  isAuthApiError,
  isAuthRetryableFetchError,
  type Session,
  type SupabaseClient,
} from '@supabase/supabase-js';
import { authStorageKey } from '../config/supabase-client.ts';
import { forgetUser, readRememberedUser, rememberUser, type RememberedUser } from './remembered-user.ts';

/**
 * `signed-in` with `verified: false` is the offline start: the last session is in storage but
 * could not be refreshed yet. The app works on the local copy; supabase-js refreshes the token
 * when the link returns (we nudge it on the `online` event).
 */
export type AuthState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'signed-out'; readonly expired: boolean }
  | { readonly kind: 'signed-in'; readonly user: RememberedUser; readonly verified: boolean };

export type SignInResult =
  | { readonly kind: 'ok' }
  | { readonly kind: 'invalid-credentials' }
  | { readonly kind: 'too-many-attempts' }
  | { readonly kind: 'offline' }
  | { readonly kind: 'failed'; readonly message: string };

export interface AuthApi {
  readonly state: AuthState;
  readonly supabase: SupabaseClient;
  signIn(email: string, password: string): Promise<SignInResult>;
  /** Ends the session on this device (works offline). Local data is the caller's decision. */
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthApi | null>(null);

function userOf(session: Session): RememberedUser {
  return { id: session.user.id, email: session.user.email ?? '' };
}

export function AuthProvider({ supabase, children }: { supabase: SupabaseClient; children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ kind: 'loading' });
  // Set while this device signs out, so that its own SIGNED_OUT is not taken for an expiry.
  const signingOut = useRef(false);

  useEffect(() => {
    const { data } = supabase.auth.onAuthStateChange((event, session) => {
      if (session) {
        rememberUser(localStorage, userOf(session));
        setState({ kind: 'signed-in', user: userOf(session), verified: true });
        return;
      }
      const remembered = readRememberedUser(localStorage);
      const stored = localStorage.getItem(authStorageKey) !== null;
      if (event === 'INITIAL_SESSION' && remembered && stored) {
        setState({ kind: 'signed-in', user: remembered, verified: false });
        return;
      }
      // SIGNED_OUT not asked for by this device: the refresh token was revoked or expired.
      const expired = event === 'SIGNED_OUT' && remembered !== undefined && !signingOut.current;
      setState({ kind: 'signed-out', expired });
    });
    const retryRefresh = () => {
      void supabase.auth.getSession();
    };
    window.addEventListener('online', retryRefresh);
    return () => {
      data.subscription.unsubscribe();
      window.removeEventListener('online', retryRefresh);
    };
  }, [supabase]);

  const signIn = useCallback(
    async (email: string, password: string): Promise<SignInResult> => {
      if (!navigator.onLine) return { kind: 'offline' };
      const { error } = await supabase.auth.signInWithPassword({ email, password });
      if (!error) return { kind: 'ok' };
      if (isAuthRetryableFetchError(error)) return { kind: 'offline' };
      if (isAuthApiError(error) && error.code === 'invalid_credentials')
        return { kind: 'invalid-credentials' };
      if (isAuthApiError(error) && (error.status === 429 || error.code === 'over_request_rate_limit'))
        return { kind: 'too-many-attempts' };
      return { kind: 'failed', message: error.message };
    },
    [supabase],
  );

  const signOut = useCallback(async () => {
    signingOut.current = true;
    forgetUser(localStorage);
    await supabase.auth.signOut({ scope: 'local' });
    localStorage.removeItem(authStorageKey);
    setState({ kind: 'signed-out', expired: false });
    signingOut.current = false;
  }, [supabase]);

  const api = useMemo<AuthApi>(
    () => ({ state, supabase, signIn, signOut }),
    [state, supabase, signIn, signOut],
  );
  return <AuthContext.Provider value={api}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthApi {
  const api = useContext(AuthContext);
  if (!api) throw new Error('useAuth outside <AuthProvider>');
  return api;
}
