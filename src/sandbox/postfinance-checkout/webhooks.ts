// The simulator's webhooks (spec §9): a JSON body per state change, signed with the
// simulator's own P-256 key (served by the encryption-key endpoint), sent once, twice, late,
// out of order or never. Delivery is tried three times until the answer is 2xx.
import { bytesToBase64 } from '../../providers/postfinance-checkout/auth.js';
import { rawToDer } from '../../providers/postfinance-checkout/webhook-signature.js';
import type { SandboxNotifier } from '../saferpay/page.js';
import type { CheckoutSandboxState, WebhookMode } from './state.js';

export interface SigningKey {
  keyId: string;
  publicKey: string;
  privateKey: CryptoKey;
}

export async function createSigningKey(): Promise<SigningKey> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  return { keyId: crypto.randomUUID(), publicKey: bytesToBase64(spki), privateKey: pair.privateKey };
}

export async function signedHeader(key: SigningKey, body: string): Promise<string> {
  const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, new TextEncoder().encode(body)));
  return `algorithm=SHA256withECDSA, keyId=${key.keyId}, signature=${bytesToBase64(rawToDer(raw))}`;
}

export interface WebhookEvent {
  entity: 'Transaction' | 'Refund';
  entityId: number;
  spaceId: string;
  state: string;
}

const listenerIds = { Transaction: 1472041829003, Refund: 1472041839405 } as const;

async function deliver(notifier: SandboxNotifier, key: SigningKey, url: string, body: string) {
  const signature = await signedHeader(key, body);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const response = await notifier.fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-signature': signature }, body });
      if (response.ok) return;
    } catch {
      // unreachable: try again
    }
  }
}

/** Sends the events as `mode` says; each keeps its own eventId, also when sent twice. */
export function sendWebhooks(
  state: CheckoutSandboxState,
  notifier: SandboxNotifier,
  key: Promise<SigningKey>,
  url: string | null,
  events: WebhookEvent[],
  mode: WebhookMode,
) {
  if (!url || mode === 'never') return;
  const bodies = events.map((event) =>
    JSON.stringify({
      entityId: event.entityId,
      eventId: state.eventId++,
      listenerEntityId: listenerIds[event.entity],
      listenerEntityTechnicalName: event.entity,
      spaceId: Number(event.spaceId),
      state: event.state,
      timestamp: new Date().toISOString().replace(/\.\d+Z$/, '+0000'),
      webhookListenerId: 1,
    }),
  );
  const ordered = mode === 'out_of_order' ? [...bodies].reverse() : bodies;
  const delay = mode === 'late' ? notifier.lateNotifyMs : 0;
  for (const body of ordered) {
    notifier.defer(async () => deliver(notifier, await key, url, body), delay);
    if (mode === 'twice') notifier.defer(async () => deliver(notifier, await key, url, body), delay);
  }
}
