// Locks an invoice row for the rest of the transaction and insists it is still a draft,
// so an edit and a concurrent send cannot interleave.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { invoices } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';

const statusWords: Record<string, string> = {
  sent: 'sent',
  partially_paid: 'partly paid',
  paid: 'paid',
  cancelled: 'cancelled',
};

export async function lockDraftInvoice(tx: Tx, tenantId: string, invoiceId: string) {
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)))
    .for('update');
  if (!invoice) throw notFound('The invoice');
  if (invoice.status !== 'draft') {
    throw new DomainError(
      'invoice_not_draft',
      `Invoice ${invoice.number ?? invoice.id} is ${statusWords[invoice.status] ?? invoice.status}; the invoice must be a ` +
        'draft for this. To change what was sent or to offer online payment, cancel it and issue a new one.',
      { invoiceStatus: invoice.status },
    );
  }
  return invoice;
}
