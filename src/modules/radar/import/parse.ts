import { parse as parseCsv } from 'csv-parse/sync';
import type { ImportFormat } from '../schemas.js';
import { sanitizeDescription } from './sanitize.js';

/** One technology of an import file, whatever the format. */
export interface ImportEntry {
  /** Where the entry is in the file: its line for CSV (the header is line 1), its 1-based position for JSON. */
  row: number;
  name: string;
  /** A ring or quadrant by name (or id), or by index (Zalando). */
  ring: string | number;
  quadrant: string | number;
  /** False for Zalando entries marked inactive: the technology is imported but not placed. */
  active: boolean;
  /** Sanitized HTML; empty when the file has none. */
  description: string;
  link: string | null;
  /** The movement the file states for this volume (BYOR isNew/status, Zalando moved, Backstage timeline); null: none. */
  movement: StatedMovement | null;
  /** Names of related technologies (the `relatedBlips` column of Thoughtworks' files). */
  related: string[];
}

export type StatedMovement = 'new' | 'moved_in' | 'moved_out' | 'no_change';

export interface ParsedImport {
  entries: ImportEntry[];
  /** Rows that could not be read at all, with why. */
  errors: Array<{ row: number; title: string; reason: string }>;
  /** Segment names the file declares by index (Zalando's and Backstage's quadrants and rings arrays). */
  quadrantNames: string[];
  ringNames: string[];
  /** The file's own date (Zalando's `date`, Backstage's latest timeline date): the volume's, unless one is given. */
  date: string | null;
  /** Columns (or keys) of the file that no field takes: listed in the preview, never silently dropped. */
  ignored: string[];
}

const emptyParse = (): ParsedImport => ({
  entries: [],
  errors: [],
  quadrantNames: [],
  ringNames: [],
  date: null,
  ignored: [],
});

/** The file as a whole cannot be read (not CSV, not JSON, missing columns): answered as 422 on /body/content. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/** The largest import, for the API and the CLI alike (an upload is also bounded by BODY_LIMIT_BYTES). */
export const MAX_IMPORT_CHARACTERS = 1_000_000;
const MAX_ENTRIES = 5000;
const MAX_TITLE = 200;
const MAX_DESCRIPTION = 50_000;

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function httpLink(value: unknown): string | null {
  const link = text(value).trim();
  return /^https?:\/\/\S{1,1990}$/i.test(link) ? link : null;
}

/** Shared row checks; returns the reason the row is unusable, if it is. */
function rowProblem(name: string, ring: unknown, quadrant: unknown, description: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (name.length > MAX_TITLE) return `the name is longer than ${MAX_TITLE} characters`;
  if (text(ring).trim() === '') return 'the ring is empty';
  if (text(quadrant).trim() === '') return 'the quadrant is empty';
  if (description.length > MAX_DESCRIPTION) return `the description is longer than ${MAX_DESCRIPTION} characters`;
  return undefined;
}

/** BYOR's columns (lower-cased) and Thoughtworks' additions that become fields; any other column is ignored. */
const BYOR_COLUMNS = ['name', 'ring', 'quadrant', 'isnew', 'status', 'description', 'relatedblips', 'link', 'url'];

const STATUS_WORDS: Record<string, StatedMovement> = {
  new: 'new',
  'moved in': 'moved_in',
  'moved out': 'moved_out',
  'no change': 'no_change',
};

/** Movement from Thoughtworks' `status` column, else BYOR's `isNew` (which says only whether it is new). */
function byorMovement(record: Record<string, unknown>): StatedMovement | null {
  const status = text(record.status).trim().toLowerCase().replace(/[_-]+/g, ' ');
  if (status in STATUS_WORDS) return STATUS_WORDS[status]!;
  return /^(true|yes|1)$/i.test(text(record.isnew).trim()) ? 'new' : null;
}

/** Related names: Thoughtworks separates them with semicolons. */
function relatedNames(value: unknown): string[] {
  return text(value)
    .split(';')
    .map((name) => name.trim())
    .filter((name) => name !== '' && name.length <= MAX_TITLE);
}

function byorRecord(record: Record<string, unknown>, row: number, into: ParsedImport): void {
  const name = text(record.name).trim();
  const description = sanitizeDescription(text(record.description));
  const problem = rowProblem(name, record.ring, record.quadrant, description);
  if (problem !== undefined) {
    into.errors.push({ row, title: name, reason: problem });
    return;
  }
  into.entries.push({
    row,
    name,
    ring: text(record.ring).trim(),
    quadrant: text(record.quadrant).trim(),
    active: true,
    description,
    link: httpLink(record.link ?? record.url),
    movement: byorMovement(record),
    related: relatedNames(record.relatedblips),
  });
}

/** Columns no field takes, in the file's spelling and order. */
function ignoredColumns(columns: readonly string[], known: readonly string[]): string[] {
  return [...new Set(columns.filter((column) => column !== '' && !known.includes(column.toLowerCase())))];
}

/** The file line a CSV record starts on: where the parser ended it, less the line breaks inside it. */
function startLine(info: { lines: number }, raw: string): number {
  return info.lines - (raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
}

/**
 * Build-Your-Own-Radar CSV: a header naming at least name, ring, quadrant (isNew, description, status and others
 * are optional, in any order and case). Quoted fields may hold commas, quotes and line breaks; a quote inside an
 * unquoted field is data (`Use "remote native" processes`), as BYOR and Python's csv module read it. A row that
 * cannot be parsed is reported once and skipped; the others are read. Rows are numbered by the file line they start
 * on (the header is line 1), so a message points at the line an editor shows.
 */
function parseByorCsv(content: string): ParsedImport {
  const parsed = emptyParse();
  let records: Array<{ record: Record<string, unknown>; info: { lines: number }; raw: string }>;
  try {
    records = parseCsv(content, {
      bom: true,
      columns: (header: string[]) => {
        parsed.ignored = ignoredColumns(
          header.map((column) => column.trim()),
          BYOR_COLUMNS,
        );
        return header.map((column) => column.trim().toLowerCase());
      },
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
      info: true,
      raw: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        const line = typeof error?.lines === 'number' ? error.lines : 0;
        parsed.errors.push({
          row: line,
          title: '',
          reason: `line ${line} could not be read: ${error?.message ?? 'malformed CSV'}`,
        });
        return undefined;
      },
    }) as typeof records;
  } catch (error) {
    throw new ImportFileError(`The CSV could not be read: ${(error as Error).message}`);
  }
  const first = records[0];
  if (first === undefined) throw new ImportFileError('The CSV has no rows.');
  const missing = ['name', 'ring', 'quadrant'].filter((column) => !(column in first.record));
  if (missing.length > 0) {
    throw new ImportFileError(`The CSV header lacks ${missing.join(', ')} (name,ring,quadrant,isNew,description).`);
  }
  if (records.length > MAX_ENTRIES) throw new ImportFileError(`The file has more than ${MAX_ENTRIES} rows.`);
  for (const { record, info, raw } of records) byorRecord(record, startLine(info, raw), parsed);
  parsed.errors.sort((a, b) => a.row - b.row);
  return parsed;
}

function parseJson(content: string): unknown {
  try {
    return JSON.parse(content.replace(/^\ufeff/, ''));
  } catch (error) {
    throw new ImportFileError(`The JSON could not be read: ${(error as Error).message}`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const lowerKeys = (record: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));

/** A calendar day (YYYY-MM-DD) from a file's date, or null when it is not one. */
function fileDay(value: unknown): string | null {
  const raw = text(value).trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw)) return null;
  const day = new Date(`${raw.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== raw.slice(0, 10) ? null : raw.slice(0, 10);
}

/** Build-Your-Own-Radar JSON: an array of {name, ring, quadrant, isNew, description}. */
function parseByorJson(content: string): ParsedImport {
  const data = parseJson(content);
  if (!Array.isArray(data)) throw new ImportFileError('BYOR JSON is an array of {name, ring, quadrant, ...} objects.');
  if (data.length > MAX_ENTRIES) throw new ImportFileError(`The file has more than ${MAX_ENTRIES} entries.`);
  const parsed = emptyParse();
  const keys = new Set<string>();
  data.forEach((item, index) => {
    if (!isRecord(item)) {
      parsed.errors.push({ row: index + 1, title: '', reason: 'the entry is not an object' });
      return;
    }
    for (const key of Object.keys(item)) keys.add(key);
    byorRecord(lowerKeys(item), index + 1, parsed);
  });
  parsed.ignored = ignoredColumns([...keys], BYOR_COLUMNS);
  return parsed;
}

const ZALANDO_KEYS = ['label', 'name', 'quadrant', 'ring', 'moved', 'active', 'link', 'description'];
const ZALANDO_TOP_KEYS = ['title', 'date', 'quadrants', 'rings', 'entries'];

/** Zalando's `moved`: 0 no change, 1 up (in), -1 down (out), 2 new. */
function zalandoMovement(value: unknown): StatedMovement | null {
  switch (Number(value)) {
    case 0:
      return 'no_change';
    case 1:
      return 'moved_in';
    case -1:
      return 'moved_out';
    case 2:
      return 'new';
    default:
      return null;
  }
}

const segmentIndex = (value: unknown): string | number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : text(value).trim();

const segmentNames = (list: unknown) =>
  Array.isArray(list) ? list.map((item) => (isRecord(item) ? text(item.name).trim() : text(item).trim())) : [];

/**
 * Zalando tech-radar JSON: {date, quadrants: [{name}], rings: [{name}], entries: [{label, quadrant, ring, moved,
 * active, link}]} where quadrant and ring are indexes into those arrays (or into the radar's own, when the file has
 * none: the preview shows that placement so the user can correct it).
 */
function parseZalando(content: string): ParsedImport {
  const data = parseJson(content);
  if (!isRecord(data) || !Array.isArray(data.entries)) {
    throw new ImportFileError('Zalando JSON is an object with an entries array (and quadrants and rings arrays).');
  }
  if (data.entries.length > MAX_ENTRIES) throw new ImportFileError(`The file has more than ${MAX_ENTRIES} entries.`);
  const parsed: ParsedImport = {
    ...emptyParse(),
    quadrantNames: segmentNames(data.quadrants),
    ringNames: segmentNames(data.rings),
    date: fileDay(data.date),
  };
  const keys = new Set<string>();
  data.entries.forEach((item, index) => {
    const row = index + 1;
    if (!isRecord(item)) {
      parsed.errors.push({ row, title: '', reason: 'the entry is not an object' });
      return;
    }
    for (const key of Object.keys(item)) keys.add(key);
    const name = text(item.label ?? item.name).trim();
    const description = sanitizeDescription(text(item.description));
    const problem = rowProblem(name, item.ring, item.quadrant, description);
    if (problem !== undefined) {
      parsed.errors.push({ row, title: name, reason: problem });
      return;
    }
    parsed.entries.push({
      row,
      name,
      ring: segmentIndex(item.ring),
      quadrant: segmentIndex(item.quadrant),
      active: item.active !== false,
      description,
      link: httpLink(item.link),
      movement: zalandoMovement(item.moved),
      related: [],
    });
  });
  parsed.ignored = [
    ...ignoredColumns(Object.keys(data), ZALANDO_TOP_KEYS),
    ...ignoredColumns([...keys], ZALANDO_KEYS).map((key) => `entries[].${key}`),
  ];
  return parsed;
}

const BACKSTAGE_KEYS = ['key', 'id', 'quadrant', 'title', 'url', 'timeline', 'description', 'links'];
const BACKSTAGE_MOVED: Record<number, StatedMovement> = { [-1]: 'moved_out', 0: 'no_change', 1: 'moved_in' };

/**
 * Backstage's tech-radar `TechRadarLoaderResponse`: {quadrants: [{id, name}], rings: [{id, name, color}], entries:
 * [{id, key, title, quadrant (an id), url, links, description, timeline: [{date, ringId, moved, description}]}]}.
 * An entry's ring and movement are its latest timeline snapshot's; a single snapshot without `moved` is new.
 */
function parseBackstage(content: string): ParsedImport {
  const data = parseJson(content);
  if (!isRecord(data) || !Array.isArray(data.entries) || !Array.isArray(data.quadrants) || !Array.isArray(data.rings)) {
    throw new ImportFileError('Backstage tech-radar JSON is an object with quadrants, rings and entries arrays.');
  }
  if (data.entries.length > MAX_ENTRIES) throw new ImportFileError(`The file has more than ${MAX_ENTRIES} entries.`);
  const ids = (list: unknown[]) => list.map((item) => (isRecord(item) ? text(item.id).trim() : ''));
  const quadrantIds = ids(data.quadrants);
  const ringIds = ids(data.rings);
  const parsed: ParsedImport = {
    ...emptyParse(),
    quadrantNames: segmentNames(data.quadrants),
    ringNames: segmentNames(data.rings),
  };
  const byId = (list: string[], value: unknown) => {
    const index = list.indexOf(text(value).trim());
    return index === -1 ? text(value).trim() : index;
  };
  const keys = new Set<string>();
  let latest: string | null = null;
  data.entries.forEach((item, index) => {
    const row = index + 1;
    if (!isRecord(item)) {
      parsed.errors.push({ row, title: '', reason: 'the entry is not an object' });
      return;
    }
    for (const key of Object.keys(item)) keys.add(key);
    const timeline = (Array.isArray(item.timeline) ? (item.timeline as unknown[]) : [])
      .filter(isRecord)
      .map((snapshot) => ({ snapshot, day: fileDay(snapshot.date) ?? '' }))
      .sort((a, b) => b.day.localeCompare(a.day));
    const current = timeline[0]?.snapshot;
    const currentDay = timeline[0]?.day ?? '';
    const name = text(item.title).trim();
    const description = sanitizeDescription(text(item.description ?? current?.description));
    const problem = rowProblem(name, current?.ringId, item.quadrant, description);
    if (problem !== undefined) {
      parsed.errors.push({ row, title: name, reason: current === undefined ? 'the timeline is empty' : problem });
      return;
    }
    if (currentDay !== '' && (latest === null || currentDay > latest)) latest = currentDay;
    const moved = current!.moved;
    const links = Array.isArray(item.links) ? item.links.filter(isRecord) : [];
    parsed.entries.push({
      row,
      name,
      ring: byId(ringIds, current!.ringId),
      quadrant: byId(quadrantIds, item.quadrant),
      active: true,
      description,
      link: httpLink(item.url) ?? httpLink(links[0]?.url),
      movement:
        typeof moved === 'number' && moved in BACKSTAGE_MOVED
          ? BACKSTAGE_MOVED[moved]!
          : timeline.length === 1
            ? 'new'
            : null,
      related: [],
    });
  });
  parsed.date = latest;
  parsed.ignored = ignoredColumns([...keys], BACKSTAGE_KEYS).map((key) => `entries[].${key}`);
  return parsed;
}

/** Reads an import file of the given format; throws ImportFileError when the file as a whole is unreadable. */
export function parseImport(format: ImportFormat, content: string): ParsedImport {
  if (content.length > MAX_IMPORT_CHARACTERS) {
    throw new ImportFileError(
      `The file has ${content.length.toLocaleString('en')} characters; an import takes at most ` +
        `${MAX_IMPORT_CHARACTERS.toLocaleString('en')}. Split it into several files.`,
    );
  }
  if (content.includes('\ufffd')) {
    // Someone decoded non-UTF-8 bytes as UTF-8 before sending them: the letters are already lost, refuse to store "�".
    throw new ImportFileError(
      'The text contains U+FFFD replacement characters (�): the file is not UTF-8 and was read as if it were. Save ' +
        'it as UTF-8, or import it with the web app or `cc radar import`, which read Windows-1252 files correctly.',
    );
  }
  switch (format) {
    case 'byor-csv':
      return parseByorCsv(content);
    case 'byor-json':
      return parseByorJson(content);
    case 'zalando':
      return parseZalando(content);
    case 'backstage':
      return parseBackstage(content);
  }
}

/**
 * The format of a file from its name and content: .csv is BYOR CSV; a JSON object whose entries have a timeline is
 * Backstage's, another JSON object Zalando's, a JSON array BYOR's.
 */
export function guessImportFormat(fileName: string, content: string): ImportFormat {
  if (/\.csv$/i.test(fileName)) return 'byor-csv';
  const start = content.replace(/^\ufeff/, '').trimStart();
  if (start.startsWith('{')) return /"timeline"\s*:/.test(start) ? 'backstage' : 'zalando';
  if (start.startsWith('[')) return 'byor-json';
  return 'byor-csv';
}
