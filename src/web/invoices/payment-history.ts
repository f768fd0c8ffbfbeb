// Every payment attempt of one invoice, with what the provider told us about it (its
// events, oldest first), its refunds and the journal entries it caused. Four indexed reads
// whatever the number of attempts: by invoice, by attempt ids, by idempotency keys.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { journalEntries, paymentAttempts, providerEvents, refunds } from '../../db/schema.js';
import { type EntryView, getEntries } from '../../ledger/read-entries.js';
import { captureKey } from '../../payments/book-to-suspense.js';

export type AttemptRow = typeof paymentAttempts.$inferSelect;
export type EventRow = typeof providerEvents.$inferSelect;
export type RefundRow = typeof refunds.$inferSelect;

export interface PaymentHistoryItem {
  attempt: AttemptRow;
  events: EventRow[];
  refunds: RefundRow[];
  /** The booking of the captured money, if there is one. */
  capture: EntryView | null;
  /** The booking of each refund, by refund id. */
  refundEntries: Map<string, EntryView>;
}

const refundKey = (attemptId: string, refundId: string) => `refund:${attemptId}:${refundId}`;

export async function loadPaymentHistory(db: Queryable, tenantId: string, invoiceId: string): Promise<PaymentHistoryItem[]> {
  const attempts = await db
    .select()
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.tenantId, tenantId), eq(paymentAttempts.invoiceId, invoiceId)))
    .orderBy(desc(paymentAttempts.createdAt))
    .limit(100);
  if (attempts.length === 0) return [];
  const ids = attempts.map((attempt) => attempt.id);
  const events = await db
    .select()
    .from(providerEvents)
    .where(and(eq(providerEvents.tenantId, tenantId), inArray(providerEvents.attemptId, ids)))
    .orderBy(asc(providerEvents.receivedAt));
  const refundRows = await db
    .select()
    .from(refunds)
    .where(and(eq(refunds.tenantId, tenantId), inArray(refunds.attemptId, ids)))
    .orderBy(asc(refunds.createdAt));
  const keys = [...ids.map(captureKey), ...refundRows.map((refund) => refundKey(refund.attemptId, refund.id))];
  const heads = await db
    .select({ id: journalEntries.id })
    .from(journalEntries)
    .where(and(eq(journalEntries.tenantId, tenantId), inArray(journalEntries.idempotencyKey, keys)));
  const entries = await getEntries(db, tenantId, heads.map((head) => head.id));
  const byKey = new Map(entries.map((entry) => [entry.idempotencyKey, entry]));
  return attempts.map((attempt) => {
    const own = refundRows.filter((refund) => refund.attemptId === attempt.id);
    return {
      attempt,
      events: events.filter((event) => event.attemptId === attempt.id),
      refunds: own,
      capture: byKey.get(captureKey(attempt.id)) ?? null,
      refundEntries: new Map(own.flatMap((refund) => {
        const entry = byKey.get(refundKey(attempt.id, refund.id));
        return entry ? [[refund.id, entry] as const] : [];
      })),
    };
  });
}

/** The account the captured money was debited to: the system account (1029), or suspense. */
export function bookedAccount(entry: EntryView | null): string | null {
  return entry?.lines.find((line) => line.debit > 0)?.account ?? null;
}
