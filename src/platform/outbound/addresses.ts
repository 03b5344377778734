import { BlockList, isIP } from 'node:net';

/** Why an address is not a public internet address; `public` when it is one. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'unique_local'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'reserved';

type Range = readonly [network: string, prefix: number, kind: Exclude<AddressClass, 'public'>];

/** IANA's special-purpose IPv4 registry, the parts that are never a public HTTP server. */
const IPV4_RANGES: readonly Range[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link_local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** IPv6 outside global unicast (2000::/3) is refused as reserved unless named here first. */
const IPV6_RANGES: readonly Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['64:ff9b:1::', 48, 'private'],
  ['fc00::', 7, 'unique_local'],
  ['fe80::', 10, 'link_local'],
  ['fec0::', 10, 'private'],
  ['ff00::', 8, 'multicast'],
  ['100::', 64, 'reserved'],
  ['2001::', 23, 'reserved'],
  ['2001:db8::', 32, 'reserved'],
];

const lists = [
  ...IPV4_RANGES.map((range) => [range, 'ipv4'] as const),
  ...IPV6_RANGES.map((r) => [r, 'ipv6'] as const),
].map(([[network, prefix, kind], family]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { list, family, kind };
});

const globalUnicast = new BlockList();
globalUnicast.addSubnet('2000::', 3, 'ipv6');

/** IPv6 forms that carry an IPv4 address: mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16). */
function embeddedIpv4(canonical: string): string | undefined {
  const toIpv4 = (high: string, low: string) => {
    const value = (Number.parseInt(high, 16) << 16) | Number.parseInt(low, 16);
    return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
  };
  const tail = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (tail !== null) return toIpv4(tail[1]!, tail[2]!);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4})(?::|$)/.exec(canonical);
  if (sixToFour !== null) return toIpv4(sixToFour[1]!, sixToFour[2]!);
  return undefined;
}

/**
 * The IPv6 address as WHATWG URL serialises it: lower case, zeros compressed, a dotted IPv4 tail turned into hex
 * (`::ffff:127.0.0.1` → `::ffff:7f00:1`), a zone id dropped.
 */
function canonicalIpv6(address: string): string {
  const withoutZone = address.replace(/%.*$/, '');
  return new URL(`http://[${withoutZone}]/`).hostname.slice(1, -1);
}

/** Classifies one IP address (v4 or v6, as a resolver or a URL gives it); anything unparsable is `reserved`. */
export function classifyAddress(address: string): AddressClass {
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 4) {
    if (address === '255.255.255.255') return 'broadcast';
    return lists.find((entry) => entry.family === 'ipv4' && entry.list.check(address, 'ipv4'))?.kind ?? 'public';
  }
  if (family !== 6) return 'reserved';
  const canonical = canonicalIpv6(address);
  const ipv4 = embeddedIpv4(canonical);
  if (ipv4 !== undefined) return classifyAddress(ipv4);
  const listed = lists.find((entry) => entry.family === 'ipv6' && entry.list.check(canonical, 'ipv6'));
  if (listed !== undefined) return listed.kind;
  return globalUnicast.check(canonical, 'ipv6') ? 'public' : 'reserved';
}

/** The address a check and a connection use for a URL host: IPv6 literals lose their brackets. */
export function literalAddress(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) === 0 ? undefined : bare;
}

/**
 * Which non-public addresses may be reached: all of them (`true`), none, or the ones of listed host names and
 * CIDR ranges. Unspecified, multicast and broadcast addresses are never reachable: no HTTP server lives there,
 * and 0.0.0.0 would connect to this machine.
 */
export interface PrivateAllowance {
  readonly all: boolean;
  readonly hosts: ReadonlySet<string>;
  readonly ranges: BlockList;
  /** As configured, for error messages and the docs. */
  readonly text: string;
}

export const NO_PRIVATE: PrivateAllowance = { all: false, hosts: new Set(), ranges: new BlockList(), text: 'false' };
export const ANY_PRIVATE: PrivateAllowance = { all: true, hosts: new Set(), ranges: new BlockList(), text: 'true' };

/** Parses `true`, `false` or a comma-separated list of host names, IPs and CIDRs; throws with the bad entries. */
export function parsePrivateAllowance(text: string): PrivateAllowance {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'false') return NO_PRIVATE;
  if (trimmed === 'true') return ANY_PRIVATE;
  const hosts = new Set<string>();
  const ranges = new BlockList();
  const bad: string[] = [];
  for (const entry of trimmed
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')) {
    const [network = '', prefixText] = entry.split('/');
    const address = literalAddress(network);
    if (address !== undefined) {
      const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
      const prefix = prefixText === undefined ? (family === 'ipv4' ? 32 : 128) : Number(prefixText);
      const max = family === 'ipv4' ? 32 : 128;
      if (!/^\d+$/.test(prefixText ?? '0') || prefix > max) bad.push(entry);
      else ranges.addSubnet(family === 'ipv6' ? canonicalIpv6(address) : address, prefix, family);
    } else if (
      prefixText === undefined &&
      /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(entry)
    ) {
      hosts.add(entry);
    } else {
      bad.push(entry);
    }
  }
  if (bad.length > 0) throw new Error(`not a host name, IP or CIDR: ${bad.join(', ')}`);
  return { all: false, hosts, ranges, text: trimmed };
}

const NEVER_REACHABLE: ReadonlySet<AddressClass> = new Set(['unspecified', 'multicast', 'broadcast']);

/** Undefined when `address` (of `host`) may be connected to; otherwise why not. */
export function refusal(host: string, address: string, allowance: PrivateAllowance): AddressClass | undefined {
  const kind = classifyAddress(address);
  if (kind === 'public') return undefined;
  if (NEVER_REACHABLE.has(kind)) return kind;
  if (allowance.all || allowance.hosts.has(host.toLowerCase())) return undefined;
  const family = isIP(address.replace(/%.*$/, '')) === 4 ? 'ipv4' : 'ipv6';
  const normalised = family === 'ipv6' ? canonicalIpv6(address) : address;
  if (allowance.ranges.check(normalised, family)) return undefined;
  const ipv4 = family === 'ipv6' ? embeddedIpv4(normalised) : undefined;
  if (ipv4 !== undefined && allowance.ranges.check(ipv4, 'ipv4')) return undefined;
  return kind;
}
