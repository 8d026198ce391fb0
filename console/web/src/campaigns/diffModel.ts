/**
 * Turns the resolver's version diff (`GET …/versions/{n}/diff`) into rows to render: one line per
 * added / removed / changed variable member, static variable, calling window and setting, with
 * before/after as display text. Pure, unit-tested.
 */
import type { ConfigDiff } from '../api/types';

export interface DiffRow {
  kind: 'added' | 'removed' | 'changed';
  what: string;
  before: string;
  after: string;
}

export function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value && 'days' in value) {
    const w = value as { days?: string[]; start?: string; end?: string };
    return `${(w.days ?? []).join(',')} ${w.start ?? ''}–${w.end ?? ''}`.trim();
  }
  return JSON.stringify(value);
}

function variableText(v: { type?: string; binding?: string; value?: string; required?: boolean; default?: string }): string {
  return [v.type ?? 'TEXT', v.binding ?? 'no binding', v.value != null ? `= ${v.value}` : '', v.required ? 'required' : '',
    v.default != null ? `default ${v.default}` : ''].filter(Boolean).join(', ');
}

export function diffRows(diff: ConfigDiff): DiffRow[] {
  const rows: DiffRow[] = [];
  for (const v of diff.variables?.added ?? []) rows.push({ kind: 'added', what: `variable ${v.name}`, before: '—', after: variableText(v) });
  for (const v of diff.variables?.removed ?? []) rows.push({ kind: 'removed', what: `variable ${v.name}`, before: variableText(v), after: '—' });
  for (const v of diff.variables?.changed ?? []) {
    for (const [member, change] of Object.entries(v.changes ?? {})) {
      rows.push({ kind: 'changed', what: `variable ${v.name}.${member}`, before: show(change.before), after: show(change.after) });
    }
  }
  const statics = diff.staticVariables;
  for (const [name, value] of Object.entries(statics?.added ?? {})) rows.push({ kind: 'added', what: `static ${name}`, before: '—', after: value });
  for (const [name, value] of Object.entries(statics?.removed ?? {})) rows.push({ kind: 'removed', what: `static ${name}`, before: value, after: '—' });
  for (const [name, c] of Object.entries(statics?.changed ?? {})) rows.push({ kind: 'changed', what: `static ${name}`, before: show(c.before), after: show(c.after) });
  if (diff.callingWindow) {
    rows.push({ kind: 'changed', what: 'calling window', before: diff.callingWindow.before == null ? 'any time' : show(diff.callingWindow.before),
      after: diff.callingWindow.after == null ? 'any time' : show(diff.callingWindow.after) });
  }
  for (const [name, c] of Object.entries(diff.settings ?? {})) rows.push({ kind: 'changed', what: name, before: show(c.before), after: show(c.after) });
  return rows;
}
