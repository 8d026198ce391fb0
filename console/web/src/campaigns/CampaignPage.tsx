/**
 * One campaign: the variables and calling-window editor (saved with `If-Match` from the loaded
 * version; a 409 says who changed it when, a 422 is shown on the variable row it names), the version
 * history with diffs and restore, the call preview and the readiness report. A campaign without a
 * config opens empty and the first save creates it (`If-Match: "0"`, create only).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { ApiProblem, describeError, resolverApi } from '../api/client';
import type { CampaignConfig, CampaignVariable } from '../api/types';
import { useCustomFields } from '../customFields/useCustomFields';
import { bindingKind, bindingOf, type BindingKind, CONTACT_FIELDS, DAYS, problemRow, TYPES } from './configModel';
import { VersionHistory } from './VersionHistory';
import { PreviewPanel } from './PreviewPanel';
import { ReadinessPanel } from './ReadinessPanel';

interface Draft {
  variables: CampaignVariable[];
  staticVariables: Record<string, string>;
  windowOn: boolean;
  days: string[];
  start: string;
  end: string;
  fallbackTimezone: string;
  allowUnknownContacts: boolean;
  missingRequired: string;
}

function toDraft(c: CampaignConfig | null): Draft {
  return {
    variables: (c?.variables ?? []).map((v) => ({ ...v })),
    staticVariables: { ...(c?.staticVariables ?? {}) },
    windowOn: c ? !!c.callingWindow : true,
    days: c?.callingWindow?.days ?? DAYS.slice(0, 5),
    start: c?.callingWindow?.start ?? '08:00',
    end: c?.callingWindow?.end ?? '21:00',
    fallbackTimezone: c?.fallbackTimezone ?? '',
    allowUnknownContacts: c?.allowUnknownContacts ?? false,
    missingRequired: c?.missingRequired ?? 'BLOCK',
  };
}

function toBody(d: Draft) {
  return {
    variables: d.variables.map((v) => ({
      name: v.name, type: v.type || 'TEXT', required: !!v.required,
      ...(v.binding ? { binding: v.binding } : {}),
      ...(v.binding === 'static' ? { value: v.value ?? '' } : {}),
      ...(v.default != null && v.default !== '' ? { default: v.default } : {}),
    })),
    staticVariables: d.staticVariables,
    ...(d.windowOn ? { callingWindow: { days: d.days, start: d.start, end: d.end } } : {}),
    ...(d.fallbackTimezone ? { fallbackTimezone: d.fallbackTimezone } : {}),
    allowUnknownContacts: d.allowUnknownContacts,
    missingRequired: d.missingRequired,
  };
}

export function CampaignPage() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const config = useQuery({
    queryKey: ['campaign-config', id],
    queryFn: async () => {
      const r = await resolverApi.GET('/v1/campaigns/{campaignId}/config', { params: { path: { campaignId: id } } });
      if (r.response.status === 404) return { config: null, etag: '"0"' };
      if (!r.response.ok) throw new ApiProblem(r.response.status, (r.error ?? {}) as never);
      return { config: r.data as CampaignConfig, etag: r.response.headers.get('ETag') ?? `"${(r.data as CampaignConfig).version}"` };
    },
    staleTime: Infinity,
  });
  const [draft, setDraft] = useState<Draft>(toDraft(null));
  const [etag, setEtag] = useState('"0"');
  const [saveError, setSaveError] = useState<{ message: string; row: number; conflict: boolean } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [tab, setTab] = useState<'edit' | 'history' | 'preview' | 'readiness'>('edit');

  useEffect(() => {
    if (config.data) {
      setDraft(toDraft(config.data.config));
      setEtag(config.data.etag);
      setSaveError(null);
    }
  }, [config.data]);

  const reload = async () => {
    setSaved(null);
    await queryClient.invalidateQueries({ queryKey: ['campaign-config', id] });
    await config.refetch();
  };

  const save = async () => {
    setSaveError(null);
    setSaved(null);
    const r = await resolverApi.PUT('/v1/campaigns/{campaignId}/config', {
      params: { path: { campaignId: id } }, body: toBody(draft) as never, headers: { 'If-Match': etag },
    });
    if (r.response.ok) {
      const c = r.data as CampaignConfig;
      setEtag(r.response.headers.get('ETag') ?? `"${c.version}"`);
      queryClient.setQueryData(['campaign-config', id], { config: c, etag: r.response.headers.get('ETag') ?? `"${c.version}"` });
      await queryClient.invalidateQueries({ queryKey: ['campaign-versions', id] });
      await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      setSaved(`Saved version ${c.version}`);
      return;
    }
    const problem = (r.error ?? {}) as { detail?: string; updatedBy?: string; updatedAt?: string; currentVersion?: number };
    if (r.response.status === 409) {
      setSaveError({ conflict: true, row: -1,
        message: `Changed by ${problem.updatedBy ?? 'someone'} at ${problem.updatedAt ? new Date(problem.updatedAt).toLocaleString() : '?'} (now version ${problem.currentVersion}): reload, reapply your change and save again.` });
      return;
    }
    setSaveError({ conflict: false, row: problemRow(problem.detail, draft.variables.map((v) => v.name ?? '')), message: describeError(new ApiProblem(r.response.status, problem as never)) });
  };

  const c = config.data?.config;
  return (
    <div>
      <div className="page-head">
        <h1>Campaign {id}</h1>
        <span className="muted" data-testid="config-version">{c ? `version ${c.version} · saved by ${c.updatedBy} at ${new Date(c.updatedAt ?? '').toLocaleString()}` : config.isPending ? '' : 'no config yet'}</span>
      </div>
      <div className="steps">
        {(['edit', 'history', 'preview', 'readiness'] as const).map((t) => (
          <button key={t} type="button" className={tab === t ? 'current' : ''} data-testid={`tab-${t}`} onClick={() => setTab(t)}>
            {{ edit: 'Variables & window', history: 'History', preview: 'Preview a call', readiness: 'Readiness' }[t]}
          </button>
        ))}
      </div>
      {config.error && <p className="error">{describeError(config.error)}</p>}
      {tab === 'edit' && (
        <Editor draft={draft} setDraft={setDraft} problemRow={saveError?.row ?? -1}>
          {saveError && (
            <p className={saveError.conflict ? 'banner' : 'error'} role="alert" data-testid="save-error">
              {saveError.message} {saveError.conflict && <button type="button" onClick={reload}>Reload</button>}
            </p>
          )}
          {saved && <p className="notice" data-testid="saved">{saved}</p>}
          <div className="row"><button type="submit" onClick={save} data-testid="save">Save</button>
            <button type="button" onClick={reload}>Discard changes</button></div>
        </Editor>
      )}
      {tab === 'history' && c && <VersionHistory campaignId={id} current={c.version ?? 0} etag={etag} onRestored={reload} />}
      {tab === 'preview' && <PreviewPanel campaignId={id} variables={draft.variables} />}
      {tab === 'readiness' && <ReadinessPanel campaignId={id} />}
    </div>
  );
}

function Editor({ draft, setDraft, problemRow: bad, children }: { draft: Draft; setDraft: (d: Draft) => void; problemRow: number; children: React.ReactNode }) {
  const customFields = useCustomFields();
  const setVar = (i: number, v: CampaignVariable) => setDraft({ ...draft, variables: draft.variables.map((x, j) => (j === i ? v : x)) });
  const statics = Object.entries(draft.staticVariables);
  return (
    <div>
      <div className="card">
        <h2>Variables</h2>
        <table data-testid="variables-table">
          <thead><tr><th>Name</th><th>Type</th><th>Binding</th><th>Required</th><th>Default</th><th /></tr></thead>
          <tbody>{draft.variables.map((v, i) => {
            const { kind, rest } = bindingKind(v.binding);
            const setBinding = (k: BindingKind, r: string) => setVar(i, { ...v, binding: bindingOf(k, r) });
            return (
              <tr key={i} className={i === bad ? 'problem' : ''} data-testid={`variable-${v.name}`}>
                <td><input aria-label="name" value={v.name ?? ''} onChange={(e) => setVar(i, { ...v, name: e.target.value })} /></td>
                <td><select aria-label="type" value={v.type ?? 'TEXT'} onChange={(e) => setVar(i, { ...v, type: e.target.value })}>{TYPES.map((t) => <option key={t}>{t}</option>)}</select></td>
                <td className="row" style={{ marginTop: 0 }}>
                  <select aria-label="binding kind" value={kind} onChange={(e) => setBinding(e.target.value as BindingKind, '')}>
                    <option value="none">runtime only</option><option value="contact">contact field</option><option value="cf">custom field</option>
                    <option value="row">audience column</option><option value="static">static</option>
                  </select>
                  {kind === 'contact' && <select aria-label="contact field" value={rest} onChange={(e) => setBinding('contact', e.target.value)}>
                    <option value="" />{CONTACT_FIELDS.map((f) => <option key={f}>{f}</option>)}</select>}
                  {kind === 'cf' && <select aria-label="custom field" value={rest} onChange={(e) => setBinding('cf', e.target.value)}>
                    <option value="" />{(customFields.data ?? []).map((f) => <option key={f.key} value={f.key}>{f.label || f.key}</option>)}
                    {rest && !(customFields.data ?? []).some((f) => f.key === rest) && <option value={rest}>{rest}</option>}</select>}
                  {kind === 'row' && <input aria-label="audience column" placeholder="column header" value={rest} onChange={(e) => setBinding('row', e.target.value)} />}
                  {kind === 'static' && <input aria-label="static value" placeholder="value" value={v.value ?? ''} onChange={(e) => setVar(i, { ...v, value: e.target.value })} />}
                </td>
                <td><input type="checkbox" aria-label="required" checked={!!v.required} onChange={(e) => setVar(i, { ...v, required: e.target.checked })} /></td>
                <td><input aria-label="default" value={v.default ?? ''} onChange={(e) => setVar(i, { ...v, default: e.target.value })} /></td>
                <td><button type="button" className="link" onClick={() => setDraft({ ...draft, variables: draft.variables.filter((_, j) => j !== i) })}>remove</button></td>
              </tr>
            );
          })}</tbody>
        </table>
        <p><button type="button" onClick={() => setDraft({ ...draft, variables: [...draft.variables, { name: '', type: 'TEXT', required: false }] })}>+ Variable</button></p>
        <h2>Static variables</h2>
        {statics.map(([name, value]) => (
          <div className="row" key={name}><code>{name}</code>
            <input aria-label={`static ${name}`} value={value} onChange={(e) => setDraft({ ...draft, staticVariables: { ...draft.staticVariables, [name]: e.target.value } })} />
            <button type="button" className="link" onClick={() => { const s = { ...draft.staticVariables }; delete s[name]; setDraft({ ...draft, staticVariables: s }); }}>remove</button></div>
        ))}
        <p><button type="button" onClick={() => { const name = prompt('Static variable name'); if (name) setDraft({ ...draft, staticVariables: { ...draft.staticVariables, [name]: '' } }); }}>+ Static variable</button></p>
      </div>
      <div className="card" data-testid="window-editor">
        <h2>Calling window (contact's local time)</h2>
        <label className="check"><input type="checkbox" checked={draft.windowOn} onChange={(e) => setDraft({ ...draft, windowOn: e.target.checked })} />restrict calls to a window</label>
        {draft.windowOn && (
          <div className="row">
            {DAYS.map((d) => (
              <label key={d} className="check"><input type="checkbox" aria-label={d} checked={draft.days.includes(d)}
                onChange={(e) => setDraft({ ...draft, days: e.target.checked ? DAYS.filter((x) => x === d || draft.days.includes(x)) : draft.days.filter((x) => x !== d) })} />{d}</label>
            ))}
            <label>from <input aria-label="window start" size={5} value={draft.start} onChange={(e) => setDraft({ ...draft, start: e.target.value })} /></label>
            <label>until <input aria-label="window end" size={5} value={draft.end} onChange={(e) => setDraft({ ...draft, end: e.target.value })} /></label>
          </div>
        )}
        <div className="row">
          <label>Fallback time zone <input aria-label="fallback timezone" placeholder="e.g. America/Chicago" value={draft.fallbackTimezone} onChange={(e) => setDraft({ ...draft, fallbackTimezone: e.target.value })} /></label>
          <label>Missing required <select value={draft.missingRequired} onChange={(e) => setDraft({ ...draft, missingRequired: e.target.value })}><option>BLOCK</option><option>USE_DEFAULT</option></select></label>
          <label className="check"><input type="checkbox" checked={draft.allowUnknownContacts} onChange={(e) => setDraft({ ...draft, allowUnknownContacts: e.target.checked })} />allow numbers that are not contacts</label>
        </div>
      </div>
      {children}
    </div>
  );
}
