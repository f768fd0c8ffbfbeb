// Who is asking: the address the rate limits count by. Only the socket's peer is a fact; an
// X-Forwarded-For header is anyone's claim, believed only when the peer is one of our own
// proxies (TRUSTED_PROXIES). Pure code without node:net, so the Workers build can use it too.

/** An address or a range: the network's bytes (4 for IPv4, 16 for IPv6) and its prefix length. */
export interface Cidr {
  bytes: Uint8Array;
  bits: number;
}

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return null;
  return Uint8Array.from(parts.map(Number));
}

/** The 16-bit groups of one side of `::`; an IPv4 tail (::ffff:192.0.2.1) counts as two. */
function ipv6Groups(text: string, mayEndInIpv4: boolean): number[] | null {
  if (text === '') return [];
  const groups: number[] = [];
  const parts = text.split(':');
  for (const [index, part] of parts.entries()) {
    if (/^[0-9a-f]{1,4}$/i.test(part)) {
      groups.push(Number.parseInt(part, 16));
      continue;
    }
    const v4 = mayEndInIpv4 && index === parts.length - 1 ? parseIpv4(part) : null;
    if (!v4) return null;
    groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
  }
  return groups;
}

function parseIpv6(text: string): Uint8Array | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = ipv6Groups(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? ipv6Groups(halves[1]!, true) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return Uint8Array.from(groups.flatMap((group) => [group >> 8, group & 0xff]));
}

/** The bytes of an IPv4 or IPv6 address (brackets and zone allowed), or null. ::ffff:a.b.c.d is IPv4. */
export function parseAddress(input: string): Uint8Array | null {
  const text = input.trim().replace(/^\[(.*)\]$/, '$1').replace(/%[^%]*$/, '');
  if (!text.includes(':')) return parseIpv4(text);
  const bytes = parseIpv6(text);
  const mapped = bytes && bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

/** `10.0.0.0/8`, `2001:db8::/32` or a single address; null when it is neither. */
export function parseCidr(input: string): Cidr | null {
  const [address, prefix, extra] = input.trim().split('/');
  const bytes = parseAddress(address ?? '');
  if (!bytes || extra !== undefined) return null;
  if (prefix === undefined) return { bytes, bits: bytes.length * 8 };
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  return bits <= bytes.length * 8 ? { bytes, bits } : null;
}

export function inCidr(address: Uint8Array, range: Cidr): boolean {
  if (address.length !== range.bytes.length) return false;
  for (let bit = 0; bit < range.bits; bit += 8) {
    const mask = range.bits - bit >= 8 ? 0xff : (0xff << (8 - (range.bits - bit))) & 0xff;
    if ((address[bit / 8]! & mask) !== (range.bytes[bit / 8]! & mask)) return false;
  }
  return true;
}

/**
 * The key a client is counted by. One IPv6 subscriber usually holds a whole /64, so an IPv6
 * address counts by its /64; IPv4 by the address. Unreadable text stays as it is, cut short.
 */
export function addressKey(address: string): string {
  const bytes = parseAddress(address);
  if (!bytes) return address.slice(0, 64);
  if (bytes.length === 4) return bytes.join('.');
  const groups = [0, 2, 4, 6].map((i) => ((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return `${groups.join(':')}::/64`;
}

/**
 * The client behind our own proxies. Each proxy appends the address it saw to
 * X-Forwarded-For, so the list is read from the right: hops that are our proxies are
 * skipped, and the first one that is not is the client. What lies left of it was written
 * by the client itself and is ignored. A peer that is no proxy of ours is the client.
 */
export function resolveClientAddress(peer: string | undefined, forwardedFor: string | undefined, trustedProxies: readonly Cidr[]): string {
  if (!peer) return 'unknown';
  const trusted = (address: string) => {
    const bytes = parseAddress(address);
    return bytes !== null && trustedProxies.some((range) => inCidr(bytes, range));
  };
  if (!trusted(peer)) return peer;
  const hops = (forwardedFor ?? '').split(',').map((hop) => hop.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    // A hop that is no address cannot have come from a proxy of ours: count the proxy instead.
    if (!parseAddress(hop)) return peer;
    if (!trusted(hop)) return hop;
  }
  return hops[0] ?? peer;
}
