// What every provider's webhook route does around its own checks: find the connection the URL
// names, keep a refused delivery for the record, and handle each event id once. An event is
// marked handled only after its handling succeeded, so a delivery that failed (503, the
// provider sends again) is not dropped as a repeat later; two copies arriving together may both
// be handled, which is safe because handling only re-reads the provider and settles once.
import { and, eq } from 'drizzle-orm';
import { connections, providerEvents } from '../db/schema.js';
import type { PaymentDeps } from '../payments/deps.js';
import { recordProviderEvent } from '../payments/events.js';
import type { Provider } from '../connections/rules.js';

type Connection = typeof connections.$inferSelect;

/** The connection of this provider the callback URL names, or undefined. */
export async function webhookConnection(deps: PaymentDeps, provider: Provider, connectionId: string): Promise<Connection | undefined> {
  const [connection] = await deps.db
    .select()
    .from(connections)
    .where(and(eq(connections.id, connectionId), eq(connections.provider, provider)));
  return connection;
}

/** A refused delivery (bad signature, other mode or space), with the start of its body. */
export async function recordRefusedWebhook(deps: PaymentDeps, provider: Provider, connection: Connection, why: string, body: string) {
  await deps.db.transaction((tx) =>
    recordProviderEvent(tx, { tenantId: connection.tenantId, attemptId: null, provider, kind: 'webhook:refused', reference: `${connection.id}:${crypto.randomUUID()}`, payload: { why, body: body.slice(0, 2000) } }),
  );
}

/**
 * Runs `handle` unless this event id was handled before, then records it; `handle` answers the
 * attempt it concerned (null: not ours). The answer for the provider: 200, or 503 to send again.
 */
export async function handleWebhookOnce(
  deps: PaymentDeps,
  event: { provider: Provider; connection: Connection; eventId: string; payload: unknown },
  handle: () => Promise<string | null>,
): Promise<{ text: 'already handled' | 'handled' | 'ignored' | 'retry'; status: 200 | 503 }> {
  const { provider, connection } = event;
  const reference = `${connection.id}:${event.eventId}`;
  const [seen] = await deps.db
    .select({ id: providerEvents.id })
    .from(providerEvents)
    .where(and(eq(providerEvents.provider, provider), eq(providerEvents.kind, 'webhook'), eq(providerEvents.reference, reference)));
  if (seen) return { text: 'already handled', status: 200 };
  try {
    const handled = await handle();
    await deps.db.transaction((tx) =>
      recordProviderEvent(tx, { tenantId: connection.tenantId, attemptId: handled, provider, kind: 'webhook', reference, payload: event.payload }),
    );
    return { text: handled ? 'handled' : 'ignored', status: 200 };
  } catch (error) {
    deps.logger.warn(`${provider} webhook could not be handled`, { connectionId: connection.id, eventId: event.eventId, error: String(error) });
    return { text: 'retry', status: 503 };
  }
}
