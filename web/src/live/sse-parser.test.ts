import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SseMessage, SseParser } from './sse-parser';

/** The web app's text/event-stream parser (web/src/live/sse-parser.ts), which the live activity panel relies on. */
function parse(chunks: string[]): { messages: SseMessage[]; comments: string[]; retries: number[] } {
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const parser = new SseParser({
    onMessage: (message) => messages.push(message),
    onComment: (text) => comments.push(text),
    onRetry: (ms) => retries.push(ms),
  });
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return { messages, comments, retries };
}

const STREAM =
  'retry: 3000\n\n' +
  ': heartbeat\n\n' +
  'id: 41\ndata: {"type":"commandcenter.member.added.v1","sequence":41}\n\n' +
  'id: 42\r\ndata: first line\r\ndata: second line\r\n\r\n' +
  'event: custom\rdata:no space\r\r' +
  'data: unterminated';

describe('SseParser', () => {
  it('parses ids, multi-line data, comments, retry, event names and every line ending', () => {
    const { messages, comments, retries } = parse([STREAM]);
    expect(retries).toEqual([3000]);
    expect(comments).toEqual(['heartbeat']);
    expect(messages).toEqual([
      { id: '41', event: 'message', data: '{"type":"commandcenter.member.added.v1","sequence":41}', retry: 3000 },
      { id: '42', event: 'message', data: 'first line\nsecond line', retry: 3000 },
      // The id persists to later events (the spec's last event ID buffer); the unterminated event is dropped.
      { id: '42', event: 'custom', data: 'no space', retry: 3000 },
    ]);
  });

  it('gives the same events however the stream is split into chunks', () => {
    const whole = parse([STREAM]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: STREAM.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: string[] = [];
        let start = 0;
        for (const point of points) {
          chunks.push(STREAM.slice(start, point));
          start = point;
        }
        chunks.push(STREAM.slice(start));
        expect(parse(chunks)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('ignores events without data and unknown fields', () => {
    const { messages } = parse(['id: 7\n\nfoo: bar\ndata: x\n\n']);
    expect(messages).toEqual([{ id: '7', event: 'message', data: 'x', retry: undefined }]);
  });
});
