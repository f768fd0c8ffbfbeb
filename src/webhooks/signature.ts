// The signature on every delivery, the way Stripe signs: `t=<unix seconds>,v1=<hex>` where
// the hex is HMAC-SHA256 over "<t>.<body>" with the endpoint's secret. The timestamp inside
// the signed text lets a receiver refuse a replayed old request. Web Crypto, so the delivery
// runs on Node and Workers alike.
import { randomToken } from '../crypto.js';

export const signatureHeader = 'Webhook-Signature';
export const eventIdHeader = 'Webhook-Id';
export const eventTypeHeader = 'Webhook-Type';

/** 192 random bits behind a prefix that tells a person what the string is. */
export function generateEndpointSecret(): string {
  return `whsec_${randomToken(24)}`;
}

async function hmacKey(secret: string, usage: 'sign' | 'verify') {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

export async function signatureFor(secret: string, body: string, at: Date): Promise<string> {
  const t = Math.floor(at.getTime() / 1000);
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret, 'sign'), new TextEncoder().encode(`${t}.${body}`));
  return `t=${t},v1=${hex(mac)}`;
}

/** The service's own check (the sandbox receiver): genuine and at most `toleranceS` old or early. */
export async function signatureValid(secret: string, body: string, header: string, now: Date, toleranceS = 300): Promise<boolean> {
  const fields = new Map(header.split(',').map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)]));
  const t = fields.get('t') ?? '';
  const v1 = fields.get('v1') ?? '';
  if (!/^\d{1,12}$/.test(t) || !/^([0-9a-f]{2}){32}$/.test(v1)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(t)) > toleranceS) return false;
  const mac = Uint8Array.from(v1.match(/../g)!, (pair) => Number.parseInt(pair, 16));
  // verify compares in constant time.
  return crypto.subtle.verify('HMAC', await hmacKey(secret, 'verify'), mac, new TextEncoder().encode(`${t}.${body}`));
}
