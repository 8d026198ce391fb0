import { describe, expect, it } from 'vitest';
import { type FieldDef, type FieldKind, type Operator, allFields, OPERATORS_BY_KIND } from './fields';
import {
  type BuilderCondition, type BuilderGroup, type FilterNode, arity, conditionError, fromFilter,
  nodeForProblem, problemPath, toFilter,
} from './filterModel';

const fields = new Map<string, FieldDef>(allFields([
  { key: 'plan', label: 'Plan', type: 'ENUM', allowedValues: ['gold', 'silver'] },
  { key: 'score', label: 'Score', type: 'NUMBER' },
  { key: 'vip', label: 'VIP', type: 'BOOLEAN' },
  { key: 'renewal', label: 'Renewal', type: 'DATE' },
  { key: 'notes', label: 'Notes', type: 'TEXT' },
]).map((f) => [f.name, f]));

/** One field per kind, a text sample and the value the API must receive for it. */
const SAMPLES: Record<FieldKind, { field: string; text: [string, string]; sent: [unknown, unknown] }> = {
  TEXT: { field: 'cf:notes', text: ['call after 5', 'hot'], sent: ['call after 5', 'hot'] },
  KEYWORD: { field: 'country', text: ['US', 'CA'], sent: ['US', 'CA'] },
  PHONE: { field: 'phone', text: ['(415) 555-0132', '+12125550187'], sent: ['(415) 555-0132', '+12125550187'] },
  ENUM: { field: 'cf:plan', text: ['gold', 'silver'], sent: ['gold', 'silver'] },
  TAGS: { field: 'tags', text: ['vip', 'promo'], sent: ['vip', 'promo'] },
  BOOLEAN: { field: 'cf:vip', text: ['true', 'false'], sent: [true, false] },
  DNC: { field: 'dnc', text: ['false', 'true'], sent: [false, true] },
  NUMBER: { field: 'cf:score', text: ['50', '99.5'], sent: [50, 99.5] },
  DATE: { field: 'cf:renewal', text: ['2026-01-01', '2026-12-31'], sent: ['2026-01-01', '2026-12-31'] },
  DATETIME: { field: 'createdAt', text: ['2026-11-01T00:00:00Z', '2026-11-30'], sent: ['2026-11-01T00:00:00Z', '2026-11-30'] },
};

function condition(field: string, op: Operator, values: string[], id = 'c1'): BuilderCondition {
  return { type: 'condition', id, field, op, values };
}

function group(combinator: 'all' | 'any', children: BuilderGroup['children'], id = 'root'): BuilderGroup {
  return { type: 'group', id, combinator, children };
}

function expected(field: string, op: Operator, sent: [unknown, unknown]): FilterNode {
  const n = arity(op);
  if (n === 0) return { field, op };
  if (n === 1) return { field, op, value: sent[0] as string };
  return { field, op, value: [sent[0], sent[1]] as string[] };
}

describe('filter builder → filter language', () => {
  for (const kind of Object.keys(OPERATORS_BY_KIND) as FieldKind[]) {
    for (const op of OPERATORS_BY_KIND[kind]) {
      it(`${kind} ${op}`, () => {
        const sample = SAMPLES[kind];
        const values = arity(op) === 0 ? [] : arity(op) === 1 ? [sample.text[0]] : [...sample.text];
        const { filter } = toFilter(group('all', [condition(sample.field, op, values)]), fields);
        const wanted = expected(sample.field, op, sample.sent);
        expect(filter).toEqual({ all: [wanted] });
        // and back: the same filter again from the builder tree it parses into
        expect(toFilter(fromFilter(filter), fields).filter).toEqual(filter);
        expect(toFilter(fromFilter(wanted), fields).filter).toEqual({ all: [wanted] });
      });
    }
  }

  it('offers exactly the operators contact-service accepts per kind', () => {
    expect(OPERATORS_BY_KIND.ENUM).toEqual(['eq', 'neq', 'in', 'nin', 'present', 'absent']);
    expect(OPERATORS_BY_KIND.DNC).toEqual(['eq', 'neq']);
    expect(OPERATORS_BY_KIND.BOOLEAN).toEqual(['eq', 'neq', 'present', 'absent']);
    expect(OPERATORS_BY_KIND.DATETIME).not.toContain('in');
    expect(OPERATORS_BY_KIND.NUMBER).toContain('between');
    expect(OPERATORS_BY_KIND.TEXT).not.toContain('gt');
    expect(fields.get('cf:plan')?.allowedValues).toEqual(['gold', 'silver']);
    expect(fields.get('status')?.allowedValues).toEqual(['ACTIVE', 'ARCHIVED']);
  });

  it('nests AND/OR groups and records where each condition went', () => {
    const root = group('all', [
      condition('cf:plan', 'eq', ['gold'], 'a'),
      group('any', [condition('cf:score', 'gte', ['50'], 'b'), condition('tags', 'in', ['vip', 'promo'], 'c')], 'g'),
    ]);
    const { filter, paths } = toFilter(root, fields);
    expect(filter).toEqual({
      all: [
        { field: 'cf:plan', op: 'eq', value: 'gold' },
        { any: [{ field: 'cf:score', op: 'gte', value: 50 }, { field: 'tags', op: 'in', value: ['vip', 'promo'] }] },
      ],
    });
    expect(paths.get('a')).toBe('filter.all[0]');
    expect(paths.get('g')).toBe('filter.all[1]');
    expect(paths.get('c')).toBe('filter.all[1].any[1]');
  });

  it('leaves incomplete conditions and empty groups out, saying why', () => {
    const root = group('any', [
      condition('cf:score', 'gt', ['lots'], 'bad'),
      condition('cf:plan', 'eq', [''], 'empty'),
      group('all', [], 'g'),
      condition('company', 'contains', ['acme'], 'ok'),
    ]);
    const { filter, paths } = toFilter(root, fields);
    expect(filter).toEqual({ any: [{ field: 'company', op: 'contains', value: 'acme' }] });
    expect(paths.get('ok')).toBe('filter.any[0]');
    expect(conditionError(condition('cf:score', 'gt', ['lots']), fields)).toBe("'lots' is not a number");
    expect(conditionError(condition('cf:plan', 'eq', ['']), fields)).toBe('a value is needed');
    expect(conditionError(condition('cf:plan', 'gt', ['gold']), fields)).toBe("'gt' does not apply to Plan");
    expect(conditionError(condition('cf:renewal', 'eq', ['01/02/2026']), fields)).toBe('must be a date (yyyy-MM-dd)');
    expect(conditionError(condition('cf:score', 'between', ['1', '']), fields)).toBe('a value is needed');
    expect(toFilter(group('all', []), fields).filter).toBeUndefined();
  });

  it('reads a bare condition as a one-row AND group and refuses what is not the language', () => {
    const tree = fromFilter({ field: 'lastName', op: 'EQ', value: 'Hopper' });
    expect(toFilter(tree, fields).filter).toEqual({ all: [{ field: 'lastName', op: 'eq', value: 'Hopper' }] });
    expect(() => fromFilter({ field: 'lastName', op: 'like', value: 'x' })).toThrow('filter.op');
    expect(() => fromFilter({ all: 'x' })).toThrow('filter.all');
    expect(() => fromFilter(null)).toThrow();
  });
});

describe('problem details next to the condition they name', () => {
  it('finds the condition of a path the API names', () => {
    const { paths } = toFilter(group('all', [
      condition('cf:plan', 'eq', ['gold'], 'a'),
      group('any', [condition('cf:score', 'gte', ['50'], 'b')], 'g'),
    ]), fields);
    const problem = problemPath("filter.all[1].any[0].op: operator 'gt' does not apply to cf:plan");
    expect(problem).toEqual({ path: 'filter.all[1].any[0].op', message: "operator 'gt' does not apply to cf:plan" });
    expect(nodeForProblem(problem?.path ?? '', paths)).toBe('b');
    expect(nodeForProblem('filter.all[0].value[1]', paths)).toBe('a');
    expect(nodeForProblem('filter.all[1]', paths)).toBe('g');
    expect(nodeForProblem('filter.all[7]', paths)).toBe('root');
    expect(problemPath('sort: unknown field')).toBeNull();
  });
});
