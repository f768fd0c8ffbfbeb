// The payload every invoice event shares, so receivers read one shape: ids, the number, the
// status after the change, and the amounts in minor units with their currency.
import type { invoices } from '../db/schema.js';

type InvoiceFacts = Pick<typeof invoices.$inferSelect, 'id' | 'number' | 'contactId' | 'currency' | 'total' | 'paidAmount' | 'status'>;

export function invoiceEventData(invoice: InvoiceFacts, extra: Record<string, unknown> = {}) {
  return {
    invoiceId: invoice.id,
    number: invoice.number,
    contactId: invoice.contactId,
    status: invoice.status,
    currency: invoice.currency,
    total: invoice.total,
    paidAmount: invoice.paidAmount,
    ...extra,
  };
}
