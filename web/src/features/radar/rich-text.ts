/**
 * Imported radar write-ups are HTML that the server sanitised on the way in (src/modules/radar/import/sanitize.ts,
 * ADR 0022); descriptions typed in the app are markdown. The browser sanitises the HTML again, by construction: the
 * parsed tree (DOMParser: no scripts run, nothing loads) is copied into plain {tag, href, children} nodes, keeping
 * only the server's allow-list of tags and http(s)/mailto links; React renders those, never an HTML string.
 */

/** The tags the server keeps, and what each becomes (b and i as the server maps them). */
const KEPT: Record<string, RichTag> = {
  p: 'p',
  strong: 'strong',
  b: 'strong',
  em: 'em',
  i: 'em',
  a: 'a',
  code: 'code',
  br: 'br',
  ul: 'ul',
  ol: 'ol',
  li: 'li',
};

/** Tags that go with everything inside them (as the server's sanitiser discards them); any other tag keeps its text. */
const DROPPED = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'textarea',
  'select',
  'option',
  'title',
  'head',
]);

export type RichTag = 'p' | 'strong' | 'em' | 'a' | 'code' | 'br' | 'ul' | 'ol' | 'li';
export type RichNode = string | { tag: RichTag; href?: string; children: RichNode[] };

/** The part of a DOM node the copy reads (so it can be tested without a DOM). */
export interface SourceNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<SourceNode>;
  getAttribute?(name: string): string | null;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/**
 * Whether a description is HTML (as imports store it) rather than markdown: it opens with a block tag, or it closes
 * one of the kept tags somewhere. Markdown that merely mentions `<img>` stays markdown (whose raw HTML is dropped).
 */
export function looksLikeHtml(source: string): boolean {
  return (
    /^\s*<(p|ul|ol|strong|em|b|i|a|code)[\s>]/i.test(source) || /<\/(p|a|strong|em|b|i|code|li|ul|ol)\s*>/i.test(source)
  );
}

/** The href if it is an absolute http(s) or mailto URL; anything else (javascript:, data:, relative) is refused. */
export function safeHref(href: string | null | undefined): string | undefined {
  if (href === null || href === undefined) return undefined;
  // Browsers ignore ASCII whitespace and control characters in a scheme ("java\tscript:"): so does this check.
  const trimmed = href.trim();
  const compact = Array.from(trimmed)
    .filter((char) => char.charCodeAt(0) > 0x20)
    .join('');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return /^https?:\/\/[^/\s]/i.test(compact) ? trimmed : undefined;
  if (scheme === 'mailto') return trimmed;
  return undefined;
}

/** Copies the children of `root` (a parsed body) into rich nodes, keeping only the allow-list. */
export function toRichNodes(root: SourceNode): RichNode[] {
  const out: RichNode[] = [];
  const children = Array.from(root.childNodes);
  for (const child of children) {
    if (child.nodeType === TEXT_NODE) {
      const text = child.textContent ?? '';
      if (text !== '') out.push(text);
      continue;
    }
    if (child.nodeType !== ELEMENT_NODE) continue;
    const name = child.nodeName.toLowerCase();
    if (DROPPED.has(name)) continue;
    const tag = KEPT[name];
    const inner = toRichNodes(child);
    if (tag === undefined) {
      out.push(...inner);
      continue;
    }
    if (tag === 'a') {
      const href = safeHref(child.getAttribute?.('href'));
      // A link to somewhere unsafe keeps its text and loses the link.
      if (href === undefined) out.push(...inner);
      else out.push({ tag, href, children: inner });
      continue;
    }
    out.push({ tag, children: tag === 'br' ? [] : inner });
  }
  return out;
}

/**
 * Thoughtworks separates paragraphs with `<br>` as well as with `<p>` margins: a break between two blocks (or
 * whitespace there) adds nothing but a blank line, so it goes.
 */
export function dropBreaksBetweenBlocks(nodes: RichNode[]): RichNode[] {
  const block = (node: RichNode | undefined) =>
    node !== undefined && typeof node !== 'string' && (node.tag === 'p' || node.tag === 'ul' || node.tag === 'ol');
  const kept = nodes.filter((node) => typeof node !== 'string' || node.trim() !== '' || !nodes.some(block));
  return kept.filter((node, index) => {
    if (typeof node === 'string' || node.tag !== 'br') return true;
    return !(block(kept[index - 1]) || block(kept[index + 1]));
  });
}

/** Parses sanitised-or-not HTML in the browser (inert: DOMParser runs no script and loads nothing). */
export function parseRichHtml(html: string): RichNode[] {
  const document = new DOMParser().parseFromString(html, 'text/html');
  return dropBreaksBetweenBlocks(toRichNodes(document.body as unknown as SourceNode));
}
