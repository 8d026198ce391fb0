/** Sign-in: paste a workspace API key; it is checked, then kept for this tab only. */
import { type FormEvent, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiProblem, describeError } from '../api/client';
import { useSession } from './SessionContext';

export function SignInPage() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(apiKey);
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/sign-in' ? from : '/contacts', { replace: true });
    } catch (e) {
      setError(e instanceof ApiProblem && e.status === 401 ? 'This key is not valid for any workspace.' : describeError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form onSubmit={submit} className="card">
        <h1>Contacts console</h1>
        <p className="muted">Paste your workspace API key. It is kept for this browser tab only.</p>
        <label htmlFor="api-key">API key</label>
        <input id="api-key" type="password" autoComplete="off" value={apiKey}
          onChange={(e) => setApiKey(e.target.value)} autoFocus />
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" disabled={busy || apiKey.trim() === ''}>{busy ? 'Checking…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
