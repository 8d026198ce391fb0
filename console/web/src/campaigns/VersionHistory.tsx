/** A campaign's versions, newest first: pick two to see the diff, restore any earlier one (conditional on the loaded version). */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError, resolverApi, unwrap } from '../api/client';
import { diffRows } from './diffModel';

export function VersionHistory({ campaignId, current, etag, onRestored }: { campaignId: string; current: number; etag: string; onRestored: () => void }) {
  const versions = useQuery({
    queryKey: ['campaign-versions', campaignId],
    queryFn: async () => unwrap(await resolverApi.GET('/v1/campaigns/{campaignId}/versions', { params: { path: { campaignId }, query: { pageSize: 100 } as never } })),
  });
  const [to, setTo] = useState(current);
  const [from, setFrom] = useState(Math.max(0, current - 1));
  const [error, setError] = useState<string | null>(null);
  const diff = useQuery({
    queryKey: ['campaign-diff', campaignId, from, to],
    enabled: to > 0,
    queryFn: async () => unwrap(await resolverApi.GET('/v1/campaigns/{campaignId}/versions/{version}/diff', {
      params: { path: { campaignId, version: to }, query: { against: from } as never } })),
  });
  const restore = async (version: number) => {
    setError(null);
    try {
      unwrap(await resolverApi.POST('/v1/campaigns/{campaignId}/versions/{version}/restore', {
        params: { path: { campaignId, version } }, headers: { 'If-Match': etag } }));
      onRestored();
      await versions.refetch();
    } catch (e) { setError(describeError(e)); }
  };
  const rows = diff.data ? diffRows(diff.data) : [];
  return (
    <div className="columns">
      <div className="card">
        <h2>Versions</h2>
        {error && <p className="error" role="alert">{error}</p>}
        <table data-testid="versions-table">
          <thead><tr><th>Version</th><th>Saved</th><th>By</th><th>Summary</th><th /></tr></thead>
          <tbody>{(versions.data?.items ?? []).map((v) => (
            <tr key={v.version} className={v.version === to ? 'selected' : ''}>
              <td>{v.version}</td><td>{v.savedAt ? new Date(v.savedAt).toLocaleString() : ''}</td><td>{v.actor}</td><td className="small">{v.summary}</td>
              <td>
                <button type="button" className="link" onClick={() => { setTo(v.version!); setFrom(v.version! - 1); }}>diff</button>
                {v.version !== current && <button type="button" className="link" data-testid={`restore-${v.version}`} onClick={() => restore(v.version!)}>restore</button>}
              </td>
            </tr>
          ))}</tbody>
        </table>
      </div>
      <div className="card" data-testid="diff">
        <h2>Changes from version <input type="number" min={0} max={to} value={from} style={{ width: 60 }} onChange={(e) => setFrom(Number(e.target.value))} /> to {to}</h2>
        {diff.error && <p className="error">{describeError(diff.error)}</p>}
        {diff.data && rows.length === 0 && <p className="muted">No change.</p>}
        {rows.length > 0 && (
          <table>
            <thead><tr><th>What</th><th>Before</th><th>After</th></tr></thead>
            <tbody>{rows.map((r, i) => <tr key={i} className={`diff-${r.kind}`}><td>{r.what}</td><td>{r.before}</td><td>{r.after}</td></tr>)}</tbody>
          </table>
        )}
      </div>
    </div>
  );
}
