import { describe, expect, it } from 'vitest';
import { diffRows } from './diffModel';

describe('diffRows', () => {
  it('renders every part of a diff', () => {
    const rows = diffRows({
      from: 1, to: 2, unchanged: false,
      variables: {
        added: [{ name: 'seats', type: 'NUMBER', required: false, default: '2' }],
        removed: [{ name: 'tier', type: 'TEXT', binding: 'row.Tier', required: false }],
        changed: [{ name: 'plan', changes: { default: { before: 'basic', after: 'gold' }, required: { before: false, after: true } } }],
      },
      staticVariables: { added: { region: 'west' }, removed: { company: 'Acme' }, changed: { offer: { before: '20%', after: '30%' } } },
      callingWindow: { before: { days: ['MON'], start: '09:00', end: '20:00' }, after: null },
      settings: { fallbackTimezone: { before: null, after: 'America/Chicago' } },
    });
    expect(rows).toEqual([
      { kind: 'added', what: 'variable seats', before: '—', after: 'NUMBER, no binding, default 2' },
      { kind: 'removed', what: 'variable tier', before: 'TEXT, row.Tier', after: '—' },
      { kind: 'changed', what: 'variable plan.default', before: 'basic', after: 'gold' },
      { kind: 'changed', what: 'variable plan.required', before: 'false', after: 'true' },
      { kind: 'added', what: 'static region', before: '—', after: 'west' },
      { kind: 'removed', what: 'static company', before: 'Acme', after: '—' },
      { kind: 'changed', what: 'static offer', before: '20%', after: '30%' },
      { kind: 'changed', what: 'calling window', before: 'MON 09:00–20:00', after: 'any time' },
      { kind: 'changed', what: 'fallbackTimezone', before: '—', after: 'America/Chicago' },
    ]);
  });

  it('is empty for no change', () => {
    expect(diffRows({ from: 2, to: 3, unchanged: true })).toEqual([]);
  });
});
