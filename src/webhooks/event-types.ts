// The events the service tells the tenant's own systems about. A name, once published, keeps
// its meaning and its payload's fields: receivers switch on it.
export const webhookEventTypes = [
  'invoice.sent',
  'invoice.paid',
  'invoice.partially_paid',
  'invoice.refunded',
  'invoice.cancelled',
  'payment.failed',
  'journal_entry.posted',
  'bank_statement.imported',
  'payout_proposal.accepted',
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number];

/** What an endpoint may ask for: listed types, or `*` for all of them (today's and future ones). */
export const allEvents = '*';
