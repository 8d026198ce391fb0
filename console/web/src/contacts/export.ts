/** Downloads the CSV export of a view (`GET /v1/contacts/export`), with this tab's key. */
import { ApiProblem } from '../api/client';
import { readSession } from '../api/session';
import type { FilterNode } from '../filters/filterModel';

export async function exportCsv(view: { filter?: FilterNode; search?: string; segmentId?: string | null; ids?: string[] }) {
  const params = new URLSearchParams();
  if (view.ids && view.ids.length > 0) params.set('ids', view.ids.join(','));
  else if (view.segmentId) params.set('segmentId', view.segmentId);
  else {
    if (view.filter) params.set('filter', JSON.stringify(view.filter));
    if (view.search) params.set('search', view.search);
  }
  const response = await fetch(`/api/contacts/v1/contacts/export?${params}`, {
    headers: { Authorization: `Bearer ${readSession()?.apiKey ?? ''}` },
  });
  if (!response.ok) {
    throw new ApiProblem(response.status, await response.json().catch(() => ({})));
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = 'contacts.csv';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
