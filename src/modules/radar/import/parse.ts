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
}

export interface ParsedImport {
  entries: ImportEntry[];
  /** Rows that could not be read at all, with why. */
  errors: Array<{ row: number; title: string; reason: string }>;
  /** Segment names the file declares by index (Zalando's quadrants and rings arrays). */
  quadrantNames: string[];
  ringNames: string[];
}

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

function byorRecords(records: ReadonlyArray<Record<string, unknown>>, firstRow: number, into: ParsedImport): void {
  records.forEach((record, index) => {
    const row = firstRow + index;
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
      link: null,
    });
  });
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
  const parsed: ParsedImport = { entries: [], errors: [], quadrantNames: [], ringNames: [] };
  let records: Array<{ record: Record<string, unknown>; info: { lines: number }; raw: string }>;
  try {
    records = parseCsv(content, {
      bom: true,
      columns: (header: string[]) => header.map((column) => column.trim().toLowerCase()),
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
  for (const { record, info, raw } of records) byorRecords([record], startLine(info, raw), parsed);
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

/** Build-Your-Own-Radar JSON: an array of {name, ring, quadrant, isNew, description}. */
function parseByorJson(content: string): ParsedImport {
  const data = parseJson(content);
  if (!Array.isArray(data)) throw new ImportFileError('BYOR JSON is an array of {name, ring, quadrant, ...} objects.');
  if (data.length > MAX_ENTRIES) throw new ImportFileError(`The file has more than ${MAX_ENTRIES} entries.`);
  const parsed: ParsedImport = { entries: [], errors: [], quadrantNames: [], ringNames: [] };
  // One entry at a time, so row numbers stay true to the file even when some entries are not objects.
  data.forEach((item, index) => {
    if (isRecord(item)) byorRecords([item], index + 1, parsed);
    else parsed.errors.push({ row: index + 1, title: '', reason: 'the entry is not an object' });
  });
  return parsed;
}

/**
 * Zalando tech-radar JSON: {quadrants: [{name}], rings: [{name}], entries: [{label, quadrant, ring, moved, active,
 * link}]} where quadrant and ring are indexes into those arrays (or into the radar's own, when the file has none).
 */
function parseZalando(content: string): ParsedImport {
  const data = parseJson(content);
  if (!isRecord(data) || !Array.isArray(data.entries)) {
    throw new ImportFileError('Zalando JSON is an object with an entries array (and quadrants and rings arrays).');
  }
  if (data.entries.length > MAX_ENTRIES) throw new ImportFileError(`The file has more than ${MAX_ENTRIES} entries.`);
  const names = (list: unknown) =>
    Array.isArray(list) ? list.map((item) => (isRecord(item) ? text(item.name).trim() : text(item).trim())) : [];
  const parsed: ParsedImport = {
    entries: [],
    errors: [],
    quadrantNames: names(data.quadrants),
    ringNames: names(data.rings),
  };
  data.entries.forEach((item, index) => {
    const row = index + 1;
    if (!isRecord(item)) {
      parsed.errors.push({ row, title: '', reason: 'the entry is not an object' });
      return;
    }
    const name = text(item.label ?? item.name).trim();
    const description = sanitizeDescription(text(item.description));
    const problem = rowProblem(name, item.ring, item.quadrant, description);
    if (problem !== undefined) {
      parsed.errors.push({ row, title: name, reason: problem });
      return;
    }
    const index_ = (value: unknown) =>
      typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : text(value).trim();
    parsed.entries.push({
      row,
      name,
      ring: index_(item.ring),
      quadrant: index_(item.quadrant),
      active: item.active !== false,
      description,
      link: httpLink(item.link),
    });
  });
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
  }
}

/** The format of a file from its name and content: .csv is BYOR CSV; JSON with `entries` is Zalando's, else BYOR. */
export function guessImportFormat(fileName: string, content: string): ImportFormat {
  if (/\.csv$/i.test(fileName)) return 'byor-csv';
  const start = content.replace(/^\ufeff/, '').trimStart();
  if (start.startsWith('{')) return 'zalando';
  if (start.startsWith('[')) return 'byor-json';
  return 'byor-csv';
}
