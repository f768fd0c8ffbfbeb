// Signed webhooks (spec §9.3): `x-signature: algorithm=SHA256withECDSA, keyId=<uuid>,
// signature=<base64 DER>` over the raw body bytes, checked against the space's public key
// (base64 DER SubjectPublicKeyInfo, fetched by keyId). Web Crypto wants the signature as
// raw r‖s (32 bytes each for P-256), so the DER sequence is unpacked first.
import { base64ToBytes } from './auth.js';

export interface SignatureHeader {
  algorithm: string;
  keyId: string;
  signature: string;
}

/** The header's three parts, or null when it is not of that form. */
export function parseSignatureHeader(header: string | undefined): SignatureHeader | null {
  if (!header) return null;
  const parts = Object.fromEntries(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return at < 0 ? ['', ''] : [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    }),
  );
  const { algorithm, keyId, signature } = parts as Record<string, string | undefined>;
  if (!algorithm || !keyId || !signature) return null;
  return { algorithm, keyId, signature };
}

/** DER `SEQUENCE { INTEGER r, INTEGER s }` → r‖s, each left-padded to 32 bytes; null if malformed. */
export function derToRaw(der: Uint8Array): Uint8Array<ArrayBuffer> | null {
  if (der.length < 8 || der[0] !== 0x30) return null;
  let offset = der[1]! & 0x80 ? 2 + (der[1]! & 0x7f) : 2;
  const out = new Uint8Array(64);
  for (let i = 0; i < 2; i++) {
    if (der[offset] !== 0x02) return null;
    const length = der[offset + 1]!;
    let value = der.subarray(offset + 2, offset + 2 + length);
    if (value.length !== length) return null;
    while (value.length > 32 && value[0] === 0) value = value.subarray(1);
    if (value.length > 32) return null;
    out.set(value, i * 32 + (32 - value.length));
    offset += 2 + length;
  }
  return offset === der.length ? out : null;
}

/** raw r‖s → DER, for the sandbox, which signs with Web Crypto and sends DER as the platform does. */
export function rawToDer(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = bytes.subarray(start);
    const padded = trimmed[0]! & 0x80 ? Uint8Array.of(0, ...trimmed) : trimmed;
    return Uint8Array.of(0x02, padded.length, ...padded);
  };
  const r = integer(raw.subarray(0, 32));
  const s = integer(raw.subarray(32, 64));
  return Uint8Array.of(0x30, r.length + s.length, ...r, ...s);
}

/** Whether `signature` (base64 DER) is the key's ECDSA P-256/SHA-256 signature of `body`. */
export async function verifyWebhookSignature(body: Uint8Array<ArrayBuffer>, signature: string, publicKey: string): Promise<boolean> {
  try {
    const raw = derToRaw(base64ToBytes(signature));
    if (!raw) return false;
    const key = await crypto.subtle.importKey('spki', base64ToBytes(publicKey), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, raw, body);
  } catch {
    // A key or signature that is not base64 or not P-256: not a valid signature.
    return false;
  }
}
