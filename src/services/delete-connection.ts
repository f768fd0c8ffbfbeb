// Deleting a payment service that nothing refers to. One that an invoice (even a draft) or
// a payment attempt names is kept: its attempts are the trail of real money and its
// credentials may still be needed to refund them. The deletion is audited with what it was.
import { and, count, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record.js';
import { withTransaction } from '../db/client.js';
import { connections, invoicePaymentServices, paymentAttempts } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import type { ServiceContext } from './context.js';

export function deleteConnection({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  return withTransaction(ctx.db, async (tx) => {
    const [current] = await tx
      .select()
      .from(connections)
      .where(and(eq(connections.tenantId, ctx.tenantId), eq(connections.id, input.id)))
      .for('update');
    if (!current) throw notFound('The payment service');
    const [invoices] = await tx.select({ n: count() }).from(invoicePaymentServices).where(eq(invoicePaymentServices.connectionId, current.id));
    const [attempts] = await tx.select({ n: count() }).from(paymentAttempts).where(eq(paymentAttempts.connectionId, current.id));
    if ((invoices?.n ?? 0) > 0 || (attempts?.n ?? 0) > 0) {
      throw new DomainError(
        'connection_in_use',
        `The payment service "${current.label}" is attached to ${invoices?.n ?? 0} invoice(s) and has ${attempts?.n ?? 0} payment attempt(s); ` +
          'it is kept. Detach it from draft invoices, or rotate its credentials instead.',
        { invoices: invoices?.n ?? 0, attempts: attempts?.n ?? 0 },
      );
    }
    await tx.delete(connections).where(eq(connections.id, current.id));
    const { id: connectionId, provider, environment, label } = current;
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'connection.deleted',
      details: { connectionId, provider, environment, label, credentials: current.settings },
    });
  });
}
