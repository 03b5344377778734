import { request as httpRequest } from 'node:http';
import type { CloudEvent } from '../../src/platform/events/envelope.js';
import { bearer } from './app.js';

/** A live event stream read over a real socket, as a browser would: events, heartbeats and how it ended. */
export interface StreamReader {
  events: CloudEvent[];
  comments: number;
  /** The data of the server's final `end` event, once it came. */
  end: { reason: string; reconnect: boolean } | undefined;
  /** True once the server closed the response. */
  closed: boolean;
  close(): void;
}

/** Opens `path` as an SSE stream; rejects with the status when the server refuses it. */
export function openStream(baseUrl: string, path: string, token: string, lastEventId?: string): Promise<StreamReader> {
  return new Promise((resolve, reject) => {
    const reader: StreamReader = {
      events: [],
      comments: 0,
      end: undefined,
      closed: false,
      close: () => request.destroy(),
    };
    const request = httpRequest(
      `${baseUrl}${path}`,
      { headers: { ...bearer(token), ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }) } },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`stream answered ${response.statusCode}`));
          return;
        }
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const lines = buffer.slice(0, end).split('\n');
            buffer = buffer.slice(end + 2);
            if (lines[0]!.startsWith(':')) reader.comments += 1;
            const data = lines.find((line) => line.startsWith('data: '))?.slice(6);
            if (data !== undefined) {
              if (lines.includes('event: end')) reader.end = JSON.parse(data);
              else reader.events.push(JSON.parse(data));
            }
            end = buffer.indexOf('\n\n');
          }
        });
        response.on('end', () => {
          reader.closed = true;
        });
        resolve(reader);
      },
    );
    request.on('error', () => undefined);
    request.end();
  });
}
