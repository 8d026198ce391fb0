/**
 * Segments: name, type, live member count (re-counted every 15 s), snapshot origin, "snapshot
 * now" for dynamic ones; open one to see its contacts in the contacts table (a dynamic one as its filter, a static one as its list).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { contactsApi, describeError, unwrap } from '../api/client';
import type { Segment } from '../api/types';
import { writeView } from '../contacts/viewState';
import type { FilterNode } from '../filters/filterModel';

function segmentLink(segment: Segment): string {
  if (segment.type === 'DYNAMIC') {
    const params = writeView({
      filter: (segment.filter ?? undefined) as FilterNode | undefined, search: segment.search ?? '', segmentId: segment.id ?? null,
    }, new URLSearchParams());
    return `/contacts?${params}`;
  }
  return `/contacts?segment=${encodeURIComponent(segment.id ?? '')}`;
}

function LiveCount({ id }: { id: string }) {
  const count = useQuery({
    queryKey: ['segment-count', id],
    queryFn: async () => unwrap(await contactsApi.GET('/v1/segments/{id}/count', { params: { path: { id } } })),
    refetchInterval: 15_000,
  });
  if (count.isError) return <span className="error">{describeError(count.error)}</span>;
  return <span data-testid="segment-count">{count.data ? Number(count.data.count).toLocaleString() : '…'}</span>;
}

export function SegmentsPage() {
  const queryClient = useQueryClient();
  const segments = useQuery({
    queryKey: ['segments'],
    queryFn: async () => unwrap(await contactsApi.GET('/v1/segments', { params: { query: { pageSize: 200 } } })),
  });
  const remove = useMutation({
    mutationFn: async (id: string) => unwrap(await contactsApi.DELETE('/v1/segments/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['segments'] }),
  });
  const snapshot = useMutation({
    mutationFn: async (segment: Segment) => unwrap(await contactsApi.POST('/v1/segments/{id}/snapshot', {
      params: { path: { id: segment.id ?? '' } },
      body: { name: `${segment.name ?? 'segment'} (snapshot ${new Date().toLocaleDateString()})` },
    })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['segments'] }),
  });
  const items = segments.data?.items ?? [];
  const names = new Map(items.map((s: Segment) => [s.id, s.name]));

  return (
    <section>
      <div className="page-head"><h1>Segments</h1></div>
      {segments.isLoading && <p className="state" role="status">Loading segments…</p>}
      {segments.isError && <p className="error" role="alert">{describeError(segments.error)}</p>}
      {remove.isError && <p className="error" role="alert">{describeError(remove.error)}</p>}
      {snapshot.isError && <p className="error" role="alert">{describeError(snapshot.error)}</p>}
      {segments.isSuccess && items.length === 0 && (
        <p className="state">No segments yet. Filter the contacts table and choose “Save as segment”.</p>
      )}
      {items.length > 0 && (
        <table data-testid="segments-table">
          <thead>
            <tr><th>Name</th><th>Type</th><th>Contacts (live)</th><th>Snapshot</th><th>Custom fields used</th><th /></tr>
          </thead>
          <tbody>
            {items.map((s: Segment) => (
              <tr key={s.id}>
                <td><Link to={segmentLink(s)}>{s.name}</Link></td>
                <td><span className="badge">{s.type}</span></td>
                <td><LiveCount id={s.id ?? ''} /></td>
                <td>
                  {s.snapshotAt
                    ? `of “${names.get(s.snapshotOf) ?? s.snapshotOf ?? '?'}” at ${new Date(s.snapshotAt).toLocaleString()}`
                    : <span className="muted">—</span>}
                </td>
                <td>{(s.customFieldsUsed ?? []).join(', ') || <span className="muted">—</span>}</td>
                <td className="actions">
                  {s.type === 'DYNAMIC' && (
                    <button type="button" className="link" disabled={snapshot.isPending} onClick={() => snapshot.mutate(s)}>
                      Snapshot now
                    </button>
                  )}
                  <button type="button" className="link" onClick={() => {
                    if (window.confirm(`Delete segment “${s.name}”? Its contacts stay.`)) remove.mutate(s.id ?? '');
                  }}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
