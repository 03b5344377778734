import { describe, expect, it } from 'vitest';
import { redactUrl } from './errors.js';

describe('redactUrl', () => {
  it('drops userinfo and hides secret-like query values, keeping the rest readable', () => {
    const redacted = redactUrl(
      'https://user:pa55@api.example.com/v1/items?page=2&access_token=t0k&apiKey=k3y&client_secret=s3c&X-Amz-Signature=abc&X-Amz-Credential=AKID%2F2026&sig=zz',
    );
    for (const secret of ['pa55', 't0k', 'k3y', 's3c', 'abc', 'AKID', 'zz']) expect(redacted).not.toContain(secret);
    expect(redacted).toBe(
      'https://[redacted]@api.example.com/v1/items?page=2&access_token=[redacted]&apiKey=[redacted]&client_secret=[redacted]&X-Amz-Signature=[redacted]&X-Amz-Credential=[redacted]&sig=[redacted]',
    );
  });

  it('leaves a plain URL alone and never echoes an unparsable one', () => {
    expect(redactUrl('https://example.com/a?q=radar')).toBe('https://example.com/a?q=radar');
    expect(redactUrl('not a url with a secret')).toBe('[redacted]');
  });
});
