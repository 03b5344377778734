import { describe, expect, it } from 'vitest';
import { decodeImportFile } from './decode.js';
import { ImportFileError, parseImport } from './parse.js';

// "Café Crème,adopt,tools" as a spreadsheet saves it in Windows-1252: é = 0xE9, è = 0xE8.
const WINDOWS_1252 = Uint8Array.from([
  ...Buffer.from('name,ring,quadrant\nCaf'),
  0xe9,
  ...Buffer.from(' Cr'),
  0xe8,
  ...Buffer.from('me,adopt,tools\n'),
]);

describe('import file decoding', () => {
  it('reads Windows-1252 bytes as Windows-1252, never as replacement characters', () => {
    const decoded = decodeImportFile(WINDOWS_1252);
    expect(decoded.encoding).toBe('windows-1252');
    expect(parseImport('byor-csv', decoded.content).entries[0]!.name).toBe('Café Crème');
    // What decoding as UTF-8 would have stored:
    expect(new TextDecoder().decode(WINDOWS_1252)).toContain('\ufffd');
  });

  it('reads UTF-8 as UTF-8 and drops a byte-order mark', () => {
    const decoded = decodeImportFile(
      Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('name,ring,quadrant\nCafé,adopt,tools')]),
    );
    expect(decoded).toEqual({ content: 'name,ring,quadrant\nCafé,adopt,tools', encoding: 'utf-8' });
  });

  it('refuses text that already holds replacement characters instead of storing them', () => {
    expect(() => parseImport('byor-csv', 'name,ring,quadrant\nCaf\ufffd Cr\ufffdme,adopt,tools\n')).toThrow(
      ImportFileError,
    );
    expect(() => parseImport('zalando', '{"entries":[{"label":"Caf\ufffd","quadrant":0,"ring":0}]}')).toThrow(
      /not UTF-8/,
    );
  });

  it('refuses a file over the import limit with a message that gives both sizes', () => {
    const huge = `name,ring,quadrant\n${'x,adopt,tools\n'.repeat(80_000)}`;
    expect(() => parseImport('byor-csv', huge)).toThrow(/1,120,019 characters; an import takes at most 1,000,000/);
  });
});
