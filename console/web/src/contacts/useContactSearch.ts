/**
 * One page of contacts for a view: `POST /v1/contacts/search` (filter, search, sort, cursor), or a
 * static segment's members (`GET /v1/segments/{id}/contacts`). Cursor paging: the cursors of the
 * pages seen so far are kept so "Previous" goes back without re-counting.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { contactsApi, unwrap } from '../api/client';
import type { SearchPage, SearchRequest } from '../api/types';
import type { FilterNode } from '../filters/filterModel';

export const PAGE_SIZE = 25;

export interface SearchArgs {
  filter: FilterNode | undefined;
  search: string;
  sort: string;
  /** Members of this static segment instead of a search. */
  staticSegmentId: string | null;
}

export function useContactSearch(args: SearchArgs) {
  const key = JSON.stringify(args);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  useEffect(() => setCursors([undefined]), [key]);
  const cursor = cursors[cursors.length - 1];

  const query = useQuery({
    queryKey: ['contacts', 'search', args, cursor],
    placeholderData: keepPreviousData,
    queryFn: async (): Promise<SearchPage> => {
      if (args.staticSegmentId) {
        return unwrap(await contactsApi.GET('/v1/segments/{id}/contacts', {
          params: { path: { id: args.staticSegmentId }, query: { pageSize: PAGE_SIZE, cursor } },
        }));
      }
      const body = {
        filter: args.filter, search: args.search || undefined, sort: args.sort, pageSize: PAGE_SIZE, cursor,
      } satisfies SearchRequest;
      return unwrap(await contactsApi.POST('/v1/contacts/search', { body }));
    },
  });

  return {
    query,
    pageNumber: cursors.length,
    hasPrevious: cursors.length > 1,
    hasNext: Boolean(query.data?.nextCursor),
    next: () => query.data?.nextCursor && setCursors((c) => [...c, query.data?.nextCursor ?? undefined]),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
  };
}
