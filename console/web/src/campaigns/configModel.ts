/**
 * Pure helpers of the campaign editor: which variable row a 422's detail names
 * (`variables[2].binding: …` or `variables[plan].default: …`), the binding kinds, and the readiness
 * report's hour histogram as chart data (24 UTC hours, zero-filled).
 */
export const CONTACT_FIELDS = ['first_name', 'last_name', 'email', 'company', 'country', 'timezone', 'phone', 'external_id', 'tags'];
export const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
export const TYPES = ['TEXT', 'NUMBER', 'BOOLEAN', 'DATE'];

/** The index of the variable a problem detail names, or -1. */
export function problemRow(detail: string | undefined, names: string[]): number {
  const m = /variables\[([^\]]+)\]/.exec(detail ?? '');
  if (!m) return -1;
  const key = m[1] ?? '';
  if (/^\d+$/.test(key)) return Number(key) < names.length ? Number(key) : -1;
  return names.indexOf(key);
}

export type BindingKind = 'none' | 'contact' | 'cf' | 'row' | 'static';

export function bindingKind(binding: string | undefined | null): { kind: BindingKind; rest: string } {
  if (!binding) return { kind: 'none', rest: '' };
  if (binding === 'static') return { kind: 'static', rest: '' };
  const m = /^(contact|cf|row|audience)[.:](.*)$/.exec(binding);
  if (!m) return { kind: 'none', rest: '' };
  return { kind: m[1] === 'audience' ? 'row' : (m[1] as BindingKind), rest: m[2] ?? '' };
}

export function bindingOf(kind: BindingKind, rest: string): string | undefined {
  if (kind === 'none') return undefined;
  if (kind === 'static') return 'static';
  return `${kind}.${rest}`;
}

/** `outsideWindowByHour` (UTC hour → count) as 24 bars. */
export function hourBars(byHour: Record<string, number> | undefined): { hour: string; contacts: number }[] {
  return Array.from({ length: 24 }, (_, h) => ({ hour: `${String(h).padStart(2, '0')}:00`, contacts: byHour?.[String(h)] ?? byHour?.[String(h).padStart(2, '0')] ?? 0 }));
}
