/**
 * One contact: standard and custom fields edited inline (the API's validation shown next to the
 * field), timezone with its source and candidates, DNC status with every active entry (add with a
 * reason, remove with a reason), and the timeline of changes (`GET /v1/contacts/{id}/history`;
 * shown as unavailable when the service does not have it).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiProblem, contactsApi, describeError, dncApi, unwrap } from '../api/client';
import type { Contact, DncEntry } from '../api/types';
import { useCustomFields } from '../customFields/useCustomFields';
import { fieldValue, renderValue } from './cells';
import { Timeline } from './Timeline';

const EDITABLE: { name: string; label: string }[] = [
  { name: 'firstName', label: 'First name' },
  { name: 'lastName', label: 'Last name' },
  { name: 'phone', label: 'Phone' },
  { name: 'email', label: 'Email' },
  { name: 'company', label: 'Company' },
  { name: 'country', label: 'Country' },
  { name: 'timezone', label: 'Timezone' },
  { name: 'externalId', label: 'External id' },
];

export function ContactPage() {
  const { id = '' } = useParams();
  const contact = useQuery({
    queryKey: ['contacts', 'one', id],
    queryFn: async () => unwrap(await contactsApi.GET('/v1/contacts/{id}', { params: { path: { id } } })),
  });
  const customFields = useCustomFields();

  if (contact.isLoading) return <p className="state" role="status">Loading contact…</p>;
  if (contact.isError) {
    return (
      <p className="error" role="alert">
        {contact.error instanceof ApiProblem && contact.error.status === 404 ? 'No such contact in this workspace.' : describeError(contact.error)}
      </p>
    );
  }
  const c = contact.data;
  if (!c) return null;
  return (
    <section className="contact">
      <p><Link to="/contacts">← Contacts</Link></p>
      <div className="page-head">
        <h1 data-testid="contact-name">{[c.firstName, c.lastName].filter(Boolean).join(' ') || c.phone}</h1>
        <span className="badge">{c.status}</span>
        <span className="muted">version {c.version} · source {c.source}</span>
      </div>
      <div className="columns">
        <div className="card">
          <h2>Fields</h2>
          <dl className="fields">
            {EDITABLE.map((f) => <EditableField key={f.name} contact={c} name={f.name} label={f.label} />)}
            {(customFields.data ?? []).map((cf) => (
              <EditableField key={cf.key} contact={c} name={`cf:${cf.key ?? ''}`} label={`${cf.label || cf.key} (${cf.type})`}
                choices={cf.type === 'ENUM' ? (cf.allowedValues ?? []) : undefined} />
            ))}
            <dt>Tags</dt><dd>{renderValue('tags', c.tags)}</dd>
          </dl>
        </div>
        <div>
          <div className="card">
            <h2>Timezone</h2>
            <p data-testid="timezone"><strong>{c.timezone ?? 'unknown'}</strong> <span className="muted">({c.timezoneSource ?? '—'})</span></p>
            {(c.timezoneCandidates ?? []).length > 1 && (
              <p className="muted">Candidates from the number: {(c.timezoneCandidates ?? []).join(', ')}</p>
            )}
          </div>
          <DncPanel contact={c} />
        </div>
      </div>
      <div className="card">
        <h2>Timeline</h2>
        <Timeline contactId={id} />
      </div>
    </section>
  );
}

function EditableField({ contact, name, label, choices }: { contact: Contact; name: string; label: string; choices?: string[] }) {
  const queryClient = useQueryClient();
  const current = fieldValue(contact, name);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const save = useMutation({
    mutationFn: async (value: string) => unwrap(await contactsApi.PATCH('/v1/contacts/{id}', {
      params: { path: { id: contact.id ?? '' } },
      body: { [name]: value === '' ? null : value },
    })),
    onSuccess: (updated) => {
      queryClient.setQueryData(['contacts', 'one', contact.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['contacts', 'search'] });
      void queryClient.invalidateQueries({ queryKey: ['history', contact.id] });
      setEditing(false);
    },
  });
  const start = () => {
    setDraft(current === null || current === undefined ? '' : String(current));
    save.reset();
    setEditing(true);
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(draft);
  }
  const inputId = `field-${name}`;
  return (
    <>
      <dt><label htmlFor={inputId}>{label}</label></dt>
      <dd>
        {editing ? (
          <form onSubmit={submit} className="inline-edit">
            {choices ? (
              <select id={inputId} value={draft} onChange={(e) => setDraft(e.target.value)}>
                <option value="">(none)</option>
                {choices.map((v) => <option key={v} value={v}>{v}</option>)}
              </select>
            ) : <input id={inputId} value={draft} onChange={(e) => setDraft(e.target.value)} autoFocus />}
            <button type="submit" disabled={save.isPending}>Save</button>
            <button type="button" className="link" onClick={() => setEditing(false)}>Cancel</button>
            {save.isError && <span className="error" role="alert">{save.error instanceof ApiProblem ? save.error.problem.detail : describeError(save.error)}</span>}
          </form>
        ) : (
          <button type="button" className="value" aria-label={`Edit ${label}`} onClick={start}>
            {renderValue(name, current)} <span className="muted small">✎</span>
          </button>
        )}
      </dd>
    </>
  );
}

function DncPanel({ contact }: { contact: Contact }) {
  const queryClient = useQueryClient();
  const phone = contact.phone ?? '';
  const entries = useQuery({
    queryKey: ['dnc', phone],
    enabled: phone !== '',
    queryFn: async () => unwrap(await dncApi.GET('/v1/dnc', { params: { query: { phone, state: 'active' } } })),
  });
  const [reason, setReason] = useState('');
  const [campaignId, setCampaignId] = useState('');
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['dnc', phone] });
    // the contact's own DNC view follows through Kafka; look again shortly
    setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['contacts'] }), 1500);
  };
  const add = useMutation({
    mutationFn: async () => unwrap(await dncApi.POST('/v1/dnc', {
      body: { phone, reason, campaignId: campaignId || undefined },
    })),
    onSuccess: () => {
      setReason('');
      setCampaignId('');
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: async ({ entryId, why }: { entryId: string; why: string }) => unwrap(await dncApi.DELETE('/v1/dnc/{entryId}', {
      params: { path: { entryId }, query: { reason: why } },
    })),
    onSuccess: refresh,
  });
  const active = entries.data?.items ?? [];
  const workspaceWide = active.some((e: DncEntry) => !e.campaignId);

  if (phone === '') return null;
  return (
    <div className="card" data-testid="dnc-panel">
      <h2>Do-not-call</h2>
      {entries.isLoading && <p className="state" role="status">Checking the DNC list…</p>}
      {entries.isError && <p className="error" role="alert">{describeError(entries.error)}</p>}
      {entries.isSuccess && (
        <p data-testid="dnc-status">
          {workspaceWide ? <span className="badge danger">Blocked for every campaign</span>
            : active.length > 0 ? <span className="badge warn">Blocked for some campaigns</span>
              : <span className="badge ok">Callable</span>}
        </p>
      )}
      {active.length > 0 && (
        <ul className="dnc-entries">
          {active.map((e: DncEntry) => (
            <li key={e.entryId}>
              <strong>{e.campaignId ? `campaign ${e.campaignId}` : 'workspace-wide'}</strong> · {e.source} · “{e.reason}”
              {e.expiresAt ? ` · until ${new Date(e.expiresAt).toLocaleString()}` : ''}
              {' '}
              <button type="button" className="link" onClick={() => {
                const why = window.prompt('Reason for removing this DNC entry (required)');
                if (why && why.trim()) remove.mutate({ entryId: e.entryId ?? '', why: why.trim() });
              }}>Remove</button>
            </li>
          ))}
        </ul>
      )}
      {remove.isError && <p className="error" role="alert">{describeError(remove.error)}</p>}
      <form className="row" onSubmit={(event) => { event.preventDefault(); add.mutate(); }}>
        <input aria-label="DNC reason" placeholder="reason (required)" value={reason} onChange={(e) => setReason(e.target.value)} />
        <input aria-label="Campaign (optional)" placeholder="campaign id (optional)" value={campaignId}
          onChange={(e) => setCampaignId(e.target.value)} />
        <button type="submit" disabled={reason.trim() === '' || add.isPending}>Add to DNC</button>
      </form>
      {add.isError && <p className="error" role="alert">{describeError(add.error)}</p>}
    </div>
  );
}
