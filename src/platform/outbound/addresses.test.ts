import { describe, expect, it } from 'vitest';
import { classifyAddress, literalAddress, parsePrivateAllowance, refusal } from './addresses.js';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.255', 'private'],
    ['169.254.169.254', 'link_local'],
    ['169.254.1.1', 'link_local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['febf::1', 'link_local'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456::1', 'unique_local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['::7f00:1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link_local'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link_local'],
    ['2002:c0a8:101::1', 'private'],
    ['not an address', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '100.128.0.1',
    '172.32.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('%s is public', (address) => {
    expect(classifyAddress(address)).toBe('public');
  });
});

describe('numeric host forms', () => {
  // WHATWG URL parsing (what the client does first) turns every IPv4 spelling into dotted decimal.
  it.each(['2130706433', '0177.0.0.1', '0x7f.1', '127.1', '0x7f000001', '017700000001', '127.0.0.1.'])(
    'http://%s/ is the loopback address',
    (host) => {
      const address = literalAddress(new URL(`http://${host}/`).hostname);
      expect(address).toBe('127.0.0.1');
      expect(classifyAddress(address!)).toBe('loopback');
    },
  );

  it('sees IPv6 literals inside their brackets, mapped forms included', () => {
    const address = literalAddress(new URL('http://[::ffff:127.0.0.1]:8080/').hostname);
    expect(address).toBe('::ffff:7f00:1');
    expect(classifyAddress(address!)).toBe('loopback');
    expect(literalAddress('example.com')).toBeUndefined();
  });
});

describe('the private allowance', () => {
  it('allows listed hosts and ranges only', () => {
    const allowance = parsePrivateAllowance('minio.internal, 10.0.0.0/8, fd00::/8, 192.168.1.5');
    expect(refusal('minio.internal', '192.168.9.9', allowance)).toBeUndefined();
    expect(refusal('Minio.Internal', '192.168.9.9', allowance)).toBeUndefined();
    expect(refusal('other', '10.20.30.40', allowance)).toBeUndefined();
    expect(refusal('other', '::ffff:10.20.30.40', allowance)).toBeUndefined();
    expect(refusal('other', 'fd00::5', allowance)).toBeUndefined();
    expect(refusal('other', '192.168.1.5', allowance)).toBeUndefined();
    expect(refusal('other', '192.168.1.6', allowance)).toBe('private');
    expect(refusal('other', '127.0.0.1', allowance)).toBe('loopback');
  });

  it('true allows every non-public address but those no HTTP server lives on', () => {
    const allowance = parsePrivateAllowance('true');
    expect(refusal('x', '127.0.0.1', allowance)).toBeUndefined();
    expect(refusal('x', '169.254.169.254', allowance)).toBeUndefined();
    expect(refusal('x', '0.0.0.0', allowance)).toBe('unspecified');
    expect(refusal('x', '224.0.0.1', allowance)).toBe('multicast');
    expect(refusal('x', '255.255.255.255', allowance)).toBe('broadcast');
  });

  it('false and empty refuse, public addresses always pass', () => {
    for (const text of ['false', '', ' FALSE ']) {
      expect(refusal('x', '127.0.0.1', parsePrivateAllowance(text))).toBe('loopback');
      expect(refusal('x', '8.8.8.8', parsePrivateAllowance(text))).toBeUndefined();
    }
  });

  it('names the entries it cannot read', () => {
    expect(() => parsePrivateAllowance('10.0.0.0/33, bad host, ok.example')).toThrow(/10\.0\.0\.0\/33, bad host$/);
    expect(() => parsePrivateAllowance('yes')).not.toThrow();
  });
});
