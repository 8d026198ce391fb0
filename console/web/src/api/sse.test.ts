import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

describe('SseParser', () => {
  it('reads named events with JSON data', () => {
    const p = new SseParser();
    expect(p.feed('event:progress\ndata:{"progress":5}\n\nevent:done\ndata:{"progress":100}\n\n')).toEqual([
      { event: 'progress', data: '{"progress":5}' },
      { event: 'done', data: '{"progress":100}' },
    ]);
  });

  it('joins events split across chunks, anywhere', () => {
    const p = new SseParser();
    const text = 'event: progress\r\ndata: {"a":1}\r\n\r\n';
    const seen = [];
    for (const ch of text) seen.push(...p.feed(ch));
    expect(seen).toEqual([{ event: 'progress', data: '{"a":1}' }]);
  });

  it('skips comments and id/retry, joins data lines, defaults the name', () => {
    const p = new SseParser();
    expect(p.feed(': keep-alive\n\nid: 7\nretry: 100\ndata: a\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('holds back an incomplete event', () => {
    const p = new SseParser();
    expect(p.feed('event: done\ndata: x\n')).toEqual([]);
    expect(p.feed('\n')).toEqual([{ event: 'done', data: 'x' }]);
  });
});
