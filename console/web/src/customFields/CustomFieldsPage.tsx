/**
 * Custom field definitions: type, owner, required/default, allowed values, usage count and the
 * segments using each; create, edit (label, description, owner, allowed values, required,
 * default) and delete, with the API's 409 explanations shown where they happened.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { contactsApi, describeError, unwrap } from '../api/client';
import type { CustomField } from '../api/types';
import { useCustomFields } from './useCustomFields';

const TYPES = ['TEXT', 'NUMBER', 'BOOLEAN', 'DATE', 'ENUM'] as const;

interface Draft {
  key: string;
  label: string;
  type: (typeof TYPES)[number];
  owner: string;
  description: string;
  allowedValues: string;
  required: boolean;
  default: string;
}

const EMPTY: Draft = { key: '', label: '', type: 'TEXT', owner: '', description: '', allowedValues: '', required: false, default: '' };

function body(draft: Draft, creating: boolean): Record<string, unknown> {
  return {
    ...(creating ? { key: draft.key.trim(), type: draft.type } : {}),
    label: draft.label.trim() || null,
    owner: draft.owner.trim(),
    description: draft.description.trim() || null,
    required: draft.required,
    default: draft.default.trim() === '' ? null : draft.default.trim(),
    ...(draft.type === 'ENUM' ? { allowedValues: draft.allowedValues.split(',').map((v) => v.trim()).filter(Boolean) } : {}),
  };
}

export function CustomFieldsPage() {
  const fields = useCustomFields();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<{ draft: Draft; creating: boolean } | null>(null);
  const [deleteError, setDeleteError] = useState<{ key: string; message: string } | null>(null);

  const save = useMutation({
    mutationFn: async ({ draft, creating }: { draft: Draft; creating: boolean }) => creating
      ? unwrap(await contactsApi.POST('/v1/custom-fields', { body: body(draft, true) }))
      : unwrap(await contactsApi.PATCH('/v1/custom-fields/{key}', { params: { path: { key: draft.key } }, body: body(draft, false) })),
    onSuccess: async () => {
      setEditing(null);
      await queryClient.invalidateQueries({ queryKey: ['custom-fields'] });
    },
  });
  const remove = useMutation({
    mutationFn: async (key: string) => unwrap(await contactsApi.DELETE('/v1/custom-fields/{key}', { params: { path: { key } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['custom-fields'] }),
    onError: (error, key) => setDeleteError({ key, message: describeError(error) }),
  });

  const edit = (cf: CustomField) => setEditing({
    creating: false,
    draft: {
      key: cf.key ?? '', label: cf.label ?? '', type: (cf.type ?? 'TEXT') as Draft['type'], owner: cf.owner ?? '',
      description: cf.description ?? '', allowedValues: (cf.allowedValues ?? []).join(', '), required: Boolean(cf.required),
      default: cf.default === null || cf.default === undefined ? '' : String(cf.default),
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (editing) save.mutate(editing);
  }
  const set = (patch: Partial<Draft>) => setEditing((e) => (e ? { ...e, draft: { ...e.draft, ...patch } } : e));
  const items = fields.data ?? [];

  return (
    <section>
      <div className="page-head">
        <h1>Custom fields</h1>
        <button type="button" onClick={() => { save.reset(); setEditing({ draft: EMPTY, creating: true }); }}>New field</button>
      </div>
      {fields.isLoading && <p className="state" role="status">Loading custom fields…</p>}
      {fields.isError && <p className="error" role="alert">{describeError(fields.error)}</p>}
      {fields.isSuccess && items.length === 0 && <p className="state">No custom fields yet.</p>}
      {editing && (
        <form className="card field-form" onSubmit={submit} aria-label={editing.creating ? 'New custom field' : `Edit ${editing.draft.key}`}>
          <h2>{editing.creating ? 'New custom field' : `Edit cf:${editing.draft.key}`}</h2>
          <div className="grid">
            <label>Key<input value={editing.draft.key} disabled={!editing.creating} placeholder="snake_case"
              onChange={(e) => set({ key: e.target.value })} /></label>
            <label>Label<input value={editing.draft.label} onChange={(e) => set({ label: e.target.value })} /></label>
            <label>Type
              <select value={editing.draft.type} disabled={!editing.creating} onChange={(e) => set({ type: e.target.value as Draft['type'] })}>
                {TYPES.map((t) => <option key={t}>{t}</option>)}
              </select>
            </label>
            <label>Owner<input value={editing.draft.owner} onChange={(e) => set({ owner: e.target.value })} /></label>
            {editing.draft.type === 'ENUM' && (
              <label>Allowed values<input value={editing.draft.allowedValues} placeholder="gold, silver"
                onChange={(e) => set({ allowedValues: e.target.value })} /></label>
            )}
            <label>Default<input value={editing.draft.default} onChange={(e) => set({ default: e.target.value })} /></label>
            <label className="check"><input type="checkbox" checked={editing.draft.required}
              onChange={(e) => set({ required: e.target.checked })} /> Required</label>
            <label className="wide">Description<input value={editing.draft.description} onChange={(e) => set({ description: e.target.value })} /></label>
          </div>
          {save.isError && <p className="error" role="alert">{describeError(save.error)}</p>}
          <div className="row">
            <button type="submit" disabled={save.isPending}>Save</button>
            <button type="button" className="link" onClick={() => setEditing(null)}>Cancel</button>
          </div>
        </form>
      )}
      {items.length > 0 && (
        <table data-testid="custom-fields-table">
          <thead>
            <tr><th>Key</th><th>Label</th><th>Type</th><th>Owner</th><th>Required / default</th><th>Allowed values</th>
              <th>Contacts using it</th><th>Segments using it</th><th /></tr>
          </thead>
          <tbody>
            {items.map((cf) => (
              <tr key={cf.key}>
                <td><code>cf:{cf.key}</code></td>
                <td>{cf.label}</td>
                <td>{cf.type}</td>
                <td>{cf.owner}</td>
                <td>{cf.required ? 'required' : 'optional'}{cf.default !== null && cf.default !== undefined ? ` · default ${String(cf.default)}` : ''}</td>
                <td>{(cf.allowedValues ?? []).join(', ') || <span className="muted">—</span>}</td>
                <td>{Number(cf.usageCount ?? 0).toLocaleString()}</td>
                <td>{(cf.usedBySegments ?? []).map((s: { name?: string }) => s.name).join(', ') || <span className="muted">—</span>}</td>
                <td className="actions">
                  <button type="button" className="link" onClick={() => { save.reset(); edit(cf); }}>Edit</button>
                  <button type="button" className="link" onClick={() => {
                    setDeleteError(null);
                    if (window.confirm(`Delete cf:${cf.key}? Its values are removed from every contact.`)) remove.mutate(cf.key ?? '');
                  }}>Delete</button>
                  {deleteError && deleteError.key === cf.key && <p className="error" role="alert">{deleteError.message}</p>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
