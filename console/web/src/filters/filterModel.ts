/**
 * The filter builder's model and its exact translation to and from contact-service's filter
 * language: a condition `{field, op, value}` or a group `{all: [...]}` / `{any: [...]}`, nesting.
 *
 * In the builder every value is text, as typed or picked (`values`: one item for single-value
 * operators, two for `between`, any number for `in`/`nin`, none for `present`/`absent`); the
 * translation converts it to what the field's kind takes (numbers, booleans, ISO dates). A
 * condition that is not complete yet is left out of the filter and reported by {@link conditionError}.
 */
import { type FieldDef, type FieldKind, type Operator, OPERATORS_BY_KIND } from './fields';

export type FilterValue = string | number | boolean;

/** A node of the filter language, as sent to the API and kept in the URL. */
export type FilterNode =
  | { field: string; op: string; value?: FilterValue | FilterValue[] }
  | { all: FilterNode[] }
  | { any: FilterNode[] };

export interface BuilderCondition {
  type: 'condition';
  id: string;
  field: string;
  op: Operator;
  values: string[];
}

export interface BuilderGroup {
  type: 'group';
  id: string;
  combinator: 'all' | 'any';
  children: BuilderNode[];
}

export type BuilderNode = BuilderCondition | BuilderGroup;

let nextId = 0;
export function newId(): string {
  nextId += 1;
  return `n${nextId}`;
}

export function emptyGroup(combinator: 'all' | 'any' = 'all'): BuilderGroup {
  return { type: 'group', id: newId(), combinator, children: [] };
}

export function newCondition(field: FieldDef): BuilderCondition {
  const op = OPERATORS_BY_KIND[field.kind][0] ?? 'eq';
  return { type: 'condition', id: newId(), field: field.name, op, values: defaultValues(field.kind, op) };
}

/** How many values an operator takes: 0, 1, 2 (between) or 'many' (in, nin). */
export function arity(op: Operator): 0 | 1 | 2 | 'many' {
  switch (op) {
    case 'present':
    case 'absent':
      return 0;
    case 'between':
      return 2;
    case 'in':
    case 'nin':
      return 'many';
    default:
      return 1;
  }
}

export function defaultValues(kind: FieldKind, op: Operator): string[] {
  const n = arity(op);
  if (n === 0 || n === 'many') return [];
  if (kind === 'BOOLEAN' || kind === 'DNC') return ['true'];
  return n === 2 ? ['', ''] : [''];
}

type Converted = { ok: true; value: FilterValue } | { ok: false; error: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One text value converted to what a field of this kind takes. */
export function convertValue(kind: FieldKind, raw: string): Converted {
  const text = raw.trim();
  if (text === '') return { ok: false, error: 'a value is needed' };
  switch (kind) {
    case 'NUMBER': {
      const n = Number(text);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, error: `'${text}' is not a number` };
    }
    case 'BOOLEAN':
    case 'DNC':
      if (text === 'true' || text === 'false') return { ok: true, value: text === 'true' };
      return { ok: false, error: 'must be true or false' };
    case 'DATE':
      return DATE.test(text) ? { ok: true, value: text } : { ok: false, error: 'must be a date (yyyy-MM-dd)' };
    case 'DATETIME':
      return Number.isNaN(Date.parse(text))
        ? { ok: false, error: 'must be a date or an ISO-8601 instant' }
        : { ok: true, value: text };
    default:
      return { ok: true, value: text };
  }
}

/** Why a condition cannot be sent yet, or null when it is complete. */
export function conditionError(c: BuilderCondition, fields: ReadonlyMap<string, FieldDef>): string | null {
  const field = fields.get(c.field);
  if (!field) return `unknown field '${c.field}'`;
  if (!OPERATORS_BY_KIND[field.kind].includes(c.op)) return `'${c.op}' does not apply to ${field.label}`;
  const n = arity(c.op);
  if (n === 0) return null;
  const values = n === 'many' ? c.values.filter((v) => v.trim() !== '') : c.values.slice(0, n);
  if (values.length === 0 || (typeof n === 'number' && values.length < n)) return 'a value is needed';
  for (const v of values) {
    const converted = convertValue(field.kind, v);
    if (!converted.ok) return converted.error;
  }
  return null;
}

function conditionToFilter(c: BuilderCondition, field: FieldDef): FilterNode {
  const n = arity(c.op);
  if (n === 0) return { field: c.field, op: c.op };
  const convert = (v: string): FilterValue => {
    const r = convertValue(field.kind, v);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  if (n === 'many') return { field: c.field, op: c.op, value: c.values.filter((v) => v.trim() !== '').map(convert) };
  if (n === 2) return { field: c.field, op: c.op, value: [convert(c.values[0] ?? ''), convert(c.values[1] ?? '')] };
  return { field: c.field, op: c.op, value: convert(c.values[0] ?? '') };
}

export interface Translation {
  /** The filter to send, or undefined when no condition is complete. */
  filter: FilterNode | undefined;
  /** Where each sent condition or group sits in the filter (`filter.all[1]`), by builder id. */
  paths: Map<string, string>;
}

/** The builder's tree in the filter language; incomplete conditions and empty groups are left out. */
export function toFilter(root: BuilderGroup, fields: ReadonlyMap<string, FieldDef>): Translation {
  const paths = new Map<string, string>();
  const group = (g: BuilderGroup, path: string): FilterNode | undefined => {
    const children: FilterNode[] = [];
    for (const child of g.children) {
      const childPath = `${path}.${g.combinator}[${children.length}]`;
      if (child.type === 'group') {
        const node = group(child, childPath);
        if (node) children.push(node);
      } else {
        const field = fields.get(child.field);
        if (field && conditionError(child, fields) === null) {
          paths.set(child.id, childPath);
          children.push(conditionToFilter(child, field));
        }
      }
    }
    if (children.length === 0) return undefined;
    paths.set(g.id, path);
    return g.combinator === 'all' ? { all: children } : { any: children };
  };
  return { filter: group(root, 'filter'), paths };
}

function valueToText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

function isOperator(op: unknown): op is Operator {
  return typeof op === 'string' && op in OPERATOR_ARITY_CHECK;
}
const OPERATOR_ARITY_CHECK: Record<Operator, true> = {
  eq: true, neq: true, in: true, nin: true, contains: true, starts_with: true,
  gt: true, gte: true, lt: true, lte: true, between: true, present: true, absent: true,
};

/**
 * The builder tree for a filter (from a shared URL or a saved segment). A bare condition becomes
 * the only row of an AND group. Throws on something that is not the filter language.
 */
export function fromFilter(node: unknown): BuilderGroup {
  const parsed = parseNode(node, 'filter');
  return parsed.type === 'group' ? parsed : { type: 'group', id: newId(), combinator: 'all', children: [parsed] };
}

function parseNode(node: unknown, path: string): BuilderNode {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    throw new Error(`${path}: must be a condition or a group`);
  }
  const record = node as Record<string, unknown>;
  for (const combinator of ['all', 'any'] as const) {
    if (combinator in record) {
      const children = record[combinator];
      if (!Array.isArray(children)) throw new Error(`${path}.${combinator}: must be a list`);
      return {
        type: 'group', id: newId(), combinator,
        children: children.map((c, i) => parseNode(c, `${path}.${combinator}[${i}]`)),
      };
    }
  }
  const { field, op, value } = record;
  if (typeof field !== 'string') throw new Error(`${path}.field: must be text`);
  const lowered = typeof op === 'string' ? op.toLowerCase() : op;
  if (!isOperator(lowered)) throw new Error(`${path}.op: unknown operator '${String(op)}'`);
  const values = value === undefined || value === null ? [] : Array.isArray(value) ? value.map(valueToText) : [valueToText(value)];
  return { type: 'condition', id: newId(), field, op: lowered, values };
}

/** A problem's detail split into the filter path it names (`filter.all[1].op`) and the message. */
export function problemPath(detail: string | undefined | null): { path: string; message: string } | null {
  if (!detail) return null;
  const m = /^(filter(?:\.(?:all|any)\[\d+\])*(?:\.(?:field|op|value)(?:\[\d+\])?)?):\s*(.*)$/s.exec(detail);
  return m ? { path: m[1] ?? '', message: m[2] ?? '' } : null;
}

/**
 * The builder node a problem's path names: the condition whose sent path is the longest prefix of
 * it (a value or op inside that condition), else the group. Null when it names none of them.
 */
export function nodeForProblem(problem: string, paths: Map<string, string>): string | null {
  let best: { id: string; length: number } | null = null;
  for (const [id, path] of paths) {
    const matches = problem === path || problem.startsWith(`${path}.`) || problem.startsWith(`${path}[`);
    if (matches && (!best || path.length > best.length)) best = { id, length: path.length };
  }
  return best?.id ?? null;
}

/** The same tree with one node replaced (by id) or removed (replacement null). */
export function updateNode(root: BuilderGroup, id: string, replacement: BuilderNode | null): BuilderGroup {
  const visit = (g: BuilderGroup): BuilderGroup => ({
    ...g,
    children: g.children.flatMap((child) => {
      if (child.id === id) return replacement ? [replacement] : [];
      return child.type === 'group' ? [visit(child)] : [child];
    }),
  });
  return visit(root);
}

/** Every field name the tree uses (for showing those columns). */
export function fieldsUsed(root: BuilderGroup): string[] {
  const out: string[] = [];
  const visit = (n: BuilderNode) => {
    if (n.type === 'group') n.children.forEach(visit);
    else if (!out.includes(n.field)) out.push(n.field);
  };
  visit(root);
  return out;
}
