// Attaching payment services to a draft. Each must belong to the tenant and have the
// invoice currency enabled; one per provider, since a payer picks a method, not a contract.
import { and, eq, inArray } from 'drizzle-orm';
import { withTransaction } from '../db/client.js';
import { connections, invoicePaymentServices } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { assertCurrencyEnabled } from '../connections/rules.js';
import type { ServiceContext } from './context.js';
import { lockDraftInvoice } from './lock-draft-invoice.js';

export async function setPaymentServices({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { invoiceId: string; connectionIds: string[] };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const invoice = await lockDraftInvoice(tx, ctx.tenantId, input.invoiceId);
    const found = input.connectionIds.length
      ? await tx
          .select()
          .from(connections)
          .where(and(eq(connections.tenantId, ctx.tenantId), inArray(connections.id, input.connectionIds)))
      : [];
    const seenProviders = new Set<string>();
    input.connectionIds.forEach((id, index) => {
      const field = `connectionIds.${index}`;
      const connection = found.find((row) => row.id === id);
      if (!connection) {
        throw new DomainError('not_found', `The payment service ${id} was not found.`, {
          errors: [{ field, message: 'no such payment service in this tenant' }],
        });
      }
      assertCurrencyEnabled(connection, invoice.currency, field);
      if (seenProviders.has(connection.provider)) {
        throw new DomainError(
          'validation_failed',
          `Attach at most one ${connection.provider} payment service.`,
          {
            errors: [{ field, message: `a second ${connection.provider} payment service` }],
          },
        );
      }
      seenProviders.add(connection.provider);
    });
    await tx.delete(invoicePaymentServices).where(eq(invoicePaymentServices.invoiceId, invoice.id));
    if (input.connectionIds.length > 0) {
      await tx
        .insert(invoicePaymentServices)
        .values(input.connectionIds.map((connectionId) => ({ invoiceId: invoice.id, connectionId })));
    }
    return { invoiceId: invoice.id };
  });
}
