// Records an event in the transaction of the change it reports, and queues one delivery per
// enabled endpoint of the tenant that wants its type. Because both ride on the change's own
// transaction, an event exists exactly when the change committed: a payment booked once
// (the journal's idempotency key) yields one `invoice.paid`, however many callbacks raced.
// A tenant without a matching endpoint stores nothing: the statement inserts no row then.
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { webhookDeliveries, webhookEndpoints, webhookEvents } from '../db/schema.js';
import { type WebhookEventType, allEvents } from './event-types.js';

/** Retries of a delivery stop this long after it was queued. */
export const deliveryWindowMs = 3 * 24 * 3_600_000;

export interface EventInput {
  tenantId: string;
  type: WebhookEventType;
  /** A small, stable payload: ids, amounts in minor units with their currency, statuses. */
  data: Record<string, unknown>;
  now: Date;
}

/** One round trip: the event row (only if some endpoint wants it) and its deliveries. */
export async function recordEvent(tx: Tx, event: EventInput): Promise<void> {
  const giveUpAt = new Date(event.now.getTime() + deliveryWindowMs);
  const wants = sql`${webhookEndpoints.tenantId} = ${event.tenantId} and ${webhookEndpoints.enabled}
    and (${event.type} = any(${webhookEndpoints.events}) or ${allEvents} = any(${webhookEndpoints.events}))`;
  await tx.execute(sql`with event as (
      insert into ${webhookEvents} (tenant_id, type, data, created_at)
      select ${event.tenantId}, ${event.type}, ${JSON.stringify(event.data)}::jsonb, ${event.now.toISOString()}::timestamptz
      where exists (select 1 from ${webhookEndpoints} where ${wants})
      returning id
    )
    insert into ${webhookDeliveries} (tenant_id, endpoint_id, event_id, next_attempt_at, give_up_at, created_at)
    select ${event.tenantId}, ${webhookEndpoints.id}, event.id, ${event.now.toISOString()}::timestamptz, ${giveUpAt.toISOString()}::timestamptz, ${event.now.toISOString()}::timestamptz
    from ${webhookEndpoints} cross join event
    where ${wants}`);
}
