import { useRef } from 'react';
import { useSearchParams } from 'react-router';

/** A change to the URL's query: a value sets, a list repeats the parameter, null/undefined/'' removes it. */
export type QueryChange = Record<string, string | readonly string[] | null | undefined>;

/**
 * The URL's query parameters as page state (filters, views), so a view can be shared and survives a reload. Writes
 * build on the latest written state: React Router's functional update reads the params of the last render, so two
 * quick changes (a filter, then the debounced search) would otherwise undo each other.
 */
export function useQueryParams() {
  const [params, setParams] = useSearchParams();
  const latest = useRef(params);
  const rendered = useRef(params);
  if (rendered.current !== params) {
    rendered.current = params;
    latest.current = params;
  }
  const get = (name: string) => params.get(name) ?? '';
  const set = (changes: QueryChange) => {
    const next = new URLSearchParams(latest.current);
    for (const [name, value] of Object.entries(changes)) {
      next.delete(name);
      if (typeof value === 'string') {
        if (value !== '') next.set(name, value);
      } else if (value !== null && value !== undefined) {
        for (const item of value) next.append(name, item);
      }
    }
    latest.current = next;
    setParams(next, { replace: true });
  };
  return { params, get, set };
}
