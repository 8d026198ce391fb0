/**
 * The contacts table: free-text search, the filter builder, sort by column, a column chooser
 * (custom fields included), cursor paging, row selection ("all N matching" included) with the
 * bulk bar, save as segment and CSV export. The view lives in the URL (see viewState).
 */
import { useQuery } from '@tanstack/react-query';
import {
  type ColumnDef, flexRender, getCoreRowModel, type RowSelectionState, useReactTable,
} from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiProblem, contactsApi, describeError, unwrap } from '../api/client';
import type { Contact } from '../api/types';
import { useFieldCatalog } from '../customFields/useCustomFields';
import { FilterBuilder } from '../filters/FilterBuilder';
import {
  type BuilderGroup, emptyGroup, fromFilter, nodeForProblem, problemPath, toFilter,
} from '../filters/filterModel';
import { BulkBar, type Selection } from './BulkBar';
import { fieldValue, renderValue } from './cells';
import { ColumnChooser } from './ColumnChooser';
import { exportCsv } from './export';
import { SaveSegmentDialog } from './SaveSegmentDialog';
import { useContactSearch } from './useContactSearch';
import { parseSort, readView, writeView } from './viewState';

function builderFor(filter: unknown): BuilderGroup {
  try {
    return filter ? fromFilter(filter) : emptyGroup();
  } catch {
    return emptyGroup();
  }
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function ContactsPage() {
  const [params, setParams] = useSearchParams();
  const view = readView(params);
  const { fields, byName, loading: fieldsLoading } = useFieldCatalog();
  const update = (patch: Parameters<typeof writeView>[0]) => setParams((current) => writeView(patch, current), { replace: true });

  // the builder's tree; the URL holds what it translates to (written once the operator edits it)
  const [builder, setBuilder] = useState<BuilderGroup>(() => builderFor(view.filter));
  const [edited, setEdited] = useState(false);
  const [showFilters, setShowFilters] = useState(Boolean(view.filter));
  const translation = useMemo(() => toFilter(builder, byName), [builder, byName]);
  const translatedJson = JSON.stringify(translation.filter ?? null);
  const debouncedJson = useDebounced(translatedJson, 350);
  const urlJson = JSON.stringify(view.filter ?? null);
  useEffect(() => {
    if (edited && !fieldsLoading && debouncedJson !== urlJson) {
      update({ filter: JSON.parse(debouncedJson) ?? undefined });
    }
    // runs on the debounced value only; `update` and the URL are read fresh
  }, [debouncedJson, edited, fieldsLoading]);
  // the URL changed under us (back button, a link): show its filter
  useEffect(() => {
    if (urlJson !== translatedJson && urlJson !== debouncedJson) {
      setBuilder(builderFor(view.filter));
      setEdited(false);
    }
    // only when the URL's filter changes
  }, [urlJson]);
  const editBuilder = (next: BuilderGroup) => {
    setEdited(true);
    setBuilder(next);
  };

  const [searchText, setSearchText] = useState(view.search);
  const debouncedSearch = useDebounced(searchText, 350);
  useEffect(() => {
    if (debouncedSearch !== view.search) update({ search: debouncedSearch });
    // only when the debounced text changes
  }, [debouncedSearch]);
  useEffect(() => {
    if (view.search !== debouncedSearch) setSearchText(view.search);
    // only when the URL's search changes (a link, the back button)
  }, [view.search]);

  const segment = useQuery({
    queryKey: ['segments', view.segmentId],
    enabled: view.segmentId !== null,
    queryFn: async () => unwrap(await contactsApi.GET('/v1/segments/{id}', { params: { path: { id: view.segmentId ?? '' } } })),
  });
  const staticSegmentId = segment.data && segment.data.type !== 'DYNAMIC' ? view.segmentId : null;

  const { query, next, previous, hasNext, hasPrevious, pageNumber } = useContactSearch({
    filter: view.filter, search: view.search, sort: view.sort, staticSegmentId,
  });
  const contacts = query.data?.items ?? [];
  const total = Number(query.data?.total ?? contacts.length);

  // a 400 naming a condition goes next to it; anything else above the table
  const problem = query.error instanceof ApiProblem && query.error.status === 400 ? problemPath(query.error.problem.detail) : null;
  const problemNode = problem ? nodeForProblem(problem.path, translation.paths) : null;
  const problems = useMemo(() => new Map(problem && problemNode ? [[problemNode, problem.message]] : []),
    [problem?.message, problemNode]);

  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [allMatching, setAllMatching] = useState(false);
  useEffect(() => {
    setRowSelection({});
    setAllMatching(false);
  }, [urlJson, view.search, view.segmentId]);
  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  const [saving, setSaving] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  const sort = parseSort(view.sort);
  const columns = useMemo<ColumnDef<Contact>[]>(() => [
    {
      id: 'select',
      header: ({ table }) => (
        <input type="checkbox" aria-label="Select page" checked={table.getIsAllPageRowsSelected()}
          onChange={table.getToggleAllPageRowsSelectedHandler()} />
      ),
      cell: ({ row }) => (
        <input type="checkbox" aria-label={`Select ${row.original.firstName ?? ''} ${row.original.lastName ?? ''}`.trim()}
          checked={row.getIsSelected()} onChange={row.getToggleSelectedHandler()} />
      ),
    },
    ...view.columns.map((name): ColumnDef<Contact> => ({
      id: name,
      header: byName.get(name)?.label ?? name,
      enableSorting: byName.get(name)?.sortable ?? false,
      cell: ({ row }) => {
        const rendered = renderValue(name, fieldValue(row.original, name));
        return name === 'lastName' || name === 'firstName' || name === 'phone'
          ? <Link to={`/contacts/${row.original.id ?? ''}`}>{rendered}</Link> : rendered;
      },
    })),
  ], [view.columns, byName]);

  const table = useReactTable({
    data: contacts,
    columns,
    getRowId: (c) => c.id ?? '',
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    enableRowSelection: true,
    state: { rowSelection, sorting: [{ id: sort.field, desc: sort.desc }] },
    onRowSelectionChange: (updater) => {
      setAllMatching(false);
      setRowSelection(updater);
    },
  });

  const selection: Selection = allMatching
    ? (staticSegmentId ? { segmentId: staticSegmentId } : { filter: view.filter, search: view.search || undefined })
    : { ids: selectedIds };
  const selectedCount = allMatching ? total : selectedIds.length;
  const pageAllSelected = contacts.length > 0 && selectedIds.length === contacts.length;

  const toggleSort = (name: string) => {
    const nextSort = sort.field === name ? (sort.desc ? name : `-${name}`) : name;
    update({ sort: nextSort });
  };

  return (
    <section className="contacts">
      <div className="page-head">
        <h1>Contacts{segment.data ? <span className="muted"> · segment “{segment.data.name}”</span> : null}</h1>
        <span className="muted" data-testid="total">{query.data ? `${total.toLocaleString()} contacts` : ''}</span>
      </div>
      <div className="toolbar">
        <input type="search" aria-label="Search contacts" placeholder="Search names, email, company, phone…"
          value={searchText} onChange={(e) => setSearchText(e.target.value)} disabled={staticSegmentId !== null} />
        <button type="button" onClick={() => setShowFilters((s) => !s)} aria-expanded={showFilters}
          disabled={staticSegmentId !== null}>
          Filters{translation.filter ? ' (active)' : ''}
        </button>
        <ColumnChooser fields={fields} columns={view.columns} onChange={(cols) => update({ columns: cols })} />
        <button type="button" onClick={() => setSaving(true)} disabled={staticSegmentId !== null}>Save as segment</button>
        <button type="button" onClick={() => {
          setExportError(null);
          exportCsv({ filter: view.filter, search: view.search, segmentId: staticSegmentId, ids: allMatching ? [] : selectedIds })
            .catch((e: unknown) => setExportError(describeError(e)));
        }}>Export CSV</button>
        {view.segmentId && <Link to="/contacts" className="link">Leave segment</Link>}
      </div>
      {showFilters && (
        <FilterBuilder root={builder} fields={fields} byName={byName} onChange={editBuilder} problems={problems} />
      )}
      {exportError && <p className="error" role="alert">{exportError}</p>}
      {view.filterError && <p className="error" role="alert">{view.filterError}</p>}
      {query.isError && !problemNode && (
        <p className="error" role="alert" data-testid="search-error">{describeError(query.error)}</p>
      )}
      {(selectedIds.length > 0 || allMatching) && (
        <>
          {pageAllSelected && !allMatching && total > contacts.length && (
            <p className="notice">
              All {contacts.length} on this page are selected.{' '}
              <button type="button" className="link" onClick={() => setAllMatching(true)}>
                Select all {total.toLocaleString()} matching this view
              </button>
            </p>
          )}
          <BulkBar selection={selection} count={selectedCount} fields={fields}
            onClear={() => { setRowSelection({}); setAllMatching(false); }} />
        </>
      )}
      <div className="table-wrap">
        <table data-testid="contacts-table" aria-busy={query.isFetching}>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sortable = header.column.getCanSort() && header.column.id !== 'select';
                  const active = sort.field === header.column.id;
                  return (
                    <th key={header.id} aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : undefined}>
                      {sortable ? (
                        <button type="button" className="sort" onClick={() => toggleSort(header.column.id)}>
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          {active ? (sort.desc ? ' ▼' : ' ▲') : ''}
                        </button>
                      ) : flexRender(header.column.columnDef.header, header.getContext())}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className={row.getIsSelected() ? 'selected' : undefined}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {query.isLoading && <p className="state" role="status">Loading contacts…</p>}
        {query.isSuccess && contacts.length === 0 && (
          <p className="state" data-testid="empty">
            {view.filter || view.search ? 'No contacts match this view.' : 'No contacts yet. Import a file or add one through the API.'}
          </p>
        )}
      </div>
      <div className="pager">
        <button type="button" onClick={previous} disabled={!hasPrevious}>← Previous</button>
        <span className="muted">Page {pageNumber}</span>
        <button type="button" onClick={next} disabled={!hasNext}>Next →</button>
      </div>
      {saving && (
        <SaveSegmentDialog filter={view.filter} search={view.search} selectedIds={selectedIds} onClose={() => setSaving(false)} />
      )}
    </section>
  );
}
