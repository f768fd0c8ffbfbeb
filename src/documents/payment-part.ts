// What an invoice document still asks of the payer, decided once from the invoice's state so
// the PDF and its QR-bill never ask for money that was already paid (or refunded, or is not
// owed any more): a slip for the open amount, or a line saying why there is none.

export type PaymentPart =
  /** A slip for `amount` (the total less `received`). */
  | { kind: 'open'; amount: number; received: number }
  | { kind: 'paid'; paidOn: string | null }
  | { kind: 'refunded' }
  | { kind: 'cancelled' };

export interface PaymentState {
  status: string;
  total: number;
  paidAmount: number;
  /** The Swiss calendar day (YYYY-MM-DD) the invoice became paid, if it is. */
  paidOn: string | null;
}

export function paymentPartOf(invoice: PaymentState): PaymentPart {
  if (invoice.status === 'refunded') return { kind: 'refunded' };
  if (invoice.status === 'cancelled') return { kind: 'cancelled' };
  const open = invoice.total - invoice.paidAmount;
  if (invoice.status === 'paid' || open <= 0) return { kind: 'paid', paidOn: invoice.paidOn };
  return { kind: 'open', amount: open, received: Math.max(invoice.paidAmount, 0) };
}

/** What is still owed: nothing once paid, refunded or cancelled (the API's openAmount). */
export function owedAmount(invoice: Omit<PaymentState, 'paidOn'>): number {
  const part = paymentPartOf({ ...invoice, paidOn: null });
  return part.kind === 'open' ? part.amount : 0;
}
