/**
 * The import wizard's mapping logic, kept pure for tests: the targets a column can map to
 * (standard fields, the workspace's custom fields as `cf:<key>`, skip) and the clashes — two or
 * more columns on one target, which import-service refuses with 422 (`tags` and `skip` may repeat).
 */
export type Mapping = Record<string, string>;

export interface Clash {
  target: string;
  columns: string[];
}

const REPEATABLE = new Set(['skip', 'tags']);

/** Targets mapped from more than one column, in first-column order. */
export function findClashes(mapping: Mapping): Clash[] {
  const byTarget = new Map<string, string[]>();
  for (const [column, target] of Object.entries(mapping)) {
    if (!target || REPEATABLE.has(target)) continue;
    byTarget.set(target, [...(byTarget.get(target) ?? []), column]);
  }
  return [...byTarget].filter(([, columns]) => columns.length > 1).map(([target, columns]) => ({ target, columns }));
}

export interface TargetGroup {
  label: string;
  options: { value: string; label: string }[];
}

const LABELS: Record<string, string> = {
  phone: 'Phone', first_name: 'First name', last_name: 'Last name', email: 'Email', company: 'Company',
  country: 'Country', timezone: 'Time zone', tags: 'Tags', external_id: 'External id',
};

/** The select's option groups: standard fields, custom fields, skip. */
export function targetGroups(standard: string[], custom: { target?: string; label?: string; key?: string }[], skip = 'skip'): TargetGroup[] {
  return [
    { label: 'Standard fields', options: standard.filter((t) => t !== skip).map((t) => ({ value: t, label: LABELS[t] ?? t })) },
    { label: 'Custom fields', options: custom.filter((c) => c.target).map((c) => ({ value: c.target!, label: c.label || c.key || c.target! })) },
    { label: 'Other', options: [{ value: skip, label: "Don't import this column" }] },
  ];
}

/** Phone is required: import-service refuses a mapping without it. */
export function missingPhone(mapping: Mapping): boolean {
  return !Object.values(mapping).includes('phone');
}
