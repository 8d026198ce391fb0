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
  it('fills 24 hours', () => {
    const bars = hourBars({ '13': 4, '0': 1 });
    expect(bars).toHaveLength(24);
    expect(bars[0]).toEqual({ hour: '00:00', contacts: 1 });
    expect(bars[13]?.contacts).toBe(4);
    expect(bars[5]?.contacts).toBe(0);
  });
});
