// Refunding a captured Saferpay payment, fully or in part: Refund, then Capture of the
// refund transaction (Saferpay authorises refunds first), then the booking debit 1100 (or
// the account the payment went to) / credit the system account, and the invoice status
// follows. The provider calls happen between two short transactions, never inside one.
import { and, eq, like } from 'drizzle-orm';
import { connections, invoices, journalEntries, journalLines, paymentAttempts, refunds, tenants } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import { formatMoney } from '../i18n.js';
import { accountNumbers } from '../ledger/chart.js';
import { postEntry } from '../ledger/post.js';
import type { PaymentDeps } from '../payments/deps.js';
import { recordProviderEvent } from '../payments/events.js';
import { refundDraws } from '../payments/refund-lines.js';
import { saferpayClientFor } from '../payments/saferpay-client-for.js';
import { ProviderError } from '../providers/types.js';
import { swissToday } from './context.js';

export async function refundPayment(
  deps: PaymentDeps,
  input: { tenantId: string; userId: string | null; attemptId: string; amount?: number },
) {
  const requested = await deps.db.transaction(async (tx) => {
    const [attempt] = await tx
      .select()
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.tenantId, input.tenantId), eq(paymentAttempts.id, input.attemptId)))
      .for('update');
    if (!attempt) throw notFound('The payment');
    const refundable = attempt.capturedAmount - attempt.refundedAmount;
    if (attempt.state !== 'captured' || refundable <= 0 || !attempt.providerCaptureId) {
      throw new DomainError('payment_not_refundable', `Payment ${attempt.id} is ${attempt.state}; nothing can be refunded.`);
    }
    const amount = input.amount ?? refundable;
    if (amount > refundable) {
      throw new DomainError('payment_not_refundable', `At most ${formatMoney(refundable, attempt.currency)} can be refunded.`, {
        errors: [{ field: 'amount', message: `at most ${refundable}` }],
      });
    }
    const [refund] = await tx
      .insert(refunds)
      .values({ tenantId: attempt.tenantId, attemptId: attempt.id, amount, currency: attempt.currency, createdByUserId: input.userId })
      .returning();
    // Held as refunded at once so a second concurrent refund cannot exceed the captured amount.
    await tx
      .update(paymentAttempts)
      .set({ refundedAmount: attempt.refundedAmount + amount, updatedAt: deps.now() })
      .where(eq(paymentAttempts.id, attempt.id));
    return { attempt, refund: refund! };
  });

  const { attempt, refund } = requested;
  const [connection] = await deps.db.select().from(connections).where(eq(connections.id, attempt.connectionId));
  let refundTransactionId: string;
  try {
    const client = await saferpayClientFor(deps, connection!);
    const authorised = await client.refund({
      captureId: attempt.providerCaptureId!,
      amount: refund.amount,
      currency: refund.currency,
      orderId: `${attempt.orderId}-R${refund.id.slice(0, 8)}`.slice(0, 80),
    });
    refundTransactionId = authorised.Transaction.Id;
    await client.capture(refundTransactionId);
  } catch (error) {
    const reason = error instanceof ProviderError ? `${error.providerCode}: ${error.userMessage}` : String(error);
    await deps.db.transaction(async (tx) => {
      await tx.update(refunds).set({ state: 'failed', failureReason: reason }).where(eq(refunds.id, refund.id));
      const [current] = await tx.select().from(paymentAttempts).where(eq(paymentAttempts.id, attempt.id)).for('update');
      await tx
        .update(paymentAttempts)
        .set({ refundedAmount: current!.refundedAmount - refund.amount, updatedAt: deps.now() })
        .where(eq(paymentAttempts.id, attempt.id));
    });
    throw new DomainError('provider_unavailable', `Saferpay did not refund the payment: ${reason}`, { reason });
  }

  await deps.db.transaction(async (tx) => {
    const [current] = await tx.select().from(paymentAttempts).where(eq(paymentAttempts.id, attempt.id)).for('update');
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, attempt.invoiceId)).for('update');
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, attempt.tenantId));
    const draws = refundDraws(
      await creditsOf(tx, attempt.tenantId, `payment:${attempt.id}:capture`),
      await creditsOf(tx, attempt.tenantId, `refund:${attempt.id}:%`, true),
      refund.amount,
    );
    await postEntry(tx, {
      tenantId: attempt.tenantId,
      date: swissToday(deps.now()),
      text: `Refund for invoice ${invoice!.number}: ${formatMoney(refund.amount, refund.currency)}`,
      source: 'refund',
      sourceRef: attempt.id,
      idempotencyKey: `refund:${attempt.id}:${refund.id}`,
      currency: refund.currency,
      rate: await captureRate(tx, attempt.tenantId, attempt.id),
      lines: [...[...draws].map(([account, amount]) => ({ account, amount })), { account: tenant!.systemAccount, amount: -refund.amount }],
      createdByUserId: input.userId,
    });
    const counted = (draws.get(accountNumbers.debtors) ?? 0) + (invoice!.status === 'cancelled' ? 0 : (draws.get(accountNumbers.prepayments) ?? 0));
    const paidAmount = invoice!.paidAmount - counted;
    if (invoice!.status !== 'cancelled') {
      const status = paidAmount >= invoice!.total ? 'paid' : paidAmount > 0 ? 'partially_paid' : 'sent';
      await tx
        .update(invoices)
        .set({ paidAmount, status, paidAt: status === 'paid' ? invoice!.paidAt : null, updatedAt: deps.now() })
        .where(eq(invoices.id, invoice!.id));
    }
    await tx.update(refunds).set({ state: 'captured', providerRefundId: refundTransactionId }).where(eq(refunds.id, refund.id));
    if (current!.refundedAmount >= current!.capturedAmount) {
      await tx.update(paymentAttempts).set({ state: 'refunded', updatedAt: deps.now() }).where(eq(paymentAttempts.id, attempt.id));
    }
    await recordProviderEvent(tx, {
      tenantId: attempt.tenantId,
      attemptId: attempt.id,
      provider: 'saferpay',
      kind: 'refund',
      reference: refundTransactionId,
      payload: { refundId: refund.id, amount: refund.amount, currency: refund.currency },
    });
  });
  return { refundId: refund.id };
}

/** Credit lines (or, for refunds, debit lines) per account of the entries under a key. */
async function creditsOf(tx: Parameters<Parameters<PaymentDeps['db']['transaction']>[0]>[0], tenantId: string, key: string, debits = false) {
  const rows = await tx
    .select({ account: journalLines.accountNumber, amount: journalLines.amount })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .where(and(eq(journalEntries.tenantId, tenantId), like(journalEntries.idempotencyKey, key)));
  const totals = new Map<string, number>();
  for (const row of rows) {
    const value = debits ? row.amount : -row.amount;
    if (value > 0) totals.set(row.account, (totals.get(row.account) ?? 0) + value);
  }
  return totals;
}

async function captureRate(tx: Parameters<Parameters<PaymentDeps['db']['transaction']>[0]>[0], tenantId: string, attemptId: string) {
  const [line] = await tx
    .select({ rate: journalLines.rate, currency: journalEntries.currency })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .where(and(eq(journalEntries.tenantId, tenantId), eq(journalEntries.idempotencyKey, `payment:${attemptId}:capture`)))
    .limit(1);
  return line && line.currency !== 'CHF' ? line.rate : undefined;
}
