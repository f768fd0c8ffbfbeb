// The simulator's webhooks (spec §7): an Event per change, signed as Stripe signs:
// `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" keyed with the
// whole whsec_ secret>`, computed at each delivery. Sent once, twice, late, out of order or
// never; each delivery is tried three times until the answer is 2xx.
import type { SandboxNotifier } from '../saferpay/page.js';
import type { SandboxStripeAccount, StripeSandboxState, WebhookMode } from './state.js';

const apiVersion = '2026-10-28.endive';

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The v1 signature of `payload` at `timestamp` (spec §7.2), with Web Crypto. */
export async function stripeSignature(secret: string, timestamp: number, payload: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${timestamp}.${payload}`)));
}

export async function signatureHeader(secret: string, timestamp: number, payload: string): Promise<string> {
  return `t=${timestamp},v1=${await stripeSignature(secret, timestamp, payload)}`;
}

export interface SandboxEvent {
  type: string;
  object: Record<string, unknown>;
}

async function deliver(notifier: SandboxNotifier, account: SandboxStripeAccount, url: string, body: string, now: () => Date) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const header = await signatureHeader(account.webhookSecret, Math.floor(now().getTime() / 1000), body);
      const response = await notifier.fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8', 'Stripe-Signature': header }, body });
      if (response.ok) return;
    } catch {
      // unreachable: try again
    }
  }
}

/** Sends the events as `mode` says; an event sent twice keeps its id. */
export function sendStripeEvents(
  state: StripeSandboxState,
  notifier: SandboxNotifier,
  now: () => Date,
  account: SandboxStripeAccount,
  events: SandboxEvent[],
  mode: WebhookMode,
) {
  const url = state.webhookUrls.get(account.id);
  if (!url || mode === 'never') return;
  const bodies = events.map((event) =>
    JSON.stringify({
      id: state.newId('evt'),
      object: 'event',
      api_version: apiVersion,
      created: Math.floor(now().getTime() / 1000),
      livemode: account.livemode,
      type: event.type,
      data: { object: structuredClone(event.object) },
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    }),
  );
  const ordered = mode === 'out_of_order' ? [...bodies].reverse() : bodies;
  const delay = mode === 'late' ? notifier.lateNotifyMs : 0;
  for (const body of ordered) {
    notifier.defer(() => deliver(notifier, account, url, body, now), delay);
    if (mode === 'twice') notifier.defer(() => deliver(notifier, account, url, body, now), delay);
  }
}
