import { describe, expect, it } from 'vitest';
import { fileNameFrom, pngName, svgSize } from './export-files';

describe('export files', () => {
  it('reads the file name from Content-Disposition', () => {
    expect(fileNameFrom('attachment; filename="Tech-Radar.csv"', 'radar.csv')).toBe('Tech-Radar.csv');
    expect(fileNameFrom('attachment; filename=plain.json', 'radar.json')).toBe('plain.json');
    expect(fileNameFrom('attachment; filename="x.csv"; filename*=UTF-8\'\'Caf%C3%A9.csv', 'radar.csv')).toBe(
      'Café.csv',
    );
    expect(fileNameFrom('attachment; filename="../../etc/passwd"', 'radar.csv')).toBe('..-..-etc-passwd');
    expect(fileNameFrom('attachment', 'radar.csv')).toBe('radar.csv');
    expect(fileNameFrom(null, 'radar.svg')).toBe('radar.svg');
  });

  it('names the PNG after the SVG', () => {
    expect(pngName('Tech-Radar.svg')).toBe('Tech-Radar.png');
    expect(pngName('radar')).toBe('radar.png');
  });

  it('reads the size an SVG declares', () => {
    expect(svgSize('<?xml version="1.0"?>\n<svg xmlns="x" width="1448" height="1020.5" viewBox="0 0 1 1">')).toEqual({
      width: 1448,
      height: 1020.5,
    });
    expect(svgSize('<svg viewBox="0 0 800 600">')).toEqual({ width: 800, height: 600 });
    expect(svgSize('<html></html>')).toBeUndefined();
  });
});
