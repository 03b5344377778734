/**
 * The UI's one date format: the reader's locale, medium date style ("1 May 2024" in en-GB, "May 1, 2024" in en-US),
 * with the time where it matters. Every page formats dates through these functions, never with toLocale*String or by
 * showing an ISO string.
 */
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
// A calendar day (a due date, a volume's date) is the same day everywhere: formatted in UTC, where it was parsed.
const calendar = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** The noun for a count: "job" for 1, "jobs" otherwise (`many` for irregular plurals). */
export function noun(count: number, one: string, many = `${one}s`): string {
  return count === 1 ? one : many;
}

/** "3 tasks", "1 volume", "0 published volumes" (`many` for irregular plurals). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${noun(count, one, many)}`;
}

/** A calendar day (`2024-05-01`, or the date part of a timestamp) in the UI's date format; '—' when there is none. */
export function day(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (match === null) return value;
  const then = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(then) ? value : calendar.format(then);
}

/** "3 minutes ago", "in 2 days"; falls back to the absolute date beyond a month. */
export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (iso === null || iso === undefined) return '—';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const seconds = Math.round((then - now) / 1000);
  const abs = Math.abs(seconds);
  // Small clock differences between server and browser must not read as the future.
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 30 * 86_400) return relative.format(Math.round(seconds / 86_400), 'day');
  return absolute.format(then);
}

export function dateTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const then = Date.parse(iso);
  return Number.isNaN(then) ? iso : absolute.format(then);
}

/** "12.3 s", "4 min 05 s" between two timestamps (or until now). */
export function duration(fromIso: string | null | undefined, toIso: string | null | undefined): string {
  if (fromIso === null || fromIso === undefined) return '—';
  const end = toIso === null || toIso === undefined ? Date.now() : Date.parse(toIso);
  const ms = Math.max(0, end - Date.parse(fromIso));
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  if (minutes < 60) return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** `commandcenter.api_key.created.v1` → "Api key created"; unknown shapes are shown as they are. */
export function eventTitle(type: string): string {
  const match = /^commandcenter\.(.+)\.v\d+$/.exec(type);
  if (match?.[1] === undefined) return type;
  const words = match[1].replace(/[._]/g, ' ').trim();
  const text = words.replace(/\bapi key\b/, 'API key');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Dates inside event data read like every other date: a calendar day or a timestamp in the one format. */
function readableDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return day(value);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return dateTime(value);
  return value;
}

/** A short "key: value" summary of an event's scalar data fields, preferring the telling ones. */
export function eventSummary(data: Record<string, unknown> | null | undefined): string {
  if (data === null || data === undefined) return '';
  const preferred = [
    'name',
    'email',
    'displayName',
    'role',
    'previousRole',
    'status',
    'type',
    'step',
    'slug',
    'prefix',
  ];
  const parts: string[] = [];
  const seen = new Set<string>();
  const add = (key: string) => {
    const value = data[key];
    if (seen.has(key) || value === null || value === undefined || typeof value === 'object') return;
    seen.add(key);
    const text = typeof value === 'string' ? readableDate(value) : String(value);
    parts.push(`${key}: ${text.length > 60 ? `${text.slice(0, 57)}…` : text}`);
  };
  for (const key of preferred) add(key);
  for (const key of Object.keys(data)) {
    if (parts.length >= 4) break;
    if (!/id$/i.test(key)) add(key);
  }
  return parts.slice(0, 4).join(' · ');
}

/** Title and one-line summary for an activity entry; job updates read as the job's state. */
export function describeEvent(event: { type: string; data: Record<string, unknown> | null }): {
  title: string;
  summary: string;
} {
  const data = event.data ?? {};
  if (/^commandcenter\.job\.updated\.v\d+$/.test(event.type) && typeof data.status === 'string') {
    const parts = [String(data.type ?? 'job')];
    if (typeof data.step === 'string' && data.step !== '') parts.push(data.step);
    if (data.status === 'running' && typeof data.progress === 'number') parts.push(`${data.progress}%`);
    if (typeof data.error === 'string' && data.error !== '') parts.push(data.error);
    return { title: `Job ${data.status}`, summary: parts.join(' · ') };
  }
  return { title: eventTitle(event.type), summary: eventSummary(data) };
}

/**
 * A job reports many updates; the activity list keeps only the newest per job (items come newest first), so a long
 * run does not push everything else out of sight.
 */
export function coalesceJobUpdates<E extends { type: string; data: Record<string, unknown> | null }>(items: E[]): E[] {
  const seen = new Set<string>();
  return items.filter((event) => {
    if (!event.type.startsWith('commandcenter.job.updated.')) return true;
    const id = event.data?.id;
    if (typeof id !== 'string') return true;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
