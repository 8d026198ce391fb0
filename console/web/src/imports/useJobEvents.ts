/**
 * Follows a job's server-sent `progress` … `done` events (import-service and dnc-service imports
 * answer the same way) through {@link streamEvents}; the latest job is the state. Stops on `done`
 * or unmount. If the stream fails, it falls back to nothing more than the last job seen and an error.
 */
import { useEffect, useState } from 'react';
import { streamEvents } from '../api/sse';

export function useJobEvents<Job>(url: string | null): { job: Job | null; done: boolean; error: string | null } {
  const [state, setState] = useState<{ job: Job | null; done: boolean; error: string | null }>({ job: null, done: false, error: null });
  useEffect(() => {
    if (!url) return;
    setState({ job: null, done: false, error: null });
    const abort = new AbortController();
    streamEvents(url, (e) => {
      if (e.event !== 'progress' && e.event !== 'done') return;
      const job = JSON.parse(e.data) as Job;
      const done = e.event === 'done';
      setState({ job, done, error: null });
      return !done;
    }, abort.signal).catch((error: unknown) => {
      if (!abort.signal.aborted) setState((s) => ({ ...s, error: error instanceof Error ? error.message : String(error) }));
    });
    return () => abort.abort();
  }, [url]);
  return state;
}

export function formatEta(seconds: number | null | undefined): string {
  if (seconds == null) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${Math.round(seconds % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}
