// Provider credentials at rest: AES-256-GCM with a key derived from APP_SECRET (HKDF),
// through Web Crypto so Node and Workers share it. A sealed value is
// "v1.<iv>.<ciphertext+tag>" in base64url; the tenant id is bound in as additional data,
// so a sealed secret copied to another tenant's row does not open.
import { base64url } from './crypto.js';

export interface SecretBox {
  seal(plaintext: string, tenantId: string): Promise<string>;
  open(sealed: string, tenantId: string): Promise<string>;
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

export async function createSecretBox(appSecret: string): Promise<SecretBox> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(appSecret), 'HKDF', false, [
    'deriveKey',
  ]);
  const key = await crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new TextEncoder().encode('invoice-paylink'),
      info: new TextEncoder().encode('provider credentials v1'),
    },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
  return {
    async seal(plaintext, tenantId) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = new TextEncoder().encode(plaintext);
      const additionalData = new TextEncoder().encode(tenantId);
      const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, data);
      return `v1.${base64url(iv)}.${base64url(new Uint8Array(sealed))}`;
    },
    async open(sealed, tenantId) {
      const [version, iv, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !body) throw new Error('unknown sealed secret format');
      const additionalData = new TextEncoder().encode(tenantId);
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64url(iv), additionalData },
        key,
        fromBase64url(body),
      );
      return new TextDecoder().decode(plain);
    },
  };
}
