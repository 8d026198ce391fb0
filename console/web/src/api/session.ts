/**
 * The API key of this tab: kept in sessionStorage only (gone when the tab closes, never shared
 * with other tabs, never logged or put in a URL), with the workspace id the key belongs to.
 */
const KEY = 'console.apiKey';
const WORKSPACE = 'console.workspaceId';

export interface StoredSession {
  apiKey: string;
  workspaceId: string;
}

export function readSession(): StoredSession | null {
  const apiKey = sessionStorage.getItem(KEY);
  const workspaceId = sessionStorage.getItem(WORKSPACE);
  return apiKey && workspaceId ? { apiKey, workspaceId } : null;
}

export function writeSession(session: StoredSession | null): void {
  if (session) {
    sessionStorage.setItem(KEY, session.apiKey);
    sessionStorage.setItem(WORKSPACE, session.workspaceId);
  } else {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(WORKSPACE);
  }
}
