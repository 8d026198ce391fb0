/** A job's live progress: bar with percent, rows/s and ETA (import and DNC import jobs). */
import { formatEta } from './useJobEvents';

export function ProgressBar({ progress, rowsPerSecond, etaSeconds, status }: { progress?: number; rowsPerSecond?: number; etaSeconds?: number; status?: string }) {
  const pct = Math.max(0, Math.min(100, progress ?? 0));
  return (
    <div className="progress-wrap" data-testid="progress">
      <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="row small">
        <strong data-testid="progress-percent">{pct} %</strong>
        <span className="badge">{status ?? '…'}</span>
        <span>{rowsPerSecond != null ? `${Math.round(rowsPerSecond).toLocaleString()} rows/s` : ''}</span>
        <span>ETA {formatEta(etaSeconds)}</span>
      </div>
    </div>
  );
}
