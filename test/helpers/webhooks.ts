// Event endpoints in tests: an endpoint pointing at the sandbox's receiver (which is told the
// secret, so it verifies what arrives), a delivery round as the job runs it, and what an inbox got.
import { deliverWebhooks } from '../../src/webhooks/deliver-webhooks.js';
import { type TestApp, apiClient, testOrigin } from './app.js';

type Api = ReturnType<typeof apiClient>;

export interface Endpoint {
  id: string;
  secret: string;
  inbox: string;
}

export interface ReceivedEvent {
  eventId: string | null;
  type: string | null;
  signature: string | null;
  verified: boolean | null;
  body: string;
}

let inboxCounter = 0;

export const inboxUrl = (inbox: string) => `${testOrigin}/sandbox/webhook-receiver/${inbox}`;

export async function registerEndpoint(test: TestApp, admin: Api, events: string[], options: { answerStatus?: number } = {}): Promise<Endpoint> {
  const inbox = `inbox-${process.pid}-${Date.now().toString(36)}-${++inboxCounter}`;
  const created = await admin.post<{ id: string; secret: string }>('/api/v1/webhook-endpoints', { url: inboxUrl(inbox), events, description: 'ERP' });
  if (created.status !== 201) throw new Error(`endpoint not created: ${created.text}`);
  const told = await test.app.request(`/sandbox/webhook-receiver/${inbox}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ secret: created.body.secret, answerStatus: options.answerStatus ?? 200 }),
  });
  if (told.status !== 200) throw new Error(`inbox not set up: ${await told.text()}`);
  return { id: created.body.id, secret: created.body.secret, inbox };
}

export async function answerWith(test: TestApp, endpoint: Endpoint, answerStatus: number) {
  await test.app.request(`/sandbox/webhook-receiver/${endpoint.inbox}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ answerStatus }),
  });
}

export async function receivedBy(test: TestApp, endpoint: Endpoint): Promise<ReceivedEvent[]> {
  const response = await test.app.request(`/sandbox/webhook-receiver/${endpoint.inbox}`);
  return ((await response.json()) as { received: ReceivedEvent[] }).received;
}

/** One round of the delivery job for this tenant, at the clock's time. */
export function deliverRound(test: TestApp, tenantId: string, now: () => Date = () => new Date()) {
  return deliverWebhooks(
    { db: test.database.db, logger: test.deps.logger, now, secretBox: test.deps.secretBox!, fetch: test.deps.fetch!, sandboxEnabled: true },
    50,
    { tenantId },
  );
}

export const eventOf = (received: ReceivedEvent) =>
  JSON.parse(received.body) as { id: string; type: string; created: string; tenantId: string; data: Record<string, unknown> };
