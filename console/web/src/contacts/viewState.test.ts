import { describe, expect, it } from 'vitest';
import { DEFAULT_COLUMNS, readView, writeView } from './viewState';

describe('contacts view in the URL', () => {
  it('round-trips search, filter, sort, columns and segment', () => {
    const filter = { all: [{ field: 'cf:plan', op: 'eq', value: 'gold' }, { field: 'cf:score', op: 'gte', value: 50 }] };
    const params = writeView({ search: 'ada', filter, sort: 'lastName', columns: ['lastName', 'cf:plan'], segmentId: 's1' },
      new URLSearchParams());
    const view = readView(new URLSearchParams(params.toString()));
    expect(view).toEqual({ search: 'ada', filter, filterError: null, sort: 'lastName', columns: ['lastName', 'cf:plan'], segmentId: 's1' });
  });

  it('keeps defaults out of the URL and reports an unreadable filter', () => {
    const params = writeView({ search: '', filter: undefined, sort: '-createdAt', columns: DEFAULT_COLUMNS }, new URLSearchParams('q=x'));
    expect(params.toString()).toBe('');
    expect(readView(new URLSearchParams('filter=%7Bnope')).filterError).toContain('not valid JSON');
  });
});
