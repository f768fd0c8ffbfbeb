// Passwords are stored as PBKDF2-SHA256 through WebCrypto, which Node and Workers both
// provide natively (Argon2id would need a WebAssembly build on Workers). 600,000 iterations
// is OWASP's figure for PBKDF2-SHA256; the count is stored with each hash, so raising it
// later leaves old hashes readable.
import { base64url, constantTimeEqual } from '../crypto.js';

export const passwordIterations = 600_000;
export const minPasswordLength = 10;
const scheme = 'pbkdf2-sha256';

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

export async function hashPassword(password: string, iterations = passwordIterations): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, iterations);
  return `${scheme}$${iterations}$${base64url(salt)}$${base64url(hash)}`;
}

/** Compares in constant time; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [name, iterationText, saltText, hashText] = stored.split('$');
  const iterations = Number(iterationText);
  if (name !== scheme || !Number.isSafeInteger(iterations) || iterations < 1 || !saltText || !hashText) return false;
  const actual = await derive(password, fromBase64url(saltText), iterations);
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
