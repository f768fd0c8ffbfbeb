// How every request to PostFinance Checkout proves who sends it (shared/specs/postfinance-checkout.md §3).
// API v2.0 (used here): a fresh HS256 JWT per request, bound to its path and method. API v1:
// HMAC-SHA512 headers over the same facts. Both are signed with Web Crypto, so the code runs
// on Workers as on Node. The key is the application user's authentication key, base64-decoded.
import { base64url } from '../../crypto.js';

export const base64ToBytes = (value: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(value), (c) => c.charCodeAt(0));

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

async function hmac(hash: 'SHA-256' | 'SHA-512', key: string, data: string): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey('raw', base64ToBytes(key), { name: 'HMAC', hash }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, new TextEncoder().encode(data)));
}

export interface RequestSigner {
  userId: string;
  authenticationKey: string;
  /** Unix seconds. */
  timestamp: number;
}

/**
 * The v2.0 bearer token. The JSON bytes matter: header and claims are serialised in the
 * SDK's order (`alg, typ, ver`; `sub, iat, requestPath, requestMethod`), `sub` as a string.
 * `requestPath` is "/api/v2.0" + path + query, exactly as sent.
 */
export async function checkoutJwt(signer: RequestSigner, method: string, requestPath: string): Promise<string> {
  const encode = (value: unknown) => base64url(new TextEncoder().encode(JSON.stringify(value)));
  const header = encode({ alg: 'HS256', typ: 'JWT', ver: 1 });
  const claims = encode({ sub: signer.userId, iat: signer.timestamp, requestPath, requestMethod: method.toUpperCase() });
  const signature = base64url(await hmac('SHA-256', signer.authenticationKey, `${header}.${claims}`));
  return `${header}.${claims}.${signature}`;
}

/** The v1 MAC headers; `resourcePath` includes "/api" and the full query string. The body is not signed. */
export async function checkoutMacHeaders(signer: RequestSigner, method: string, resourcePath: string): Promise<Record<string, string>> {
  const stringToSign = ['1', signer.userId, String(signer.timestamp), method.toUpperCase(), resourcePath].join('|');
  return {
    'x-mac-version': '1',
    'x-mac-userid': signer.userId,
    'x-mac-timestamp': String(signer.timestamp),
    'x-mac-value': bytesToBase64(await hmac('SHA-512', signer.authenticationKey, stringToSign)),
  };
}

/**
 * For the sandbox: the claims of a token whose HS256 signature holds under `keyOf(sub)`, or
 * null. Compared in constant time through Web Crypto's verify.
 */
export async function verifiedJwtClaims(
  token: string,
  keyOf: (userId: string) => string | undefined,
): Promise<{ sub: string; iat: number; requestPath: string; requestMethod: string } | null> {
  const [header, claims, signature] = token.split('.');
  if (!header || !claims || !signature) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(base64ToBytes(claims.replaceAll('-', '+').replaceAll('_', '/'))));
  } catch {
    return null;
  }
  const body = parsed as Record<string, unknown>;
  if (typeof body.sub !== 'string' || typeof body.iat !== 'number' || typeof body.requestPath !== 'string' || typeof body.requestMethod !== 'string') return null;
  const key = keyOf(body.sub);
  if (!key) return null;
  const cryptoKey = await crypto.subtle.importKey('raw', base64ToBytes(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  let given: Uint8Array<ArrayBuffer>;
  try {
    given = base64ToBytes(signature.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    return null;
  }
  const ok = await crypto.subtle.verify('HMAC', cryptoKey, given, new TextEncoder().encode(`${header}.${claims}`));
  return ok ? { sub: body.sub, iat: body.iat, requestPath: body.requestPath, requestMethod: body.requestMethod } : null;
}
