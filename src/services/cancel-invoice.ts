// Cancelling a sent, unpaid (or fully refunded) invoice: the receivable booking is reversed and the online
// invoice shows it as cancelled. Paid money is never silently dropped: a paid or partly
// paid invoice must be refunded first.
import { and, eq } from 'drizzle-orm';
import { withTransaction } from '../db/client.js';
import { invoices, journalEntries } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import { reverseEntry } from '../ledger/reverse.js';
import { invoiceEventData } from '../webhooks/invoice-event.js';
import { recordEvent } from '../webhooks/record-event.js';
import { type ServiceContext, swissToday } from './context.js';

const refusals: Record<string, string> = {
  draft: 'It is a draft: delete it instead.',
  partially_paid: 'Money has been received for it: refund the payments first.',
  paid: 'It has been paid: refund the payments first.',
  cancelled: 'It is cancelled already.',
};

export async function cancelInvoice({ ctx, input }: { ctx: ServiceContext; input: { invoiceId: string } }) {
  return withTransaction(ctx.db, async (tx) => {
    const [invoice] = await tx
      .select()
      .from(invoices)
      .where(and(eq(invoices.tenantId, ctx.tenantId), eq(invoices.id, input.invoiceId)))
      .for('update');
    if (!invoice) throw notFound('The invoice');
    // A refunded invoice holds no money any more; cancelling it clears the receivable it still carries.
    if (!['sent', 'refunded'].includes(invoice.status) || invoice.paidAmount !== 0) {
      const reason = refusals[invoice.status] ?? 'Money has been received for it: refund the payments first.';
      throw new DomainError(
        'invoice_not_cancellable',
        `Invoice ${invoice.number ?? invoice.id} cannot be cancelled. ${reason}`,
        {
          invoiceStatus: invoice.status,
        },
      );
    }
    const [receivable] = await tx
      .select({ id: journalEntries.id })
      .from(journalEntries)
      .where(
        and(
          eq(journalEntries.tenantId, ctx.tenantId),
          eq(journalEntries.idempotencyKey, `invoice:${invoice.id}:receivable`),
        ),
      );
    if (!receivable) throw new Error(`sent invoice ${invoice.id} has no receivable booking`);
    await reverseEntry(tx, {
      tenantId: ctx.tenantId,
      entryId: receivable.id,
      date: swissToday(ctx.now()),
      text: `Cancellation of invoice ${invoice.number}`,
      idempotencyKey: `invoice:${invoice.id}:cancel`,
      createdByUserId: ctx.userId,
    });
    const cancelledAt = ctx.now();
    await tx
      .update(invoices)
      .set({ status: 'cancelled', cancelledAt, updatedAt: cancelledAt })
      .where(eq(invoices.id, invoice.id));
    await recordEvent(tx, { tenantId: ctx.tenantId, type: 'invoice.cancelled', data: invoiceEventData({ ...invoice, status: 'cancelled' }), now: cancelledAt });
    return { invoiceId: invoice.id };
  });
}
