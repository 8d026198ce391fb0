import { describe, expect, it } from 'vitest';
import { findClashes, missingPhone, targetGroups } from './mapping';

describe('findClashes', () => {
  it('finds two columns on one target', () => {
    expect(findClashes({ 'Phone 1': 'phone', 'Phone 2': 'phone', Email: 'email' })).toEqual([
      { target: 'phone', columns: ['Phone 1', 'Phone 2'] },
    ]);
  });
  it('lets skip and tags repeat, and ignores unmapped columns', () => {
    expect(findClashes({ A: 'skip', B: 'skip', C: 'tags', D: 'tags', E: '' , F: ''})).toEqual([]);
  });
  it('reports custom field clashes and several targets', () => {
    expect(findClashes({ a: 'cf:plan', b: 'email', c: 'cf:plan', d: 'email', e: 'email' })).toEqual([
      { target: 'cf:plan', columns: ['a', 'c'] },
      { target: 'email', columns: ['b', 'd', 'e'] },
    ]);
  });
});

describe('targetGroups', () => {
  it('groups standard, custom and skip', () => {
    const groups = targetGroups(['phone', 'email', 'skip'], [{ target: 'cf:plan', label: 'Plan', key: 'plan' }, { target: 'cf:x', key: 'x' }]);
    expect(groups.map((g) => g.label)).toEqual(['Standard fields', 'Custom fields', 'Other']);
    expect(groups[0]?.options.map((o) => o.value)).toEqual(['phone', 'email']);
    expect(groups[1]?.options).toEqual([{ value: 'cf:plan', label: 'Plan' }, { value: 'cf:x', label: 'x' }]);
    expect(groups[2]?.options[0]?.value).toBe('skip');
  });
});

describe('missingPhone', () => {
  it('is true without a phone column', () => {
    expect(missingPhone({ a: 'email' })).toBe(true);
    expect(missingPhone({ a: 'phone' })).toBe(false);
  });
});
