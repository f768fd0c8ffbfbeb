// Where events may be sent. The outbound rule of the hardening issue, applied to URLs an
// admin types: while the sandbox is off (production), only https to a public address; while
// it is on (the embedded setup and the tests), http and local receivers are allowed too.
// Checked when an endpoint is saved and again before every delivery, since the server's
// setting may have changed in between.
import { type Cidr, inCidr, parseAddress, parseCidr } from '../http/client-address.js';

const nonPublicRanges: Cidr[] = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/3',
  '::/128',
  '::1/128',
  '64:ff9b::/96',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
].map((range) => parseCidr(range)!);

/** Whether events may go to `address` (an IP address as text) while the sandbox is off. */
export function isPublicAddress(address: string): boolean {
  const bytes = parseAddress(address);
  return bytes !== null && !nonPublicRanges.some((range) => inCidr(bytes, range));
}

// Names that point into the host or its network by convention.
const localNames = /(^|\.)(localhost|local|internal|localdomain|home\.arpa|lan)$/i;

/** Why `url` may not receive events here, or null when it may. */
export function endpointUrlProblem(url: string, sandboxEnabled: boolean): string | null {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return 'must be an absolute URL such as https://erp.example.ch/hooks/payments';
  }
  if (target.username || target.password) return 'must not carry a user name or password';
  if (target.protocol !== 'https:' && !(sandboxEnabled && target.protocol === 'http:')) {
    return sandboxEnabled ? 'must be an http(s) URL' : 'must be an https URL';
  }
  if (sandboxEnabled) return null;
  const host = target.hostname.replace(/\.$/, '');
  // A name is checked again where it is resolved, at each delivery (node/public-only-fetch.ts).
  const isAddress = parseAddress(host) !== null;
  if (isAddress ? !isPublicAddress(host) : localNames.test(host) || !host.includes('.')) {
    return 'must reach a public address (no loopback, private or link-local hosts) while the sandbox is off';
  }
  return null;
}
