// Records an event in the transaction of the change it reports, and queues one delivery per
// enabled endpoint of the tenant that wants its type. Because both ride on the change's own
// transaction, an event exists exactly when the change committed: a payment booked once
// (the journal's idempotency key) yields one `invoice.paid`, however many callbacks raced.
// A tenant without a matching endpoint stores nothing: the statement inserts no row then.
import type { Tx } from '../db/client.js';
import { type Fixed, fixed, nothing, raw, runFixed } from '../db/fixed-sql.js';
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
  await runFixed(tx, fixed`with ${eventStatements(event)} select 1`);
}

/**
 * The same as CTEs (`<name> as (…), <name>_deliveries as (…)`) for a statement that already
 * makes the change, so a booking reports it without a round trip of its own (issue 11 caps a
 * booking at 8). `from` names a CTE of that statement: the event is recorded once per row it
 * returns (none: no event), and `addData` (a jsonb expression over that CTE's columns, such as
 * the id an insert returned; written into the statement, so never input) is merged into the data.
 */
export function eventStatements(event: EventInput, options: { name?: string; from?: string; addData?: string } = {}): Fixed {
  const name = raw(options.name ?? 'event');
  const deliveries = raw(`${options.name ?? 'event'}_deliveries`);
  const now = event.now.toISOString();
  const giveUpAt = new Date(event.now.getTime() + deliveryWindowMs).toISOString();
  const wants = fixed`e.tenant_id = ${event.tenantId} and e.enabled and (${event.type} = any(e.events) or ${allEvents} = any(e.events))`;
  const data = options.addData ? fixed`${JSON.stringify(event.data)}::jsonb || ${raw(options.addData)}` : fixed`${JSON.stringify(event.data)}::jsonb`;
  const source = options.from ? fixed` from ${raw(options.from)}` : nothing;
  return fixed`${name} as (
      insert into webhook_events (tenant_id, type, data, created_at)
      select ${event.tenantId}::uuid, ${event.type}, ${data}, ${now}::timestamptz${source}
      where exists (select 1 from webhook_endpoints e where ${wants})
      returning id
    ), ${deliveries} as (
      insert into webhook_deliveries (tenant_id, endpoint_id, event_id, next_attempt_at, give_up_at, created_at)
      select ${event.tenantId}::uuid, e.id, ${name}.id, ${now}::timestamptz, ${giveUpAt}::timestamptz, ${now}::timestamptz
      from webhook_endpoints e cross join ${name}
      where ${wants}
      returning 1
    )`;
}
