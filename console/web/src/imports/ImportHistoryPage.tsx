/** Every import of the workspace, newest first: status, counts, who started it and when (cursor paged). */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { describeError, importsApi, unwrap } from '../api/client';
import { apiBase, download } from '../api/raw';

export function ImportHistoryPage() {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const page = useQuery({
    queryKey: ['imports', cursor],
    queryFn: async () => unwrap(await importsApi.GET('/v1/imports', { params: { query: { pageSize: 50, ...(cursor ? { cursor } : {}) } as never } })),
    refetchInterval: 3_000,
  });
  return (
    <div>
      <div className="page-head"><h1>Imports</h1><Link to="/imports/new">New import</Link></div>
      {page.isPending && <p className="state">Loading…</p>}
      {page.error && <p className="error">{describeError(page.error)}</p>}
      {page.data && (page.data.items ?? []).length === 0 && <p className="state">No imports yet.</p>}
      {page.data && (page.data.items ?? []).length > 0 && (
        <div className="table-wrap">
          <table data-testid="imports-table">
            <thead><tr><th>Started</th><th>File</th><th>Status</th><th>Progress</th><th>Created</th><th>Updated</th><th>Rejected</th><th>Started by</th><th /></tr></thead>
            <tbody>{(page.data.items ?? []).map((j) => {
              const rejected = Object.values(j.rejected ?? {}).reduce((a, b) => a + b, 0);
              return (
                <tr key={j.importId}>
                  <td>{j.createdAt ? new Date(j.createdAt).toLocaleString() : ''}</td>
                  <td>{j.fileName}</td>
                  <td><span className={`badge ${j.status === 'COMPLETED' ? 'ok' : j.status === 'FAILED' ? 'danger' : ''}`}>{j.status}</span></td>
                  <td>{j.progress} %</td>
                  <td>{j.created}</td><td>{j.updated}</td>
                  <td>{rejected > 0 ? Object.entries(j.rejected ?? {}).map(([c, n]) => `${c} ${n}`).join(', ') : 0}</td>
                  <td>{j.startedBy?.apiKeyName ?? j.startedBy?.actor}</td>
                  <td>{rejected > 0 && <button type="button" className="link"
                    onClick={() => download(`${apiBase('imports')}/v1/imports/${j.importId}/errors?severity=ERROR`, `${j.importId}-errors.csv`)}>errors CSV</button>}</td>
                </tr>
              );
            })}</tbody>
          </table>
        </div>
      )}
      <div className="pager">
        {cursors.length > 0 && <button type="button" onClick={() => setCursors(cursors.slice(0, -1))}>Newer</button>}
        {page.data?.nextCursor && <button type="button" onClick={() => setCursors([...cursors, page.data!.nextCursor!])}>Older</button>}
      </div>
    </div>
  );
}
