// The Node entry's answer to "who is asking": the socket's peer, or the client a trusted
// proxy names in X-Forwarded-For (see http/client-address.ts for how the header is read).
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { type Cidr, parseCidr, resolveClientAddress } from '../http/client-address.js';

/** `trustedProxies` are already checked by config.ts; a range that does not parse is skipped. */
export function nodeClientAddress(trustedProxies: readonly string[]): (c: Context) => string {
  const ranges = trustedProxies.map(parseCidr).filter((range): range is Cidr => range !== null);
  return (c) => {
    let peer: string | undefined;
    try {
      peer = getConnInfo(c).remote.address;
    } catch {
      // Not a request from a socket (app.request()): nobody to name.
    }
    return resolveClientAddress(peer, c.req.header('X-Forwarded-For'), ranges);
  };
}
