/** Saving an exported radar file in the browser, and the PNG made from the SVG export. */

/** The file name a Content-Disposition header gives (filename* first, then filename), or the fallback. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (disposition === null) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)?.[1];
  if (extended !== undefined) {
    try {
      return safeName(decodeURIComponent(extended.trim()), fallback);
    } catch {
      // Not valid percent-encoding: try the plain parameter.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/.exec(disposition);
  return safeName((plain?.[1] ?? plain?.[2] ?? '').trim(), fallback);
}

/** No folders and no control characters in a name the browser saves under. */
function safeName(name: string, fallback: string): string {
  const cleaned = Array.from(name.replace(/[/\\]/g, '-'))
    .filter((char) => char.charCodeAt(0) >= 0x20)
    .join('')
    .trim();
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? fallback : cleaned;
}

/** radar.svg → radar.png */
export function pngName(svgName: string): string {
  return /\.svg$/i.test(svgName) ? svgName.replace(/\.svg$/i, '.png') : `${svgName}.png`;
}

/** The width and height an SVG document declares (its width/height attributes, else its viewBox). */
export function svgSize(svg: string): { width: number; height: number } | undefined {
  const open = /<svg\b[^>]*>/i.exec(svg)?.[0];
  if (open === undefined) return undefined;
  const attribute = (name: string) => new RegExp(`\\s${name}="([0-9.]+)(px)?"`).exec(open)?.[1];
  const width = Number(attribute('width'));
  const height = Number(attribute('height'));
  if (width > 0 && height > 0) return { width, height };
  const box = /\sviewBox="[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)[\s,]+([0-9.]+)"/.exec(open);
  if (box === null) return undefined;
  return { width: Number(box[1]), height: Number(box[2]) };
}

/** Hands a blob to the browser as a download. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the download a moment to start before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Rasterises an SVG document at `scale` × its size (2: sharp on high-density screens), on a white background. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const size = svgSize(svg) ?? { width: 1200, height: 900 };
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    const loaded = new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The browser could not draw the SVG'));
    });
    image.src = url;
    await loaded;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(size.width * scale);
    canvas.height = Math.round(size.height * scale);
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('No canvas to draw the PNG on');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob === null ? reject(new Error('The PNG could not be made')) : resolve(blob)),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
