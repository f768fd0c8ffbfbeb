// Self-healing for payouts: each payment service whose provider reports its payouts
// (Stripe) is asked for the recent ones, and those whose webhook never came are kept with
// their items, so the bank credit is proposed with exactly them. One function, so the Node
// server's interval and a Workers cron trigger run the same thing.
import { and, eq, isNotNull } from 'drizzle-orm';
import { connections } from '../db/schema.js';
import type { PaymentDeps } from '../payments/deps.js';
import { paymentAdapters } from '../providers/adapters.js';
import { usableNow } from '../providers/endpoints.js';

export async function reconcileReportedPayouts(deps: PaymentDeps, options: { tenantId?: string } = {}) {
  const rows = await deps.db
    .select()
    .from(connections)
    .where(and(isNotNull(connections.sealedSecrets), options.tenantId ? eq(connections.tenantId, options.tenantId) : undefined));
  let recorded = 0;
  let failed = 0;
  for (const connection of rows) {
    const reconcile = paymentAdapters[connection.provider].reconcilePayouts;
    if (!reconcile || !usableNow(connection, deps.sandboxEnabled)) continue;
    try {
      recorded += await reconcile(deps, connection);
    } catch (error) {
      // One unreachable provider must not hold up the others; it is asked again next round.
      failed++;
      deps.logger.warn('payouts not readable', { connectionId: connection.id, error: String(error) });
    }
  }
  return { recorded, failed };
}
