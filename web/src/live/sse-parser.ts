/**
 * An incremental parser for the text/event-stream format (HTML Living Standard, "Server-sent events"). Feed it decoded
 * text in arbitrary chunks; it calls `onMessage` once per dispatched event and `onComment` for `:` lines (heartbeats).
 * Kept free of DOM types so Node tests can import it.
 */
export interface SseMessage {
  /** The event's `id` field, or the last id seen on this stream when the event had none. */
  id: string | undefined;
  event: string;
  data: string;
  retry: number | undefined;
}

export interface SseParserHandlers {
  onMessage(message: SseMessage): void;
  onComment?(text: string): void;
  /** A `retry:` field: the reconnection time the server asks for, in milliseconds. */
  onRetry?(ms: number): void;
}

export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private retry: number | undefined;
  private sawCarriageReturn = false;
  /** The last event id, which persists across events (as the spec's "last event ID buffer"). */
  lastEventId: string | undefined;

  constructor(private readonly handlers: SseParserHandlers) {}

  push(chunk: string): void {
    let text = chunk;
    // A CRLF may be split across chunks: drop the LF that completes a CR we already treated as an end of line.
    if (this.sawCarriageReturn && text.startsWith('\n')) text = text.slice(1);
    this.sawCarriageReturn = false;
    this.buffer += text;
    let start = 0;
    for (let index = 0; index < this.buffer.length; index++) {
      const char = this.buffer[index];
      if (char !== '\n' && char !== '\r') continue;
      this.line(this.buffer.slice(start, index));
      if (char === '\r') {
        if (index + 1 < this.buffer.length) {
          if (this.buffer[index + 1] === '\n') index++;
        } else {
          this.sawCarriageReturn = true;
        }
      }
      start = index + 1;
    }
    this.buffer = this.buffer.slice(start);
  }

  /** The stream ended: an event without its terminating blank line is discarded, as the spec says. */
  end(): void {
    this.buffer = '';
    this.data = [];
    this.event = '';
    this.retry = undefined;
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) {
      this.handlers.onComment?.(line.slice(1).trimStart());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        break;
      case 'event':
        this.event = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) {
          this.retry = Number(value);
          this.handlers.onRetry?.(this.retry);
        }
        break;
      default:
        break;
    }
  }

  private dispatch(): void {
    if (this.data.length === 0) {
      this.event = '';
      return;
    }
    const message: SseMessage = {
      id: this.lastEventId,
      event: this.event === '' ? 'message' : this.event,
      data: this.data.join('\n'),
      retry: this.retry,
    };
    this.data = [];
    this.event = '';
    this.handlers.onMessage(message);
  }
}
