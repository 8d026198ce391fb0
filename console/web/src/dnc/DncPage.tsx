/**
 * The DNC page: a stale-registry banner; check a pasted list of numbers (any format) and remove a
 * matching entry right from the result (reason required, override for registry/opt-out entries);
 * add an entry; the audit log of a number; file imports (APPEND / REPLACE / CHANGE_LIST) with live
 * progress and their history. Removal and imports use plain fetch with the key (query parameters
 * and multipart the generated types describe loosely).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { describeError, dncApi, unwrap } from '../api/client';
import { apiBase, authFetch, jsonOrProblem, upload } from '../api/raw';
import type { DncAudit, DncCheckResponse, DncCheckResult, DncImport } from '../api/types';
import { ProgressBar } from '../imports/ProgressBar';
import { useJobEvents } from '../imports/useJobEvents';

const when = (iso?: string) => (iso ? new Date(iso).toLocaleString() : '');

export function DncPage() {
  const [auditPhone, setAuditPhone] = useState('');
  return (
    <div>
      <div className="page-head"><h1>Do not call</h1></div>
      <RegistryBanner />
      <div className="columns">
        <div>
          <CheckNumbers onAudit={setAuditPhone} />
          <Audit phone={auditPhone} setPhone={setAuditPhone} />
        </div>
        <div>
          <AddEntry />
          <DncImports />
        </div>
      </div>
    </div>
  );
}

function RegistryBanner() {
  const registry = useQuery({ queryKey: ['dnc-registry'], queryFn: async () => unwrap(await dncApi.GET('/v1/dnc/registry')) });
  const r = registry.data;
  if (!r || !r.stale) return null;
  return (
    <p className="banner" role="alert" data-testid="registry-banner">
      {r.registryLoadedAt
        ? `The national registry copy is ${r.ageDays} days old (loaded ${when(r.registryLoadedAt)}; at most ${r.maxAgeDays} days allowed): import a fresh registry file.`
        : `The national registry has never been loaded: import the registry file (REPLACE, NATIONAL_REGISTRY).`}
    </p>
  );
}

function CheckNumbers({ onAudit }: { onAudit: (phone: string) => void }) {
  const [text, setText] = useState('');
  const [campaignId, setCampaignId] = useState('');
  const [result, setResult] = useState<DncCheckResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const check = async (e?: FormEvent) => {
    e?.preventDefault();
    setError(null);
    const phones = text.split(/[\n;]+/).map((p) => p.trim()).filter(Boolean);
    if (!phones.length) return;
    try {
      setResult(unwrap(await dncApi.POST('/v1/dnc/check', { body: { phones, ...(campaignId ? { campaignId } : {}) } })));
    } catch (err) { setError(describeError(err)); }
  };
  return (
    <div className="card">
      <h2>Check numbers</h2>
      <form onSubmit={check}>
        <textarea rows={4} aria-label="numbers to check" data-testid="check-input" placeholder={'One number per line, any format\n(415) 555-0132\n+1 212 555 0187'}
          value={text} onChange={(e) => setText(e.target.value)} />
        <div className="row"><input placeholder="campaign (optional)" value={campaignId} onChange={(e) => setCampaignId(e.target.value)} /><button type="submit">Check</button></div>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {result && (
        <>
          <p className="muted small">{result.total} checked · {result.blocked} blocked · {result.invalid} invalid</p>
          <table data-testid="check-results">
            <thead><tr><th>Input</th><th>Number</th><th>Status</th><th>Entries</th></tr></thead>
            <tbody>{(result.results ?? []).map((r, i) => <CheckRow key={i} r={r} onAudit={onAudit} onRemoved={check} />)}</tbody>
          </table>
        </>
      )}
    </div>
  );
}

function CheckRow({ r, onAudit, onRemoved }: { r: DncCheckResult; onAudit: (p: string) => void; onRemoved: () => void }) {
  return (
    <tr>
      <td>{r.input}</td>
      <td>{r.phone ? <button type="button" className="link" onClick={() => onAudit(r.phone!)}>{r.phone}</button> : '—'}</td>
      <td>{!r.valid ? <span className="badge warn" title={r.error}>invalid</span>
        : r.blocked ? <span className="badge danger">blocked</span> : <span className="badge ok">callable</span>}</td>
      <td>{(r.matchingEntries ?? []).map((m) => (
        <div key={m.entryId} className="small" data-testid="matching-entry">
          {m.scope}{m.campaignId ? ` ${m.campaignId}` : ''} · {m.source} · {m.reason}{m.expiresAt ? ` · until ${when(m.expiresAt)}` : ''}
          <RemoveEntry entryId={m.entryId!} needsOverride={!!m.removalRequiresOverride} onRemoved={onRemoved} />
        </div>
      ))}</td>
    </tr>
  );
}

function RemoveEntry({ entryId, needsOverride, onRemoved }: { entryId: string; needsOverride: boolean; onRemoved: () => void }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open) return <button type="button" className="link" onClick={() => setOpen(true)}>Remove…</button>;
  const remove = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const query = new URLSearchParams({ reason, ...(override ? { override: 'true' } : {}) });
    try {
      await jsonOrProblem(await authFetch(`${apiBase('dnc')}/v1/dnc/${encodeURIComponent(entryId)}?${query}`, { method: 'DELETE' }));
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ['dnc-audit'] });
      onRemoved();
    } catch (err) { setError(describeError(err)); }
  };
  return (
    <form className="row" onSubmit={remove} data-testid="remove-form">
      <input required placeholder="reason (required)" value={reason} onChange={(e) => setReason(e.target.value)} />
      {needsOverride && <label className="check"><input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} />override (registry / opt-out entry)</label>}
      <button type="submit" disabled={!reason.trim() || (needsOverride && !override)}>Remove</button>
      <button type="button" className="link" onClick={() => setOpen(false)}>Cancel</button>
      {error && <p className="error" role="alert">{error}</p>}
    </form>
  );
}

function AddEntry() {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState({ phone: '', scope: 'WORKSPACE', campaignId: '', source: 'MANUAL', reason: '', expiresAt: '' });
  const [done, setDone] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: async () => unwrap(await dncApi.POST('/v1/dnc', { body: {
      phone: draft.phone, scope: draft.scope, source: draft.source, reason: draft.reason,
      ...(draft.scope === 'CAMPAIGN' ? { campaignId: draft.campaignId } : {}),
      ...(draft.expiresAt ? { expiresAt: new Date(draft.expiresAt).toISOString() } : {}),
    } })),
    onSuccess: async (entry) => {
      setDone(`Added ${entry.phone} (${entry.scope}${entry.campaignId ? ` ${entry.campaignId}` : ''})`);
      await queryClient.invalidateQueries({ queryKey: ['dnc-audit'] });
    },
  });
  return (
    <form className="card" onSubmit={(e) => { e.preventDefault(); setDone(null); add.mutate(); }} data-testid="add-entry">
      <h2>Add a number</h2>
      <div className="row">
        <input required aria-label="phone" placeholder="phone, any format" value={draft.phone} onChange={(e) => setDraft({ ...draft, phone: e.target.value })} />
        <select aria-label="scope" value={draft.scope} onChange={(e) => setDraft({ ...draft, scope: e.target.value })}><option>WORKSPACE</option><option>CAMPAIGN</option></select>
        {draft.scope === 'CAMPAIGN' && <input required placeholder="campaign" value={draft.campaignId} onChange={(e) => setDraft({ ...draft, campaignId: e.target.value })} />}
        <select aria-label="source" value={draft.source} onChange={(e) => setDraft({ ...draft, source: e.target.value })}>
          {['MANUAL', 'CALL_OPT_OUT', 'IMPORT', 'CRM', 'NATIONAL_REGISTRY'].map((s) => <option key={s}>{s}</option>)}</select>
      </div>
      <div className="row">
        <input required aria-label="reason" placeholder="reason (required)" value={draft.reason} onChange={(e) => setDraft({ ...draft, reason: e.target.value })} />
        <label>Expires <input type="datetime-local" value={draft.expiresAt} onChange={(e) => setDraft({ ...draft, expiresAt: e.target.value })} /></label>
        <button type="submit" disabled={add.isPending}>Add</button>
      </div>
      {add.error && <p className="error" role="alert">{describeError(add.error)}</p>}
      {done && <p className="notice" data-testid="added">{done}</p>}
    </form>
  );
}

function Audit({ phone, setPhone }: { phone: string; setPhone: (p: string) => void }) {
  const [input, setInput] = useState(phone);
  const audit = useQuery({
    queryKey: ['dnc-audit', phone],
    enabled: !!phone,
    queryFn: async () => unwrap(await dncApi.GET('/v1/dnc/audit', { params: { query: { phone, pageSize: 100 } as never } })),
  });
  return (
    <div className="card">
      <h2>Audit log</h2>
      <form className="row" onSubmit={(e) => { e.preventDefault(); setPhone(input.trim()); }}>
        <input aria-label="audit phone" placeholder="phone, any format" value={input} onChange={(e) => setInput(e.target.value)} />
        <button type="submit">Show</button>
        {phone && <span className="muted small">{phone}</span>}
      </form>
      {audit.error && <p className="error">{describeError(audit.error)}</p>}
      {audit.data && (
        <table data-testid="audit-table">
          <thead><tr><th>When</th><th>Action</th><th>Scope</th><th>Source</th><th>Actor</th><th>Reason</th></tr></thead>
          <tbody>{(audit.data.items ?? []).map((a: DncAudit, i: number) => (
            <tr key={i}><td>{when(a.at)}</td><td><span className="badge">{a.action}</span>{a.override ? ' override' : ''}</td>
              <td>{a.scope}{a.campaignId ? ` ${a.campaignId}` : ''}</td><td>{a.source}</td><td>{a.actor}</td><td>{a.reason}</td></tr>
          ))}</tbody>
        </table>
      )}
      {audit.data && (audit.data.items ?? []).length === 0 && <p className="muted">No DNC history for this number.</p>}
    </div>
  );
}

function DncImports() {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState('APPEND');
  const [source, setSource] = useState('');
  const [reason, setReason] = useState('');
  const [running, setRunning] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const history = useQuery({
    queryKey: ['dnc-imports'],
    queryFn: async () => unwrap(await dncApi.GET('/v1/dnc/imports', { params: { query: { pageSize: 20 } as never } })),
  });
  const { job, done } = useJobEvents<DncImport>(running ? `${apiBase('dnc')}/v1/dnc/imports/${running}/events` : null);
  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setError(null);
    try {
      const started = await upload<DncImport>(`${apiBase('dnc')}/v1/dnc/imports`, file,
        { mode, ...(source ? { source } : {}), ...(reason ? { reason } : {}) });
      setRunning(started.importId ?? null);
      await queryClient.invalidateQueries({ queryKey: ['dnc-imports'] });
    } catch (err) { setError(describeError(err)); }
  };
  return (
    <div className="card">
      <h2>Import a DNC file</h2>
      <form onSubmit={start}>
        <div className="row">
          <input type="file" aria-label="DNC file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          <select aria-label="mode" value={mode} onChange={(e) => setMode(e.target.value)}>
            <option value="APPEND">APPEND: add every number</option><option value="REPLACE">REPLACE: this source's list</option><option value="CHANGE_LIST">CHANGE_LIST: adds and deletes</option></select>
        </div>
        <div className="row">
          <select aria-label="source" value={source} onChange={(e) => setSource(e.target.value)}>
            <option value="">source: by format</option>{['IMPORT', 'NATIONAL_REGISTRY', 'MANUAL', 'CRM', 'CALL_OPT_OUT'].map((s) => <option key={s}>{s}</option>)}</select>
          <input placeholder="reason for rows without one" value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" disabled={!file}>Import</button>
        </div>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {running && <ProgressBar progress={job?.progress} rowsPerSecond={job?.rowsPerSecond} etaSeconds={job?.etaSeconds} status={(job as { status?: string } | null)?.status} />}
      {done && job && <p className="notice">Added {job.added}, removed {(job.removed ?? 0) + (job.removedByReplace ?? 0)}, rejected {job.rejectedRows}</p>}
      <h2 style={{ marginTop: 12 }}>History</h2>
      <table data-testid="dnc-imports">
        <thead><tr><th>When</th><th>File</th><th>Mode</th><th>Status</th><th>Added</th><th>Removed</th><th>Rejected</th><th>By</th></tr></thead>
        <tbody>{(history.data?.items ?? []).map((i) => (
          <tr key={i.importId}><td>{when(i.createdAt)}</td><td>{i.fileName}</td><td>{i.mode}</td><td>{(i as { status?: string }).status}</td>
            <td>{i.added}</td><td>{(i.removed ?? 0) + (i.removedByReplace ?? 0)}</td><td>{i.rejectedRows}</td><td>{i.actor}</td></tr>
        ))}</tbody>
      </table>
    </div>
  );
}
