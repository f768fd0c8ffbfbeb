// Records an event in the transaction of the change it reports, and queues one delivery per
// enabled endpoint of the tenant that wants its type. Because both ride on the change's own
// transaction, an event exists exactly when the change committed: a payment booked once
// (the journal's idempotency key) yields one `invoice.paid`, however many callbacks raced.
// A tenant without a matching endpoint stores nothing: the statement inserts no row then.
import { type SQL, sql } from 'drizzle-orm';
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
  await tx.execute(sql`with ${eventStatements(event)} select 1`);
}

/**
 * The same as CTEs (`<name> as (…), <name>_deliveries as (…)`) for a statement that already
 * makes the change, so a booking reports it without a round trip of its own (issue 11 caps a
 * booking at 8). `from` names a CTE of that statement: the event is recorded once per row it
 * returns (none: no event), and `addData` (a jsonb expression over that CTE's columns, such as
 * the id an insert returned) is merged into the data.
 */
export function eventStatements(event: EventInput, options: { name?: string; from?: string; addData?: SQL } = {}): SQL {
  const name = sql.raw(options.name ?? 'event');
  const deliveries = sql.raw(`${options.name ?? 'event'}_deliveries`);
  const giveUpAt = new Date(event.now.getTime() + deliveryWindowMs);
  const wants = sql`${webhookEndpoints.tenantId} = ${event.tenantId} and ${webhookEndpoints.enabled}
    and (${event.type} = any(${webhookEndpoints.events}) or ${allEvents} = any(${webhookEndpoints.events}))`;
  const data = options.addData ? sql`${JSON.stringify(event.data)}::jsonb || ${options.addData}` : sql`${JSON.stringify(event.data)}::jsonb`;
  const source = options.from ? sql` from ${sql.raw(options.from)}` : sql``;
  return sql`${name} as (
      insert into ${webhookEvents} (tenant_id, type, data, created_at)
      select ${event.tenantId}, ${event.type}, ${data}, ${event.now.toISOString()}::timestamptz${source}
      where exists (select 1 from ${webhookEndpoints} where ${wants})
      returning id
    ), ${deliveries} as (
      insert into ${webhookDeliveries} (tenant_id, endpoint_id, event_id, next_attempt_at, give_up_at, created_at)
      select ${event.tenantId}, ${webhookEndpoints.id}, ${name}.id, ${event.now.toISOString()}::timestamptz, ${giveUpAt.toISOString()}::timestamptz, ${event.now.toISOString()}::timestamptz
      from ${webhookEndpoints} cross join ${name}
      where ${wants}
      returning 1
    )`;
}
