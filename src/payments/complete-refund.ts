// Books a refund the provider confirmed (or releases one it refused): debit the accounts the payment credited (suspense
// and prepayments first, debtors last) / credit the system account; the invoice status
// follows. Runs once per refund: the refund row is locked and must still be `requested`,
// and the journal key `refund:<attempt>:<refund>` is unique.
import { and, eq, like } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { invoices, journalEntries, journalLines, paymentAttempts, refunds, tenants } from '../db/schema.js';
import { formatMoney } from '../i18n.js';
import { accountNumbers } from '../ledger/chart.js';
import { postEntry } from '../ledger/post.js';
import { rateOfEntry } from '../ledger/read-entries.js';
import { swissToday } from '../services/context.js';
import { invoiceEventData } from '../webhooks/invoice-event.js';
import { recordEvent } from '../webhooks/record-event.js';
import { recordProviderEvent } from './events.js';
import { refundDraws } from './refund-lines.js';

export async function completeRefund(tx: Tx, input: { refundId: string; providerRefundId: string; userId: string | null; now: Date }) {
  const [refund] = await tx.select().from(refunds).where(eq(refunds.id, input.refundId)).for('update');
  if (!refund || refund.state !== 'pending') return false;
  const [attempt] = await tx.select().from(paymentAttempts).where(eq(paymentAttempts.id, refund.attemptId)).for('update');
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, attempt!.invoiceId)).for('update');
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, attempt!.tenantId));
  const draws = refundDraws(
    await linesOf(tx, attempt!.tenantId, `payment:${attempt!.id}:capture`, 'credit'),
    await linesOf(tx, attempt!.tenantId, `refund:${attempt!.id}:%`, 'debit'),
    refund.amount,
  );
  await postEntry(tx, {
    inClosedPeriod: 'first_open_day',
    tenantId: attempt!.tenantId,
    date: swissToday(input.now),
    text: `Refund for invoice ${invoice!.number}: ${formatMoney(refund.amount, refund.currency)}`,
    source: 'refund',
    sourceRef: attempt!.id,
    idempotencyKey: `refund:${attempt!.id}:${refund.id}`,
    currency: refund.currency,
    rate: await rateOfEntry(tx, attempt!.tenantId, `payment:${attempt!.id}:capture`),
    lines: [...[...draws].map(([account, amount]) => ({ account, amount })), { account: tenant!.systemAccount, amount: -refund.amount }],
    createdByUserId: input.userId,
  });
  // What went to debtors (and, on a live invoice, an overpayment's excess) counted as paid.
  const counted = (draws.get(accountNumbers.debtors) ?? 0) + (invoice!.status === 'cancelled' ? 0 : (draws.get(accountNumbers.prepayments) ?? 0));
  let after = { paidAmount: invoice!.paidAmount, status: invoice!.status };
  if (invoice!.status !== 'cancelled') {
    const paidAmount = invoice!.paidAmount - counted;
    // Everything received went back: the invoice is `refunded` and no longer asks to be paid
    // (a seller who still wants the money sends a new invoice); its receivable stays until
    // the accountant cancels it.
    const status = paidAmount >= invoice!.total ? 'paid' : paidAmount > 0 ? 'partially_paid' : 'refunded';
    await tx
      .update(invoices)
      .set({ paidAmount, status, paidAt: status === 'paid' ? invoice!.paidAt : null, updatedAt: input.now })
      .where(eq(invoices.id, invoice!.id));
    after = { paidAmount, status };
  }
  await recordEvent(tx, {
    tenantId: attempt!.tenantId,
    type: 'invoice.refunded',
    data: invoiceEventData(
      { ...invoice!, ...after },
      { refund: { refundId: refund.id, paymentId: attempt!.id, amount: refund.amount, currency: refund.currency } },
    ),
    now: input.now,
  });
  await tx.update(refunds).set({ state: 'captured', providerRefundId: input.providerRefundId }).where(eq(refunds.id, refund.id));
  if (attempt!.refundedAmount >= attempt!.capturedAmount) {
    await tx.update(paymentAttempts).set({ state: 'refunded', updatedAt: input.now }).where(eq(paymentAttempts.id, attempt!.id));
  }
  await recordProviderEvent(tx, {
    tenantId: attempt!.tenantId,
    attemptId: attempt!.id,
    provider: attempt!.provider,
    kind: 'refund',
    reference: input.providerRefundId,
    payload: { refundId: refund.id, amount: refund.amount, currency: refund.currency },
  });
  return true;
}

/** The provider refused: the refund fails and its amount is refundable again. Once per refund. */
export async function releaseRefund(tx: Tx, input: { refundId: string; reason: string; now: Date }) {
  const [refund] = await tx.select().from(refunds).where(eq(refunds.id, input.refundId)).for('update');
  if (!refund || refund.state !== 'pending') return false;
  await tx.update(refunds).set({ state: 'failed', failureReason: input.reason }).where(eq(refunds.id, refund.id));
  const [attempt] = await tx.select().from(paymentAttempts).where(eq(paymentAttempts.id, refund.attemptId)).for('update');
  await tx
    .update(paymentAttempts)
    .set({ refundedAmount: attempt!.refundedAmount - refund.amount, updatedAt: input.now })
    .where(eq(paymentAttempts.id, refund.attemptId));
  return true;
}

/** Credit (or debit) totals per account of the entries whose key matches. */
async function linesOf(tx: Tx, tenantId: string, key: string, side: 'credit' | 'debit') {
  const rows = await tx
    .select({ account: journalLines.accountNumber, amount: journalLines.amount })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .where(and(eq(journalEntries.tenantId, tenantId), like(journalEntries.idempotencyKey, key)));
  const totals = new Map<string, number>();
  for (const row of rows) {
    const value = side === 'debit' ? row.amount : -row.amount;
    if (value > 0) totals.set(row.account, (totals.get(row.account) ?? 0) + value);
  }
  return totals;
}
