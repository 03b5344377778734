import { describe, expect, it } from 'vitest';
import { dropBreaksBetweenBlocks, looksLikeHtml, type SourceNode, safeHref, toRichNodes } from './rich-text';

/** A tiny stand-in for a parsed DOM tree. */
const text = (data: string): SourceNode => ({ nodeType: 3, nodeName: '#text', textContent: data, childNodes: [] });
const el = (name: string, attributes: Record<string, string>, ...children: SourceNode[]): SourceNode => ({
  nodeType: 1,
  nodeName: name.toUpperCase(),
  textContent: null,
  childNodes: children,
  getAttribute: (key) => attributes[key] ?? null,
});
const body = (...children: SourceNode[]) => el('body', {}, ...children);

describe('rich text (imported write-ups)', () => {
  it('tells imported HTML from markdown', () => {
    expect(looksLikeHtml('<p>Context engineering has evolved</p>')).toBe(true);
    expect(looksLikeHtml('Use <a href="https://example.com">this</a> tool')).toBe(true);
    expect(looksLikeHtml('## Heading\n\n- **bold** item')).toBe(false);
    expect(looksLikeHtml('Markdown with <img src=x onerror=alert(1)> inside')).toBe(false);
    expect(looksLikeHtml('a < b and c > d')).toBe(false);
  });

  it('keeps only http(s) and mailto links', () => {
    expect(safeHref('https://www.thoughtworks.com/radar')).toBe('https://www.thoughtworks.com/radar');
    expect(safeHref(' http://example.com/x ')).toBe('http://example.com/x');
    expect(safeHref('mailto:radar@example.com')).toBe('mailto:radar@example.com');
    for (const bad of [
      'javascript:alert(1)',
      'JaVa\tScRiPt:alert(1)',
      'data:text/html,x',
      '/relative',
      '//evil.com',
      'https:/x',
    ]) {
      expect(safeHref(bad), bad).toBeUndefined();
    }
    expect(safeHref(null)).toBeUndefined();
  });

  it('copies the allow-list and nothing else', () => {
    const tree = body(
      el(
        'p',
        { onclick: 'steal()' },
        el('strong', {}, el('a', { href: 'https://example.com/a', class: 'pop-out', target: '_self' }, text('Link'))),
        text(' and '),
        el('b', {}, text('bold')),
        el('i', {}, text('italic')),
        el('span', { style: 'color:red' }, text(' kept text')),
      ),
      el('script', {}, text('steal()')),
      el('img', { src: 'x', onerror: 'steal()' }),
      el('p', {}, el('a', { href: 'javascript:steal()' }, text('no link')), el('code', {}, text('x < y'))),
      el('ul', {}, el('li', {}, text('one'))),
    );
    expect(toRichNodes(tree)).toEqual([
      {
        tag: 'p',
        children: [
          { tag: 'strong', children: [{ tag: 'a', href: 'https://example.com/a', children: ['Link'] }] },
          ' and ',
          { tag: 'strong', children: ['bold'] },
          { tag: 'em', children: ['italic'] },
          ' kept text',
        ],
      },
      { tag: 'p', children: ['no link', { tag: 'code', children: ['x < y'] }] },
      { tag: 'ul', children: [{ tag: 'li', children: ['one'] }] },
    ]);
  });

  it('drops the breaks Thoughtworks puts between paragraphs, not those inside one', () => {
    const nodes = toRichNodes(
      body(el('p', {}, text('one'), el('br', {}), text('two')), el('br', {}), text('\n'), el('p', {}, text('three'))),
    );
    expect(dropBreaksBetweenBlocks(nodes)).toEqual([
      { tag: 'p', children: ['one', { tag: 'br', children: [] }, 'two'] },
      { tag: 'p', children: ['three'] },
    ]);
  });
});
