import sanitizeHtml from 'sanitize-html';

/**
 * Imported descriptions are HTML (Thoughtworks' carry links with target, aria-label and class attributes). They are
 * kept, but only as an allow-list: paragraphs, emphasis, code, line breaks, lists, and links whose href is http(s)
 * or mailto. Scripts and styles go with their content; any other tag goes but keeps its text. See ADR 0022.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'strong', 'em', 'a', 'code', 'br', 'ul', 'ol', 'li'],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: { b: 'strong', i: 'em' },
};

export function sanitizeDescription(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}
