/**
 * The import wizard: Upload → Map → Review → Import → Result. Upload shows the size limit before
 * anything is sent; Map previews the file (encoding and delimiter changeable → re-preview), one
 * target per column grouped standard / custom / skip, inline custom field creation, clash warning
 * and the options; Review is import-service's dry run; Import follows the job's event stream (with
 * Cancel); Result shows counts by code and the errors CSV. The file stays in the browser between
 * steps and is sent again for preview, dry run and import (import-service keeps nothing before the
 * import starts).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { contactsApi, describeError, importsApi, resolverApi, unwrap } from '../api/client';
import { apiBase, download, jsonOrProblem, authFetch, upload } from '../api/raw';
import type { ImportAccepted, ImportJob, ImportPreview, ImportReview } from '../api/types';
import { findClashes, missingPhone, targetGroups, type Mapping } from './mapping';
import { ProgressBar } from './ProgressBar';
import { formatBytes, useJobEvents } from './useJobEvents';

type Step = 'upload' | 'map' | 'review' | 'import' | 'result';
const STEPS: Step[] = ['upload', 'map', 'review', 'import', 'result'];

interface Options {
  encoding: string;
  delimiter: string;
  defaultRegion: string;
  duplicatePolicy: string;
  tags: string;
  campaignId: string;
}

function importOptions(mapping: Mapping, o: Options) {
  return {
    mapping,
    ...(o.encoding ? { encoding: o.encoding } : {}),
    ...(o.delimiter ? { delimiter: o.delimiter } : {}),
    defaultRegion: o.defaultRegion || 'US',
    duplicatePolicy: o.duplicatePolicy,
    tags: o.tags.split(',').map((t) => t.trim()).filter(Boolean),
    ...(o.campaignId.trim() ? { campaignId: o.campaignId.trim() } : {}),
  };
}

export function ImportWizard() {
  const [step, setStep] = useState<Step>('upload');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [options, setOptions] = useState<Options>({ encoding: '', delimiter: '', defaultRegion: 'US', duplicatePolicy: 'MERGE', tags: '', campaignId: '' });
  const [review, setReview] = useState<ImportReview | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try { await what(); } catch (e) { setError(describeError(e)); } finally { setBusy(false); }
  };

  const loadPreview = (f: File, o: Options, keep?: Mapping) => run(async () => {
    const p = await upload<ImportPreview>(`${apiBase('imports')}/v1/imports/preview`, f,
      { ...(o.encoding ? { encoding: o.encoding } : {}), ...(o.delimiter ? { delimiter: o.delimiter } : {}) });
    setPreview(p);
    const next: Mapping = {};
    for (const h of p.headers ?? []) next[h] = keep?.[h] ?? p.suggestedMapping?.[h] ?? 'skip';
    setMapping(next);
    setStep('map');
  });

  const restart = () => {
    setStep('upload'); setFile(null); setPreview(null); setReview(null); setImportId(null); setError(null);
  };

  return (
    <div>
      <div className="page-head"><h1>Import contacts</h1><Link to="/imports">Import history</Link></div>
      <div className="steps" data-testid="steps">
        {STEPS.map((s) => <span key={s} className={s === step ? 'current' : ''}>{s.charAt(0).toUpperCase() + s.slice(1)}</span>)}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {step === 'upload' && <UploadStep busy={busy} onFile={(f) => { setFile(f); loadPreview(f, options); }} />}
      {step === 'map' && preview && file && (
        <MapStep preview={preview} mapping={mapping} setMapping={setMapping} options={options} busy={busy}
          setOptions={(o) => {
            const reread = o.encoding !== options.encoding || o.delimiter !== options.delimiter;
            setOptions(o);
            if (reread) loadPreview(file, o, mapping);
          }}
          refresh={() => loadPreview(file, options, mapping)}
          onBack={restart}
          onNext={() => run(async () => {
            setReview(await upload<ImportReview>(`${apiBase('imports')}/v1/imports/dry-run?samples=5`, file, importOptions(mapping, options)));
            setStep('review');
          })} />
      )}
      {step === 'review' && review && file && (
        <ReviewStep review={review} busy={busy} onBack={() => setStep('map')}
          onImport={() => run(async () => {
            const accepted = await upload<ImportAccepted>(`${apiBase('imports')}/v1/imports`, file, importOptions(mapping, options));
            setImportId(accepted.importId ?? null);
            setStep('import');
          })} />
      )}
      {(step === 'import' || step === 'result') && importId && (
        <RunStep importId={importId} onRestart={restart} onFinished={() => setStep('result')} />
      )}
    </div>
  );
}

function UploadStep({ onFile, busy }: { onFile: (f: File) => void; busy: boolean }) {
  const limits = useQuery({ queryKey: ['import-limits'], queryFn: async () => unwrap(await importsApi.GET('/v1/imports/limits')) });
  const [over, setOver] = useState(false);
  const [tooBig, setTooBig] = useState<string | null>(null);
  const max = limits.data?.maxFileBytes;
  const take = (f: File | undefined) => {
    if (!f) return;
    if (max != null && f.size > max) { setTooBig(`${f.name} is ${formatBytes(f.size)}; the limit is ${formatBytes(max)}`); return; }
    setTooBig(null);
    onFile(f);
  };
  const drop = (e: DragEvent) => { e.preventDefault(); setOver(false); take(e.dataTransfer.files[0]); };
  return (
    <div className={`dropzone ${over ? 'over' : ''}`} data-testid="dropzone"
      onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={drop}>
      <p>Drop a CSV file here, or <label className="link-label"><u>pick one</u>
        <input type="file" accept=".csv,.txt,.tsv,text/csv" data-testid="file-input" hidden onChange={(e) => take(e.target.files?.[0])} /></label></p>
      <p className="muted" data-testid="size-limit">Size limit: {max != null ? formatBytes(max) : '…'}
        {limits.data?.previewRows ? ` · the preview shows the first ${limits.data.previewRows} rows` : ''}</p>
      {busy && <p className="muted">Reading the file…</p>}
      {tooBig && <p className="error" role="alert">{tooBig}</p>}
    </div>
  );
}

interface MapProps {
  preview: ImportPreview;
  mapping: Mapping;
  setMapping: (m: Mapping) => void;
  options: Options;
  setOptions: (o: Options) => void;
  refresh: () => void;
  onBack: () => void;
  onNext: () => void;
  busy: boolean;
}

function MapStep({ preview, mapping, setMapping, options, setOptions, refresh, onBack, onNext, busy }: MapProps) {
  const groups = useMemo(() => targetGroups(preview.choices?.standardTargets ?? [], preview.customFieldTargets ?? [], preview.choices?.skipTarget ?? 'skip'), [preview]);
  const clashes = findClashes(mapping);
  const campaigns = useQuery({ queryKey: ['campaigns'], queryFn: async () => unwrap(await resolverApi.GET('/v1/campaigns', { params: { query: { pageSize: 500 } as never } })) });
  const headers = preview.headers ?? [];
  const clashing = new Set(clashes.flatMap((c) => c.columns));
  return (
    <div>
      <div className="card">
        <div className="row">
          <strong>{preview.fileName}</strong><span className="muted">{formatBytes(preview.fileSize)} · {preview.rowCount} rows</span>
          <label>Encoding <select data-testid="encoding" value={options.encoding || preview.encoding} onChange={(e) => setOptions({ ...options, encoding: e.target.value })}>
            {(preview.choices?.encodings ?? [preview.encoding ?? 'UTF-8']).map((v) => <option key={v}>{v}</option>)}</select></label>
          <label>Delimiter <select data-testid="delimiter" value={options.delimiter || preview.delimiter} onChange={(e) => setOptions({ ...options, delimiter: e.target.value })}>
            {(preview.choices?.delimiters ?? [preview.delimiter ?? ',']).map((v) => <option key={v} value={v}>{v}</option>)}</select></label>
          <span className="muted small">detected: {preview.encoding}, “{preview.delimiter}”</span>
        </div>
        {(preview.notes ?? []).map((n) => <p key={n} className="muted small">{n}</p>)}
      </div>
      {clashes.map((c) => (
        <p key={c.target} className="warning" role="alert" data-testid="clash-warning">
          {c.columns.map((col) => `“${col}”`).join(' and ')} all map to <strong>{c.target}</strong>: choose one (the import would be refused).
        </p>
      ))}
      {missingPhone(mapping) && <p className="warning">No column maps to phone: the import needs one.</p>}
      <div className="table-wrap">
        <table data-testid="mapping-table">
          <thead>
            <tr>{headers.map((h) => <th key={h}>{h}</th>)}</tr>
            <tr>{headers.map((h) => (
              <th key={h} className={clashing.has(h) ? 'problem' : ''}>
                <select aria-label={`target of ${h}`} data-column={h} value={mapping[h] ?? 'skip'} onChange={(e) => setMapping({ ...mapping, [h]: e.target.value })}>
                  {groups.map((g) => g.options.length > 0 && (
                    <optgroup key={g.label} label={g.label}>{g.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}</optgroup>
                  ))}
                </select>
              </th>
            ))}</tr>
          </thead>
          <tbody>{(preview.rows ?? []).slice(0, 10).map((r, i) => <tr key={i}>{headers.map((h, j) => <td key={h}>{r[j]}</td>)}</tr>)}</tbody>
        </table>
      </div>
      <CreateCustomField onCreated={refresh} />
      <div className="card">
        <h2>Options</h2>
        <div className="row">
          <label>Default region <input size={4} value={options.defaultRegion} onChange={(e) => setOptions({ ...options, defaultRegion: e.target.value.toUpperCase() })} /></label>
          <label>Duplicates <select value={options.duplicatePolicy} onChange={(e) => setOptions({ ...options, duplicatePolicy: e.target.value })}>
            <option value="MERGE">Merge (fill empty fields)</option><option value="OVERWRITE">Overwrite provided fields</option><option value="SKIP_EXISTING">Skip existing contacts</option></select></label>
          <label>Tags <input placeholder="comma-separated" value={options.tags} onChange={(e) => setOptions({ ...options, tags: e.target.value })} /></label>
          <label>Campaign <input list="campaign-ids" value={options.campaignId} onChange={(e) => setOptions({ ...options, campaignId: e.target.value })} /></label>
          <datalist id="campaign-ids">{(campaigns.data?.items ?? []).map((c) => <option key={c.campaignId} value={c.campaignId} />)}</datalist>
        </div>
      </div>
      <div className="row">
        <button type="button" onClick={onBack}>Back</button>
        <button type="submit" disabled={busy || clashes.length > 0 || missingPhone(mapping)} onClick={onNext}>Review</button>
      </div>
    </div>
  );
}

function CreateCustomField({ onCreated }: { onCreated: () => void }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState({ key: '', type: 'TEXT', owner: '' });
  const [error, setError] = useState<string | null>(null);
  if (!open) return <p><button type="button" className="link" onClick={() => setOpen(true)}>+ Create custom field</button></p>;
  const create = async () => {
    setError(null);
    try {
      unwrap(await contactsApi.POST('/v1/custom-fields', { body: { key: draft.key.trim(), type: draft.type, owner: draft.owner.trim() } as never }));
      await queryClient.invalidateQueries({ queryKey: ['custom-fields'] });
      setOpen(false);
      setDraft({ key: '', type: 'TEXT', owner: '' });
      onCreated();
    } catch (e) { setError(describeError(e)); }
  };
  return (
    <div className="card">
      <h2>New custom field</h2>
      <div className="row">
        <input placeholder="key (snake_case)" value={draft.key} onChange={(e) => setDraft({ ...draft, key: e.target.value })} />
        <select value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>{['TEXT', 'NUMBER', 'BOOLEAN', 'DATE'].map((t) => <option key={t}>{t}</option>)}</select>
        <input placeholder="owner" value={draft.owner} onChange={(e) => setDraft({ ...draft, owner: e.target.value })} />
        <button type="button" onClick={create}>Create</button>
        <button type="button" className="link" onClick={() => setOpen(false)}>Cancel</button>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}

function ReviewStep({ review, busy, onBack, onImport }: { review: ImportReview; busy: boolean; onBack: () => void; onImport: () => void }) {
  const codes = [...Object.entries(review.rejected ?? {}).map(([c, n]) => ({ code: c, n, severity: 'ERROR' })),
    ...Object.entries(review.warnings ?? {}).map(([c, n]) => ({ code: c, n, severity: 'WARNING' }))];
  return (
    <div data-testid="review">
      <div className="counts">
        <div><strong data-testid="valid-rows">{review.validRows}</strong>valid</div>
        <div><strong>{review.willCreate ?? '—'}</strong>to create</div>
        <div><strong>{review.willUpdate ?? '—'}</strong>to update</div>
        {review.willSkipExisting != null && review.duplicatePolicy === 'SKIP_EXISTING' && <div><strong>{review.willSkipExisting}</strong>existing, skipped</div>}
        <div><strong>{review.mergedInFile}</strong>merged in file</div>
        <div><strong data-testid="rejected-rows">{review.rejectedRows}</strong>rejected</div>
        <div><strong>{review.warnedRows}</strong>warned</div>
      </div>
      <p className="muted small">{review.rows} rows read · existing contacts looked up: {review.existingLookup}</p>
      {codes.map(({ code, n, severity }) => (
        <div key={code} className="card" data-testid={`code-${code}`}>
          <h2><span className={`badge ${severity === 'ERROR' ? 'danger' : 'warn'}`}>{severity}</span> {code}: {n}</h2>
          <table>
            <thead><tr><th>Row</th><th>Column</th><th>Message</th><th>Values</th></tr></thead>
            <tbody>{(review.samples?.[code] ?? []).map((s) => (
              <tr key={s.rowNumber}><td>{s.rowNumber}</td><td>{s.column}</td><td>{s.message}</td><td className="small">{(s.values ?? []).join(' | ')}</td></tr>
            ))}</tbody>
          </table>
        </div>
      ))}
      {(review.notes ?? []).map((n) => <p key={n} className="muted small">{n}</p>)}
      <div className="row">
        <button type="button" onClick={onBack}>Back to mapping</button>
        <button type="submit" disabled={busy || !review.validRows} onClick={onImport}>Import {review.validRows} rows</button>
      </div>
    </div>
  );
}

function RunStep({ importId, onFinished, onRestart }: { importId: string; onFinished: () => void; onRestart: () => void }) {
  const { job, done, error } = useJobEvents<ImportJob>(`${apiBase('imports')}/v1/imports/${importId}/events`);
  const [cancelError, setCancelError] = useState<string | null>(null);
  useEffect(() => { if (done) onFinished(); }, [done, onFinished]);
  const cancel = async () => {
    setCancelError(null);
    try { await jsonOrProblem(await authFetch(`${apiBase('imports')}/v1/imports/${importId}/cancel`, { method: 'POST' })); } catch (e) { setCancelError(describeError(e)); }
  };
  const errorsCsv = () => download(`${apiBase('imports')}/v1/imports/${importId}/errors?severity=ERROR`, `${(job?.fileName ?? 'import').replace(/\.csv$/i, '')}-errors.csv`)
    .catch((e) => setCancelError(describeError(e)));
  const rejected = Object.entries(job?.rejected ?? {});
  return (
    <div className="card" data-testid="run">
      <h2>Import {importId}</h2>
      <ProgressBar progress={job?.progress} rowsPerSecond={job?.rowsPerSecond} etaSeconds={job?.etaSeconds} status={job?.status} />
      {!done && <div className="row"><button type="button" onClick={cancel} disabled={job?.cancelRequested}>Cancel import</button></div>}
      {error && <p className="error">{error}</p>}
      {cancelError && <p className="error" role="alert">{cancelError}</p>}
      {done && job && (
        <div data-testid="result">
          <div className="counts">
            <div><strong>{job.created}</strong>created</div>
            <div><strong>{job.updated}</strong>updated</div>
            <div><strong>{job.unchanged}</strong>unchanged</div>
            <div><strong>{job.mergedDuplicates}</strong>merged in file</div>
            {rejected.map(([code, n]) => <div key={code}><strong>{n}</strong>{code}</div>)}
            {Object.entries(job.warnings ?? {}).map(([code, n]) => <div key={code}><strong>{n}</strong>{code} (warning)</div>)}
          </div>
          {job.failureReason && <p className="error">{job.failureReason}</p>}
          {rejected.length > 0 && (
            <>
              <p><button type="button" onClick={errorsCsv} data-testid="errors-csv">Download errors CSV</button></p>
              <p className="muted">To fix the rejected rows: open the errors CSV, correct the cells named in <code>error_detail</code>, and
                upload that file as it is (the <code>error_row</code>, <code>error_code</code> and <code>error_detail</code> columns are skipped).</p>
            </>
          )}
          <div className="row"><button type="button" onClick={onRestart}>Import another file</button><Link to="/imports">Import history</Link></div>
        </div>
      )}
    </div>
  );
}
