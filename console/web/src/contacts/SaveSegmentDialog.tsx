/**
 * Saves the current view as a segment: DYNAMIC (filter + search, re-evaluated live), STATIC (the
 * selected contacts) or SNAPSHOT (the view's members now, frozen: a dynamic segment snapshotted
 * into a static one, the dynamic one then deleted).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { contactsApi, describeError, unwrap } from '../api/client';
import type { Segment } from '../api/types';
import type { FilterNode } from '../filters/filterModel';

type Kind = 'DYNAMIC' | 'STATIC' | 'SNAPSHOT';

interface Props {
  filter: FilterNode | undefined;
  search: string;
  selectedIds: string[];
  onClose: () => void;
}

export function SaveSegmentDialog({ filter, search, selectedIds, onClose }: Props) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>(selectedIds.length > 0 ? 'STATIC' : 'DYNAMIC');
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const save = useMutation({
    mutationFn: async (): Promise<Segment> => {
      if (kind === 'STATIC') {
        return unwrap(await contactsApi.POST('/v1/segments', {
          body: { name, type: 'STATIC', contactIds: selectedIds },
        }));
      }
      const dynamic = unwrap(await contactsApi.POST('/v1/segments', {
        body: { name, type: 'DYNAMIC', filter, search: search || undefined },
      }));
      if (kind === 'DYNAMIC') return dynamic;
      const id = dynamic.id ?? '';
      const snapshot = unwrap(await contactsApi.POST('/v1/segments/{id}/snapshot', {
        params: { path: { id } }, body: { name },
      }));
      unwrap(await contactsApi.DELETE('/v1/segments/{id}', { params: { path: { id } } }));
      return snapshot;
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['segments'] });
      navigate('/segments');
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <div className="dialog-backdrop" role="presentation">
      <form className="dialog card" role="dialog" aria-label="Save as segment" onSubmit={submit}>
        <h2>Save as segment</h2>
        <label htmlFor="segment-name">Name</label>
        <input id="segment-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        <fieldset>
          <legend>Type</legend>
          <label className="check"><input type="radio" name="kind" checked={kind === 'DYNAMIC'} onChange={() => setKind('DYNAMIC')} />
            Dynamic: whoever matches this view, always up to date</label>
          <label className="check"><input type="radio" name="kind" checked={kind === 'STATIC'} disabled={selectedIds.length === 0}
            onChange={() => setKind('STATIC')} /> Static: the {selectedIds.length} selected contacts</label>
          <label className="check"><input type="radio" name="kind" checked={kind === 'SNAPSHOT'} onChange={() => setKind('SNAPSHOT')} />
            Snapshot: who matches now, frozen</label>
        </fieldset>
        {save.isError && <p className="error" role="alert">{describeError(save.error)}</p>}
        <div className="row">
          <button type="submit" disabled={name.trim() === '' || save.isPending}>Save</button>
          <button type="button" className="link" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </div>
  );
}
