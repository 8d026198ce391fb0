/**
 * The readiness report for a segment or an import: started, polled until done, then counts per
 * status, missing variables, a bar chart (recharts) of window-blocked contacts by the UTC hour they
 * become callable, and sample contacts linking to their pages.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { contactsApi, describeError, importsApi, resolverApi, unwrap } from '../api/client';
import { hourBars } from './configModel';

export function ReadinessPanel({ campaignId }: { campaignId: string }) {
  const [audience, setAudience] = useState('');
  const [reportId, setReportId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const segments = useQuery({ queryKey: ['segments'], queryFn: async () => unwrap(await contactsApi.GET('/v1/segments', {})) });
  const imports = useQuery({ queryKey: ['imports', 'for', campaignId], queryFn: async () => unwrap(await importsApi.GET('/v1/imports', { params: { query: { pageSize: 100 } as never } })) });
  const report = useQuery({
    queryKey: ['readiness', campaignId, reportId],
    enabled: !!reportId,
    queryFn: async () => unwrap(await resolverApi.GET('/v1/campaigns/{campaignId}/readiness/{reportId}', { params: { path: { campaignId, reportId: reportId! } } })),
    refetchInterval: (q) => (q.state.data?.status === 'RUNNING' ? 500 : false),
  });
  const start = async () => {
    setError(null);
    const [kind, id] = audience.split(':');
    try {
      const r = unwrap(await resolverApi.POST('/v1/campaigns/{campaignId}/readiness', {
        params: { path: { campaignId } }, body: { [kind === 'segment' ? 'segmentId' : 'importId']: id, sampleSize: 5 } as never }));
      setReportId(r.reportId ?? null);
    } catch (e) { setError(describeError(e)); }
  };
  const r = report.data;
  return (
    <div>
      <div className="card">
        <h2>Readiness report</h2>
        <div className="row">
          <select aria-label="audience" value={audience} onChange={(e) => setAudience(e.target.value)}>
            <option value="">choose an audience…</option>
            <optgroup label="Segments">{(segments.data?.items ?? []).map((s) => <option key={s.id} value={`segment:${s.id}`}>{s.name}</option>)}</optgroup>
            <optgroup label={`Imports for ${campaignId}`}>{(imports.data?.items ?? []).filter((i) => i.campaignId === campaignId)
              .map((i) => <option key={i.importId} value={`import:${i.importId}`}>{i.fileName} ({i.createdAt ? new Date(i.createdAt).toLocaleString() : ''})</option>)}</optgroup>
          </select>
          <button type="submit" disabled={!audience} onClick={start}>Run report</button>
        </div>
        {error && <p className="error" role="alert">{error}</p>}
      </div>
      {r && (
        <div data-testid="readiness">
          <p><span className="badge">{r.status}</span> {r.processed}/{r.total ?? r.members ?? '?'} contacts · {r.progress} %{r.failureReason ? ` · ${r.failureReason}` : ''}</p>
          <div className="counts">{Object.entries(r.counts ?? {}).map(([status, n]) => <div key={status}><strong>{n}</strong>{status}</div>)}</div>
          {Object.keys(r.missingByVariable ?? {}).length > 0 && (
            <p>Missing variables: {Object.entries(r.missingByVariable ?? {}).map(([name, n]) => `${name} (${n})`).join(', ')}</p>
          )}
          <div className="card" data-testid="hour-chart">
            <h2>Outside the window: contacts by the hour (UTC) they become callable</h2>
            {hourBars(r.outsideWindowByHour).length === 0 && <p className="muted">No contact is waiting for its window.</p>}
            <ResponsiveContainer width="100%" height={240}>
              <BarChart data={hourBars(r.outsideWindowByHour)}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="hour" fontSize={11} />
                <YAxis allowDecimals={false} fontSize={11} />
                <Tooltip />
                <Bar dataKey="contacts" fill="#2f5bea" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          {Object.entries(r.samples ?? {}).map(([status, samples]) => samples.length > 0 && (
            <div className="card" key={status}>
              <h2>{status}: samples</h2>
              <table><tbody>{samples.map((s, i) => (
                <tr key={i}><td>{s.contactId ? <Link to={`/contacts/${s.contactId}`}>{s.phoneE164 ?? s.contactId}</Link> : s.phoneE164}</td>
                  <td>{s.reason}</td><td>{s.nextAllowedAt ? `callable ${new Date(s.nextAllowedAt).toLocaleString()}` : ''}</td><td>{(s.missing ?? []).join(', ')}</td></tr>
              ))}</tbody></table>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
