// Verify an event from the invoice service (Web Crypto: Node 20+, Deno, Bun, Workers, browsers).
// `body` is the raw request body as text, `header` the Webhook-Signature header.
export async function verifyWebhook(body: string, header: string, secret: string, nowSeconds = Date.now() / 1000) {
  const fields = Object.fromEntries(header.split(',').map((part) => [part.split('=')[0], part.split('=')[1]]));
  if (!fields.t || !fields.v1 || Math.abs(nowSeconds - Number(fields.t)) > 300) return false; // 5 minutes
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const signature = Uint8Array.from(fields.v1.match(/../g) ?? [], (pair) => parseInt(pair, 16));
  return crypto.subtle.verify('HMAC', key, signature, new TextEncoder().encode(`${fields.t}.${body}`));
}
