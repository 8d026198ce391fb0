/**
 * Who is signed in, for this tab: the API key (sessionStorage only) and its workspace. Signing
 * in checks the key against `GET /v1/whoami` (answered by every service) through the gateway.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiProblem, type Problem } from '../api/client';
import { readSession, type StoredSession, writeSession } from '../api/session';

interface SessionValue {
  session: StoredSession | null;
  signIn: (apiKey: string) => Promise<void>;
  signOut: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

/**
 * The workspace of a key. `/v1/whoami` comes from service-support's auth and is not in the
 * services' OpenAPI specs, so its one member is read here directly.
 */
async function whoAmI(apiKey: string): Promise<string> {
  const response = await fetch('/api/contacts/v1/whoami', { headers: { Authorization: `Bearer ${apiKey}` } });
  const body: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiProblem(response.status, typeof body === 'object' && body !== null ? (body as Problem) : {});
  }
  const workspaceId = (body as { workspaceId?: unknown }).workspaceId;
  if (typeof workspaceId !== 'string') throw new Error('unexpected answer from /v1/whoami');
  return workspaceId;
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
