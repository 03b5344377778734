/** Pure rules for attachment uploads and downloads: type inference, content sniffing, safe headers. */

const EXTENSION_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  txt: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  zip: 'application/zip',
  html: 'text/html',
  htm: 'text/html',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/**
 * The content type to check and store: the declared one without parameters, lower-cased; a generic declaration
 * (`application/octet-stream`, what `curl -F` and some browsers send for unknown files) is replaced by the one the
 * file name's extension implies, when it implies one.
 */
export function effectiveContentType(declared: string | undefined, filename: string): string {
  const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== '' && type !== 'application/octet-stream') return type;
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  return (extension === undefined ? undefined : EXTENSION_TYPES[extension]) ?? (type || 'application/octet-stream');
}

const startsWith = (head: Buffer, ...bytes: number[]) => bytes.every((byte, index) => head[index] === byte);
const ascii = (head: Buffer, offset: number, text: string) =>
  head.subarray(offset, offset + text.length).toString('latin1') === text;

/** Magic numbers of the binary types we know; a declared type that disagrees with its bytes is refused. */
const SIGNATURES: Record<string, (head: Buffer) => boolean> = {
  'application/pdf': (head) => ascii(head, 0, '%PDF-'),
  'image/png': (head) => startsWith(head, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  'image/jpeg': (head) => startsWith(head, 0xff, 0xd8, 0xff),
  'image/gif': (head) => ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a'),
  'image/webp': (head) => ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP'),
  'application/zip': isZip,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': isZip,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': isZip,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': isZip,
};

function isZip(head: Buffer): boolean {
  return startsWith(head, 0x50, 0x4b, 0x03, 0x04) || startsWith(head, 0x50, 0x4b, 0x05, 0x06);
}

function isText(type: string): boolean {
  return type.startsWith('text/') || type === 'application/json' || type.endsWith('+json') || type.endsWith('+xml');
}

/**
 * Whether the first bytes agree with the declared type: known binary formats must carry their magic number, text
 * types must not contain NUL bytes. Types we know nothing about pass (the allow-list already admitted them).
 */
export function contentMatchesType(type: string, head: Buffer): boolean {
  const signature = SIGNATURES[type];
  if (signature !== undefined) return signature(head);
  if (isText(type)) return !head.includes(0);
  return true;
}

/**
 * A file name that is safe to store and to send back: the last path segment only, control characters and
 * characters that mean something in headers or file systems removed, at most 255 characters.
 */
export function cleanFilename(name: string): string {
  const last = name.split(/[\\/]/).at(-1) ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  const cleaned = last.replace(/[\u0000-\u001f\u007f"<>:|?*]/g, '').trim();
  const withoutDots = cleaned.replace(/^\.+/, '');
  return withoutDots.slice(0, 255);
}

/**
 * `Content-Disposition: attachment` with an ASCII fallback name and the exact name in RFC 5987 encoding, so that
 * every browser saves the file under its name and none renders it inline.
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_') || 'download';
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
