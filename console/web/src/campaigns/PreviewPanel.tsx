/** Resolve one call without placing it (`POST /v1/resolve`): number in any format, an instant, runtime variables → status, reason, nextAllowedAt, each variable's value and winning layer. */
import { useState } from 'react';
import { describeError, resolverApi, unwrap } from '../api/client';
import type { CampaignVariable, ResolveAnswer } from '../api/types';

export function PreviewPanel({ campaignId, variables }: { campaignId: string; variables: CampaignVariable[] }) {
  const [phone, setPhone] = useState('');
  const [at, setAt] = useState('');
  const [runtime, setRuntime] = useState('');
  const [answer, setAnswer] = useState<ResolveAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const resolve = async () => {
    setError(null);
    try {
      const runtimeVariables: Record<string, string> = {};
      for (const line of runtime.split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) runtimeVariables[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
      }
      setAnswer(unwrap(await resolverApi.POST('/v1/resolve', { body: {
        campaignId, phone, ...(at ? { at: new Date(at).toISOString() } : {}), runtimeVariables,
      } as never })));
    } catch (e) { setError(describeError(e)); }
  };
  const layer = new Map((answer?.trace ?? []).map((t) => [t.name, t]));
  const declared = new Set(variables.map((v) => v.name));
  const shown = Object.entries(answer?.variables ?? {}).sort(([a], [b]) => Number(declared.has(b)) - Number(declared.has(a)));
  return (
    <div className="card" data-testid="preview">
      <h2>Preview a call</h2>
      <div className="row">
        <input aria-label="preview phone" placeholder="phone, any format" value={phone} onChange={(e) => setPhone(e.target.value)} />
        <label>at <input type="datetime-local" aria-label="preview at" value={at} onChange={(e) => setAt(e.target.value)} /></label>
      </div>
      <textarea rows={3} aria-label="runtime variables" placeholder={'runtime variables, one name=value per line'} value={runtime} onChange={(e) => setRuntime(e.target.value)} />
      <div className="row"><button type="submit" onClick={resolve} disabled={!phone.trim()}>Resolve</button></div>
      {error && <p className="error" role="alert">{error}</p>}
      {answer && (
        <div data-testid="preview-answer">
          <p><span className={`badge ${answer.status === 'READY' ? 'ok' : 'danger'}`} data-testid="preview-status">{answer.status}</span> {answer.reason}</p>
          {answer.nextAllowedAt && <p data-testid="next-allowed">Next allowed at <strong>{new Date(answer.nextAllowedAt).toLocaleString()}</strong> <span className="muted small">({answer.nextAllowedAt})</span></p>}
          {(answer.missing ?? []).length > 0 && <p className="error">Missing: {answer.missing!.join(', ')}</p>}
          <table>
            <thead><tr><th>Variable</th><th>Value</th><th>Layer</th><th>Detail</th></tr></thead>
            <tbody>{shown.map(([name, value]) => (
              <tr key={name}><td>{declared.has(name) ? <strong>{name}</strong> : name}</td><td>{value}</td><td>{layer.get(name)?.layer}</td><td className="small">{layer.get(name)?.detail}</td></tr>
            ))}</tbody>
          </table>
        </div>
      )}
    </div>
  );
}
