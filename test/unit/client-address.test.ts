// Who is asking, as the rate limits count it: X-Forwarded-For is believed only from a
// configured proxy, read from the right, and a client cannot name itself anybody.
import { describe, expect, it } from 'vitest';
import { type Cidr, addressKey, inCidr, parseAddress, parseCidr, resolveClientAddress } from '../../src/http/client-address.js';

const ranges = (...texts: string[]) => texts.map((text) => parseCidr(text)!);

describe('addresses and ranges', () => {
  it('reads IPv4, IPv6 (compressed, bracketed, with zone, IPv4-mapped) and refuses the rest', () => {
    expect([...parseAddress('192.0.2.10')!]).toEqual([192, 0, 2, 10]);
    expect(parseAddress('::ffff:192.0.2.10')).toEqual(parseAddress('192.0.2.10'));
    expect(parseAddress('[2001:db8::1]')).toEqual(parseAddress('2001:0db8:0:0:0:0:0:1'));
    expect(parseAddress('fe80::1%eth0')).toEqual(parseAddress('fe80::1'));
    for (const bad of ['', 'unknown', '256.1.1.1', '1.2.3', '2001:db8::1::2', '1:2:3:4:5:6:7:8:9', 'a.b.c.d', '12345::1']) {
      expect(parseAddress(bad), bad).toBeNull();
    }
  });

  it('matches ranges by their prefix', () => {
    const inRange = (address: string, range: string) => inCidr(parseAddress(address)!, parseCidr(range)!);
    expect(inRange('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(inRange('11.1.2.3', '10.0.0.0/8')).toBe(false);
    expect(inRange('172.31.255.1', '172.16.0.0/12')).toBe(true);
    expect(inRange('172.32.0.1', '172.16.0.0/12')).toBe(false);
    expect(inRange('2001:db8:1::5', '2001:db8::/32')).toBe(true);
    expect(inRange('10.0.0.1', '2001:db8::/32')).toBe(false);
    expect(inRange('192.0.2.1', '192.0.2.1')).toBe(true);
    expect(inRange('192.0.2.2', '192.0.2.1')).toBe(false);
    for (const bad of ['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/8/8', 'proxy.example.ch', '::/129']) expect(parseCidr(bad), bad).toBeNull();
  });

  it('counts IPv6 clients by their /64 and IPv4 clients by their address', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb::9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('192.0.2.1')).toBe('192.0.2.1');
  });
});

describe('the client behind proxies', () => {
  const proxies: Cidr[] = ranges('10.0.0.0/8', '2001:db8:ffff::/48');

  it('is the peer when the peer is no proxy of ours, whatever X-Forwarded-For says', () => {
    expect(resolveClientAddress('203.0.113.5', '198.51.100.1', proxies)).toBe('203.0.113.5');
    expect(resolveClientAddress('203.0.113.5', '198.51.100.1', [])).toBe('203.0.113.5');
  });

  it('is the nearest hop that is no proxy of ours; what the client wrote further left is ignored', () => {
    expect(resolveClientAddress('10.0.0.2', '198.51.100.7', proxies)).toBe('198.51.100.7');
    expect(resolveClientAddress('10.0.0.2', '1.1.1.1, 198.51.100.7, 10.0.0.9', proxies)).toBe('198.51.100.7');
    expect(resolveClientAddress('2001:db8:ffff::1', '2001:db8:42::1', proxies)).toBe('2001:db8:42::1');
  });

  it('is the proxy itself when the header is missing or holds no address where the client should be', () => {
    expect(resolveClientAddress('10.0.0.2', undefined, proxies)).toBe('10.0.0.2');
    expect(resolveClientAddress('10.0.0.2', '198.51.100.7, not-an-address', proxies)).toBe('10.0.0.2');
    expect(resolveClientAddress(undefined, '198.51.100.7', proxies)).toBe('unknown');
  });

  it('is the leftmost hop when every hop is a proxy of ours', () => {
    expect(resolveClientAddress('10.0.0.2', '10.0.0.3, 10.0.0.4', proxies)).toBe('10.0.0.3');
  });
});
