import { describe, expect, it } from 'vitest';
import { bindingKind, bindingOf, hourBars, problemRow } from './configModel';

describe('problemRow', () => {
  const names = ['first_name', 'plan', 'tier'];
  it('finds a row by index or by name', () => {
    expect(problemRow('variables[2].binding: unknown', names)).toBe(2);
    expect(problemRow("variables[plan].default: 'x' is not a NUMBER", names)).toBe(1);
  });
  it('is -1 when no row is named', () => {
    expect(problemRow('callingWindow.start: bad time', names)).toBe(-1);
    expect(problemRow('variables[9].name: required', names)).toBe(-1);
    expect(problemRow(undefined, names)).toBe(-1);
  });
});

describe('bindings', () => {
  it('round-trips every kind', () => {
    expect(bindingKind('contact.first_name')).toEqual({ kind: 'contact', rest: 'first_name' });
    expect(bindingKind('cf:tier')).toEqual({ kind: 'cf', rest: 'tier' });
    expect(bindingKind('audience.Plan')).toEqual({ kind: 'row', rest: 'Plan' });
    expect(bindingKind('static')).toEqual({ kind: 'static', rest: '' });
    expect(bindingKind(undefined)).toEqual({ kind: 'none', rest: '' });
    expect(bindingOf('row', 'Plan')).toBe('row.Plan');
    expect(bindingOf('none', 'x')).toBeUndefined();
  });
});

describe('hourBars', () => {
  it('orders the hours and fills the gaps', () => {
    const bars = hourBars({ '2026-12-12T17:00:00Z': 1, '2026-12-12T14:00:00Z': 4, '2026-12-12T15:00:00Z': 2 });
    expect(bars.map((b) => [b.hour, b.contacts])).toEqual([['Sat 14:00', 4], ['Sat 15:00', 2], ['Sat 16:00', 0], ['Sat 17:00', 1]]);
    expect(bars[0]?.at).toBe('2026-12-12T14:00:00.000Z');
  });
  it('keeps only the present hours over more than a week, and nothing for none', () => {
    expect(hourBars({ '2026-12-01T10:00:00Z': 1, '2026-12-20T10:00:00Z': 2 }).map((b) => b.contacts)).toEqual([1, 2]);
    expect(hourBars(undefined)).toEqual([]);
    expect(hourBars({})).toEqual([]);
  });
});
