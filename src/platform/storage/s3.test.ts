import { describe, expect, it } from 'vitest';
import { parseS3Url } from './s3.js';

describe('parseS3Url', () => {
  it('reads endpoint, bucket, prefix, region and credentials', () => {
    expect(
      parseS3Url('s3+https://AKID:se%2Fcret@s3.eu-central-1.amazonaws.com/team-files/cc/prod?region=eu-central-1'),
    ).toEqual({
      endpoint: new URL('https://s3.eu-central-1.amazonaws.com'),
      bucket: 'team-files',
      prefix: 'cc/prod/',
      region: 'eu-central-1',
      accessKeyId: 'AKID',
      secretAccessKey: 'se/cret',
    });
    expect(parseS3Url('s3+http://k:s@127.0.0.1:9000/bucket')).toMatchObject({
      endpoint: new URL('http://127.0.0.1:9000'),
      prefix: '',
      region: 'us-east-1',
    });
  });

  it('refuses URLs without a bucket, credentials or the s3 scheme', () => {
    expect(() => parseS3Url('s3+http://k:s@host/')).toThrow(/bucket/);
    expect(() => parseS3Url('s3+http://host/bucket')).toThrow(/access key/);
    expect(() => parseS3Url('https://k:s@host/bucket')).toThrow(/s3\+http/);
  });
});
