/** The workspace's campaigns (those with a config), and a field to open or create one by id. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeError, resolverApi, unwrap } from '../api/client';

export function CampaignsPage() {
  const navigate = useNavigate();
  const [id, setId] = useState('');
  const list = useQuery({ queryKey: ['campaigns'], queryFn: async () => unwrap(await resolverApi.GET('/v1/campaigns', { params: { query: { pageSize: 500 } as never } })) });
  return (
    <div>
      <div className="page-head"><h1>Campaigns</h1></div>
      <form className="row" onSubmit={(e) => { e.preventDefault(); if (id.trim()) navigate(`/campaigns/${encodeURIComponent(id.trim())}`); }}>
        <input placeholder="campaign id" aria-label="campaign id" value={id} onChange={(e) => setId(e.target.value)} />
        <button type="submit">Open or create</button>
      </form>
      {list.error && <p className="error">{describeError(list.error)}</p>}
      {list.data && (list.data.items ?? []).length === 0 && <p className="state">No campaigns configured yet.</p>}
      {list.data && (list.data.items ?? []).length > 0 && (
        <div className="table-wrap" style={{ marginTop: 12 }}>
          <table data-testid="campaigns-table">
            <thead><tr><th>Campaign</th><th>Version</th><th>Variables</th><th>Static</th><th>Saved</th><th>By</th></tr></thead>
            <tbody>{(list.data.items ?? []).map((c) => (
              <tr key={c.campaignId}><td><Link to={`/campaigns/${encodeURIComponent(c.campaignId ?? '')}`}>{c.campaignId}</Link></td>
                <td>{c.version}</td><td>{c.variableCount}</td><td>{c.staticVariableCount}</td>
                <td>{c.updatedAt ? new Date(c.updatedAt).toLocaleString() : ''}</td><td>{c.updatedBy}</td></tr>
            ))}</tbody>
          </table>
        </div>
      )}
    </div>
  );
}
