/**
 * Server-sent events over `fetch`, so the request can carry the tab's `Authorization` header
 * (a browser `EventSource` cannot). {@link SseParser} is the pure part (text/event-stream framing:
 * `event:`, `data:` lines joined by newlines, comments and `id:`/`retry:` ignored, an event ends at a
 * blank line, CRLF or LF); {@link streamEvents} reads a response body through it. No reconnects:
 * the import streams end with a `done` event, after which the caller stops.
 */
import { readSession } from './session';

export interface SseEvent {
  event: string;
  data: string;
}

export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  /** Feeds a chunk of the stream; returns the events it completed. */
  feed(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const out: SseEvent[] = [];
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      const width = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      // a lone CR at the end of the buffer may be the first half of CRLF: wait for more
      if (width === 1 && this.buffer[newline] === '\r' && newline === this.buffer.length - 1) break;
      this.buffer = this.buffer.slice(newline + width);
      if (line === '') {
        if (this.data.length) out.push({ event: this.event || 'message', data: this.data.join('\n') });
        this.event = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
    }
    return out;
  }
}

/**
 * Reads `url` as an event stream with this tab's key, calling `onEvent` for each event until the
 * stream ends, `signal` aborts, or `onEvent` returns `false` (e.g. after `done`).
 */
export async function streamEvents(url: string, onEvent: (e: SseEvent) => boolean | void, signal?: AbortSignal): Promise<void> {
  const session = readSession();
  const response = await fetch(url, {
    headers: { Accept: 'text/event-stream', ...(session ? { Authorization: `Bearer ${session.apiKey}` } : {}) },
    signal,
  });
  if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const e of parser.feed(value)) {
        if (onEvent(e) === false) return;
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
