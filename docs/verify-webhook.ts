// Verify an event from the invoice service (Web Crypto: Node 20+, Deno, Bun, Workers, browsers).
// `body` is the raw request body as text, `header` the Webhook-Signature header.
export async function verifyWebhook(body: string, header: string, secret: string, nowSeconds = Date.now() / 1000) {
  const fields = new URLSearchParams(header.replaceAll(',', '&')); // t=…&v1=…
  const t = fields.get('t') ?? '';
  const v1 = fields.get('v1') ?? '';
  if (!/^\d+$/.test(t) || !/^[0-9a-f]{64}$/.test(v1) || Math.abs(nowSeconds - Number(t)) > 300) return false; // 5 minutes
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const signature = Uint8Array.from(v1.match(/../g)!, (pair) => parseInt(pair, 16));
  return crypto.subtle.verify('HMAC', key, signature, new TextEncoder().encode(`${t}.${body}`)); // constant time
}
