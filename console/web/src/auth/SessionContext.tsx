/**
 * Who is signed in, for this tab: the API key (sessionStorage only) and its workspace. Signing
 * in checks the key against `GET /v1/whoami` (answered by every service) through the gateway.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { contactsApi, unwrap } from '../api/client';
import { readSession, type StoredSession, writeSession } from '../api/session';

interface SessionValue {
  session: StoredSession | null;
  signIn: (apiKey: string) => Promise<void>;
  signOut: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

/** The workspace of a key (`GET /v1/whoami`, with this key rather than the stored one). */
async function whoAmI(apiKey: string): Promise<string> {
  const answer = unwrap(await contactsApi.GET('/v1/whoami', { headers: { Authorization: `Bearer ${apiKey}` } }));
  if (!answer.workspaceId) throw new Error('unexpected answer from /v1/whoami');
  return answer.workspaceId;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<StoredSession | null>(readSession);
  const queryClient = useQueryClient();

  const signIn = useCallback(async (apiKey: string) => {
    const key = apiKey.trim();
    const workspaceId = await whoAmI(key);
    queryClient.clear();
    const next = { apiKey: key, workspaceId };
    writeSession(next);
    setSession(next);
  }, [queryClient]);

  const signOut = useCallback(() => {
    writeSession(null);
    queryClient.clear();
    setSession(null);
  }, [queryClient]);

  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
