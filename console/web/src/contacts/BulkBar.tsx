/**
 * Bulk actions on a selection (some ids, or every contact matching the view): add/remove tags,
 * set a field, add to DNC (reason required), archive, erase (typed confirmation with the count).
 * The job is followed live (`GET /v1/contacts/bulk/{id}` every half second) until it ends.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { contactsApi, describeError, unwrap } from '../api/client';
import type { BulkRequest } from '../api/types';
import type { FieldDef } from '../filters/fields';
import type { FilterNode } from '../filters/filterModel';

export type Selection = { ids: string[] } | { filter: FilterNode | undefined; search: string | undefined } | { segmentId: string };

type Action = 'ADD_TAGS' | 'REMOVE_TAGS' | 'SET_FIELDS' | 'ADD_TO_DNC' | 'ARCHIVE' | 'ERASE';

const LABELS: Record<Action, string> = {
  ADD_TAGS: 'Add tags',
  REMOVE_TAGS: 'Remove tags',
  SET_FIELDS: 'Set a field',
  ADD_TO_DNC: 'Add to DNC',
  ARCHIVE: 'Archive',
  ERASE: 'Erase',
};

const DONE = new Set(['COMPLETED', 'FAILED']);

interface Props {
  selection: Selection;
  count: number;
  fields: FieldDef[];
  onClear: () => void;
}

export function BulkBar({ selection, count, fields, onClear }: Props) {
  const queryClient = useQueryClient();
  const [action, setAction] = useState<Action>('ADD_TAGS');
  const [tags, setTags] = useState('');
  const [field, setField] = useState('company');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);

  const start = useMutation({
    mutationFn: async (body: BulkRequest) => unwrap(await contactsApi.POST('/v1/contacts/bulk', { body })),
    onSuccess: (job) => setJobId(job.id ?? null),
  });

  const job = useQuery({
    queryKey: ['bulk-job', jobId],
    enabled: jobId !== null,
    queryFn: async () => unwrap(await contactsApi.GET('/v1/contacts/bulk/{id}', { params: { path: { id: jobId ?? '' } } })),
    refetchInterval: (q) => (q.state.data && DONE.has(String(q.state.data.status)) ? false : 500),
  });
  const finished = Boolean(job.data && DONE.has(String(job.data.status)));
  // once the job ends, what it changed is shown: the table and segment counts are read again
  useEffect(() => {
    if (finished) {
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      void queryClient.invalidateQueries({ queryKey: ['segment-count'] });
    }
  }, [finished, jobId, queryClient]);

  const settable = fields.filter((f) => !['id', 'phone', 'externalId', 'status', 'tags', 'dnc', 'createdAt', 'updatedAt',
    'timezoneSource', 'source'].includes(f.name));
  const params = (): Record<string, unknown> => {
    switch (action) {
      case 'ADD_TAGS':
      case 'REMOVE_TAGS':
        return { tags: tags.split(',').map((t) => t.trim()).filter(Boolean) };
      case 'SET_FIELDS':
        return { fields: { [field]: value === '' ? null : value } };
      case 'ADD_TO_DNC':
        return { reason };
      default:
        return {};
    }
  };
  const ready = (action !== 'ADD_TAGS' && action !== 'REMOVE_TAGS' || tags.trim() !== '')
    && (action !== 'ADD_TO_DNC' || reason.trim() !== '')
    && (action !== 'ERASE' || confirmation.trim() === `erase ${count}`);

  function submit(event: FormEvent) {
    event.preventDefault();
    setJobId(null);
    start.mutate({ selection, action, params: params() } satisfies BulkRequest);
  }

  return (
    <form className="bulk-bar" onSubmit={submit} data-testid="bulk-bar">
      <strong>{count.toLocaleString()} selected</strong>
      <select aria-label="Bulk action" value={action} onChange={(e) => setAction(e.target.value as Action)}>
        {(Object.keys(LABELS) as Action[]).map((a) => <option key={a} value={a}>{LABELS[a]}</option>)}
      </select>
      {(action === 'ADD_TAGS' || action === 'REMOVE_TAGS') && (
        <input aria-label="Tags" placeholder="tag1, tag2" value={tags} onChange={(e) => setTags(e.target.value)} />
      )}
      {action === 'SET_FIELDS' && (
        <>
          <select aria-label="Field to set" value={field} onChange={(e) => setField(e.target.value)}>
            {settable.map((f) => <option key={f.name} value={f.name}>{f.label}</option>)}
          </select>
          <input aria-label="New value" placeholder="empty clears" value={value} onChange={(e) => setValue(e.target.value)} />
        </>
      )}
      {action === 'ADD_TO_DNC' && (
        <input aria-label="DNC reason" placeholder="reason (required)" value={reason} onChange={(e) => setReason(e.target.value)} />
      )}
      {action === 'ERASE' && (
        <input aria-label="Erase confirmation" placeholder={`type: erase ${count}`} value={confirmation}
          onChange={(e) => setConfirmation(e.target.value)} />
      )}
      <button type="submit" disabled={!ready || start.isPending}>Apply</button>
      <button type="button" className="link" onClick={onClear}>Clear selection</button>
      {start.isError && <span className="error" role="alert">{describeError(start.error)}</span>}
      {job.data && (
        <span className="job" data-testid="bulk-job" role="status">
          {LABELS[(job.data.action as Action) ?? action] ?? job.data.action}: {String(job.data.status)} ·{' '}
          {job.data.processed ?? 0}/{job.data.matched ?? '?'} processed, {job.data.changed ?? 0} changed
          {job.data.failed ? `, ${job.data.failed} failed` : ''}
          {!finished && <progress max={job.data.matched ?? 1} value={job.data.processed ?? 0} />}
        </span>
      )}
    </form>
  );
}
