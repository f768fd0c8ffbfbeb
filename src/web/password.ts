// Passwords are stored as PBKDF2-SHA256 through WebCrypto, which Node and Workers both
// provide natively (Argon2id would need a WebAssembly build on Workers). 600,000 iterations
// is OWASP's figure for PBKDF2-SHA256; the count is stored with each hash, so raising it
// later leaves old hashes readable.
import { pbkdf2Async } from '@noble/hashes/pbkdf2';
import { sha256 } from '@noble/hashes/sha2';
import { base64url, constantTimeEqual } from '../crypto.js';

export const passwordIterations = 600_000;
export const minPasswordLength = 10;
const scheme = 'pbkdf2-sha256';
/**
 * Cloudflare's Workers runtime refuses WebCrypto PBKDF2 above this count (workerd issue 1346;
 * the local workerd of `wrangler dev` does not enforce it, so this cannot be seen before deploy).
 */
export const workersWebCryptoIterationLimit = 100_000;

/** `subtle` is WebCrypto's, handed in by tests that play a runtime with the Workers limit. */
export async function derivePassword(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
  subtle: SubtleCrypto = crypto.subtle,
): Promise<Uint8Array> {
  const secret = new TextEncoder().encode(password);
  try {
    const key = await subtle.importKey('raw', secret, 'PBKDF2', false, ['deriveBits']);
    return new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256));
  } catch (error) {
    if (iterations <= workersWebCryptoIterationLimit) throw error;
    // The same PBKDF2 in JavaScript (about a second of CPU instead of a few hundred ms), so a
    // hash stays the same on both runtimes and a sign-in on Workers works rather than failing.
    return pbkdf2Async(sha256, secret, salt, { c: iterations, dkLen: 32 });
  }
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

export async function hashPassword(password: string, iterations = passwordIterations): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derivePassword(password, salt, iterations);
  return `${scheme}$${iterations}$${base64url(salt)}$${base64url(hash)}`;
}

/** Compares in constant time; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [name, iterationText, saltText, hashText] = stored.split('$');
  const iterations = Number(iterationText);
  if (name !== scheme || !Number.isSafeInteger(iterations) || iterations < 1 || !saltText || !hashText) return false;
  const actual = await derivePassword(password, fromBase64url(saltText), iterations);
  return constantTimeEqual(base64url(actual), hashText);
}

/**
 * Spends the time of one verification when there is no user to check, so a sign-in with an
 * unknown address takes as long as one with a wrong password and tells nothing.
 */
let decoy: Promise<string> | null = null;
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword('decoy password that matches nothing');
  await verifyPassword(password, await decoy);
  return false;
}
