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

/**
 * `outsideWindowByHour` (the UTC hour, as an ISO instant, at which window-blocked contacts become
 * callable → count) as bars in time order, empty hours between filled in when the span is at most a
 * week (else only the hours present). Labels are UTC: `Sat 14:00`.
 */
export function hourBars(byHour: Record<string, number> | undefined): { hour: string; at: string; contacts: number }[] {
  const HOUR = 3_600_000;
  const entries = Object.entries(byHour ?? {})
    .map(([at, n]) => ({ t: Date.parse(at), n }))
    .filter((e) => !Number.isNaN(e.t))
    .sort((a, b) => a.t - b.t);
  if (!entries.length) return [];
  const counts = new Map(entries.map((e) => [e.t, e.n]));
  const first = entries[0]!.t;
  const last = entries[entries.length - 1]!.t;
  const times = last - first <= 168 * HOUR
    ? Array.from({ length: Math.round((last - first) / HOUR) + 1 }, (_, i) => first + i * HOUR)
    : entries.map((e) => e.t);
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  return times.map((t) => {
    const d = new Date(t);
    return { hour: `${day[d.getUTCDay()]} ${String(d.getUTCHours()).padStart(2, '0')}:00`, at: d.toISOString(), contacts: counts.get(t) ?? 0 };
  });
}
