import { describe, expect, it } from 'vitest';
import { sanitizeDescription } from './sanitize.js';

describe('sanitizeDescription', () => {
  it('keeps the allow-list and only href on links', () => {
    const html =
      '<p><strong><a href="https://example.com/x" target="_blank" aria-label="ext" class="pop-out">Link</a></strong> ' +
      'and <em>em</em>, <code>code</code><br></p><ul><li>one</li></ul><ol><li>two</li></ol>';
    expect(sanitizeDescription(html)).toBe(
      '<p><strong><a href="https://example.com/x">Link</a></strong> and <em>em</em>, <code>code</code><br /></p>' +
        '<ul><li>one</li></ul><ol><li>two</li></ol>',
    );
  });

  it('drops scripts, styles, handlers, dangerous and relative schemes; keeps text of other tags', () => {
    const html =
      '<div onclick="x()">Hi <script>alert(1)</script><style>p{}</style><img src=x onerror=alert(1)>' +
      '<a href="javascript:alert(1)">js</a> <a href="//evil.example/">proto</a> <b>bold</b> <i>it</i></div>';
    expect(sanitizeDescription(html)).toBe('Hi <a>js</a> <a>proto</a> <strong>bold</strong> <em>it</em>');
  });
});
