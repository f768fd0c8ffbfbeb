// The webhook deliveries' fetch while the sandbox is off. endpoint-url.ts refuses URLs whose
// host is a non-public address or a local name, but a public-looking name can resolve to
// 127.0.0.1 or 10.x (on purpose, or later: DNS rebinding), and fetch would connect there: a
// tenant's admin could make this server POST into its own network. Here the name is resolved
// on the connection itself and every address it resolves to must be public, so the address
// checked is the address connected to. Redirects are never followed (the deliveries want
// none). On Workers the platform's fetch does not reach private networks at all.
import { type LookupAddress, type LookupAllOptions, lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { DeliveryFetch } from '../webhooks/deliver-webhooks.js';
import { isPublicAddress } from '../webhooks/endpoint-url.js';

type Resolve = (hostname: string, options: LookupAllOptions, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/** `resolve` and `allowed` are for tests: the machine's resolver and the public-address rule by default. */
export function createPublicOnlyFetch(options: { resolve?: Resolve; allowed?: (address: string) => boolean } = {}): DeliveryFetch {
  const resolve: Resolve = options.resolve ?? ((hostname, lookupOptions, callback) => dnsLookup(hostname, lookupOptions, callback));
  const allowed = options.allowed ?? isPublicAddress;
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const refused = addresses.find((entry) => !allowed(entry.address));
      if (refused || addresses.length === 0) {
        const reason = refused ? `${hostname} resolves to ${refused.address}, which is not a public address` : `${hostname} resolves to no address`;
        return callback(Object.assign(new Error(reason), { code: 'ENOTPUBLIC' }), '', 4);
      }
      if (lookupOptions.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  return (url, init) =>
    new Promise<Response>((answer, fail) => {
      const target = new URL(url);
      const client = target.protocol === 'https:' ? https : http;
      // A length, as fetch sends it, rather than a chunked body: some receivers refuse those.
      const headers = { ...init.headers, 'Content-Length': String(Buffer.byteLength(init.body)) };
      const request = client.request(target, { method: init.method, headers, lookup, signal: init.signal }, (response) => {
        // Only the status matters to a delivery; the body is read away unused.
        response.resume();
        try {
          answer(new Response(null, { status: response.statusCode ?? 0 }));
        } catch {
          fail(new Error(`The endpoint answered with the invalid HTTP status ${response.statusCode}.`));
        }
      });
      request.on('error', fail);
      request.end(init.body);
    });
}
