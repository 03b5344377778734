/** An uploaded file's text and the encoding it was read in. */
export interface DecodedFile {
  content: string;
  encoding: 'utf-8' | 'windows-1252';
}

/**
 * Reads an import file's bytes: as UTF-8 when they are valid UTF-8 (a byte-order mark is dropped), otherwise as
 * Windows-1252, the legacy encoding spreadsheet programs save CSV in (a superset of ISO-8859-1 for printable text).
 * Decoding invalid bytes as UTF-8 would store U+FFFD in place of every accented letter (`Caf� Cr�me`). Runs in
 * Node (the CLI) and in the browser (the web upload): TextDecoder is in both.
 */
export function decodeImportFile(bytes: Uint8Array): DecodedFile {
  try {
    return { content: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { content: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}
