/**
 * A contacts view as URL search parameters, so a view can be shared: `q` (free text), `filter`
 * (the filter language as JSON), `sort` (`lastName`, `-lastName`), `cols` (column names,
 * comma-separated) and `segment` (a segment id, for a static segment's members).
 */
import type { FilterNode } from '../filters/filterModel';

export const DEFAULT_COLUMNS = ['firstName', 'lastName', 'phone', 'email', 'company', 'tags', 'dnc'];

export interface ContactsView {
  search: string;
  filter: FilterNode | undefined;
  /** The filter text when it could not be read (shown as an error). */
  filterError: string | null;
  sort: string;
  columns: string[];
  segmentId: string | null;
}

export function readView(params: URLSearchParams): ContactsView {
  let filter: FilterNode | undefined;
  let filterError: string | null = null;
  const raw = params.get('filter');
  if (raw) {
    try {
      filter = JSON.parse(raw) as FilterNode;
    } catch {
      filterError = 'The filter in this link is not valid JSON.';
    }
  }
  const cols = params.get('cols');
  return {
    search: params.get('q') ?? '',
    filter,
    filterError,
    sort: params.get('sort') ?? '-createdAt',
    columns: cols ? cols.split(',').filter(Boolean) : DEFAULT_COLUMNS,
    segmentId: params.get('segment'),
  };
}

export function writeView(view: Partial<ContactsView>, current: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(current);
  const set = (key: string, value: string | null | undefined) => {
    if (value === null || value === undefined || value === '') next.delete(key);
    else next.set(key, value);
  };
  if ('search' in view) set('q', view.search);
  if ('filter' in view) set('filter', view.filter ? JSON.stringify(view.filter) : null);
  if ('sort' in view) set('sort', view.sort === '-createdAt' ? null : view.sort);
  if ('columns' in view) set('cols', view.columns && view.columns.join(',') !== DEFAULT_COLUMNS.join(',') ? view.columns.join(',') : null);
  if ('segmentId' in view) set('segment', view.segmentId);
  return next;
}

/** `-lastName` → {field: lastName, desc: true}. */
export function parseSort(sort: string): { field: string; desc: boolean } {
  return sort.startsWith('-') ? { field: sort.slice(1), desc: true } : { field: sort, desc: false };
}
