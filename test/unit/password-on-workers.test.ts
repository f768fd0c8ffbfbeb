// Cloudflare's Workers runtime refuses WebCrypto PBKDF2 above 100,000 iterations, and the
// service stores 600,000. Where WebCrypto refuses, the same PBKDF2 is computed in JavaScript:
// the hash a Node server stored opens on Workers and the other way round.
import { describe, expect, it } from 'vitest';
import { derivePassword, hashPassword, verifyPassword, workersWebCryptoIterationLimit } from '../../src/web/password.js';

/** WebCrypto as Cloudflare's runtime has it: PBKDF2 refused above the limit. */
const workersSubtle = new Proxy(crypto.subtle, {
  get(target, name) {
    if (name === 'deriveBits') {
      return (algorithm: Pbkdf2Params, key: CryptoKey, length: number) => {
        if (algorithm.iterations > workersWebCryptoIterationLimit) {
          return Promise.reject(new DOMException(`Pbkdf2 failed: iteration counts above ${workersWebCryptoIterationLimit} are not supported (requested ${algorithm.iterations})`, 'NotSupportedError'));
        }
        return target.deriveBits(algorithm, key, length);
      };
    }
    const value = Reflect.get(target, name) as unknown;
    return typeof value === 'function' ? value.bind(target) : value;
  },
});

describe('passwords on Workers', () => {
  it('derive the hash the Node server stored for 600,000 iterations, where WebCrypto refuses that count', async () => {
    const stored = await hashPassword('office password 1');
    const [, iterations, saltText] = stored.split('$');
    expect(Number(iterations)).toBe(600_000);
    const salt = Uint8Array.from(atob(saltText!.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0));
    // The same count through WebCrypto alone would be refused here.
    await expect(workersSubtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 600_000 }, await crypto.subtle.importKey('raw', new Uint8Array(1), 'PBKDF2', false, ['deriveBits']), 256)).rejects.toThrow(/not supported/);
    const onWorkers = await derivePassword('office password 1', salt, 600_000, workersSubtle);
    expect(stored.endsWith(Buffer.from(onWorkers).toString('base64url'))).toBe(true);
    expect(await verifyPassword('office password 1', stored)).toBe(true);
    expect(await verifyPassword('office password 2', stored)).toBe(false);
  });

  it('still fail loudly for a refusal that is not the Workers limit', async () => {
    const broken = new Proxy(crypto.subtle, {
      get: (target, name) => (name === 'importKey' ? () => Promise.reject(new Error('no PBKDF2 here')) : (Reflect.get(target, name) as unknown)),
    });
    await expect(derivePassword('office password 1', new Uint8Array(16), 1_000, broken)).rejects.toThrow('no PBKDF2 here');
  });
});
