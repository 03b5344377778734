import { describe, expect, it } from 'vitest';
import { cleanFilename, contentDisposition, contentMatchesType, effectiveContentType } from './attachment-rules.js';

describe('attachment rules', () => {
  it('takes the declared type without parameters, and the extension only for generic declarations', () => {
    expect(effectiveContentType('Text/Plain; charset=utf-8', 'notes.md')).toBe('text/plain');
    expect(effectiveContentType('application/octet-stream', 'report.PDF')).toBe('application/pdf');
    expect(effectiveContentType(undefined, 'data.json')).toBe('application/json');
    expect(effectiveContentType('application/octet-stream', 'blob.bin')).toBe('application/octet-stream');
  });

  it('checks magic numbers of binary types and NUL-free text', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    expect(contentMatchesType('image/png', png)).toBe(true);
    expect(contentMatchesType('image/png', Buffer.from('<html>'))).toBe(false);
    expect(contentMatchesType('application/pdf', Buffer.from('%PDF-1.7\n'))).toBe(true);
    expect(contentMatchesType('image/jpeg', png)).toBe(false);
    expect(contentMatchesType('text/plain', Buffer.from('hello'))).toBe(true);
    expect(contentMatchesType('text/plain', Buffer.from([0x68, 0x00]))).toBe(false);
    expect(contentMatchesType('application/x-unknown', Buffer.from([0]))).toBe(true);
  });

  it('keeps only a safe last path segment of the file name', () => {
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('C:\\Users\\me\\report "final".pdf')).toBe('report final.pdf');
    expect(cleanFilename('.hidden')).toBe('hidden');
    expect(cleanFilename('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(cleanFilename('x'.repeat(300))).toHaveLength(255);
  });

  it('builds an attachment disposition with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(contentDisposition('Über "x";.txt')).toBe(
      `attachment; filename="_ber _x__.txt"; filename*=UTF-8''%C3%9Cber%20%22x%22%3B.txt`,
    );
  });
});
