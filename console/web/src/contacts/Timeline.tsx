/**
 * A contact's timeline from `GET /v1/contacts/{id}/history` (newest first, cursor paging): time,
 * version, operation, source (import, bulk job, API...), actor and each changed field before → after. The endpoint is newer than some services;
 * a 404 for the path (not for the contact) shows "not available" instead of an error.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { ApiProblem } from '../api/client';
import { readSession } from '../api/session';

type HistoryEntry = Record<string, unknown>;
interface HistoryPage {
  items?: HistoryEntry[];
  nextCursor?: string | null;
}

async function fetchHistory(id: string, cursor: string | undefined): Promise<HistoryPage> {
  const query = new URLSearchParams({ pageSize: '50' });
  if (cursor) query.set('cursor', cursor);
  const response = await fetch(`/api/contacts/v1/contacts/${encodeURIComponent(id)}/history?${query}`, {
    headers: { Authorization: `Bearer ${readSession()?.apiKey ?? ''}` },
  });
  const body: unknown = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiProblem(response.status, (body ?? {}) as Record<string, unknown>);
  return body as HistoryPage;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** `source` is `{kind, importId, row, bulkJobId, system, detail}`: its kind and where it came from. */
function describeSource(source: unknown): { kind: string; origin: string } {
  if (!source || typeof source !== 'object') return { kind: text(source), origin: '' };
  const s = source as Record<string, unknown>;
  const origin = s.importId ? `import ${text(s.importId)}${s.row ? ` row ${text(s.row)}` : ''}`
    : s.bulkJobId ? `bulk job ${text(s.bulkJobId)}` : s.system ? text(s.system) : text(s.detail);
  return { kind: text(s.kind), origin };
}

function changes(entry: HistoryEntry): { field: string; before: string; after: string }[] {
  return Array.isArray(entry.changes)
    ? entry.changes.map((c) => {
      const change = (c ?? {}) as Record<string, unknown>;
      return { field: text(change.field), before: text(change.before), after: text(change.after) };
    })
    : [];
}

export function Timeline({ contactId }: { contactId: string }) {
  const history = useInfiniteQuery({
    queryKey: ['history', contactId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchHistory(contactId, pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    retry: false,
  });
  if (history.isLoading) return <p className="state" role="status">Loading history…</p>;
  if (history.isError) {
    const notHere = history.error instanceof ApiProblem && history.error.status === 404
      && !/^contact\b.*not found/i.test(String(history.error.problem.detail ?? ''));
    return notHere
      ? <p className="muted" data-testid="timeline-unavailable">The change history is not available on this server yet.</p>
      : <p className="error" role="alert">{history.error.message}</p>;
  }
  const entries = history.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  if (entries.length === 0) return <p className="muted">No changes recorded.</p>;
  return (
    <>
      <ol className="timeline" data-testid="timeline">
        {entries.map((e) => {
          const source = describeSource(e.source);
          return (
            <li key={text(e.version)}>
              <div>
                <strong>v{text(e.version)}</strong>{' '}
                <span className="muted">{e.occurredAt ? new Date(text(e.occurredAt)).toLocaleString() : ''}</span>{' '}
                <span className="badge">{text(e.operation)}</span>{' '}
                <span className="badge">{source.kind}</span>
                {source.origin && <span className="muted small"> {source.origin}</span>}
                {e.actor ? <span> by <strong>{text(e.actor)}</strong></span> : null}
              </div>
              {changes(e).length > 0 && (
                <ul className="changes">
                  {changes(e).map((c) => (
                    <li key={c.field}><code>{c.field}</code>: <span className="muted">{c.before || '∅'}</span> → {c.after || '∅'}</li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
      {history.hasNextPage && (
        <button type="button" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>Older changes</button>
      )}
    </>
  );
}
