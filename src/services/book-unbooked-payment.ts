// A bookkeeper books captured money that could not be booked when it arrived (a currency
// with no known CHF rate): on the system account against 1099 suspense, at the rate the
// bookkeeper gives, with the same journal key as the automatic booking, so it is booked once.
import { type SQL, and, eq, inArray, sql } from 'drizzle-orm';
import { invoices, journalEntries, paymentAttempts, tenants } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import { bookToSuspense, captureKey } from '../payments/book-to-suspense.js';
import { hasEntry } from '../ledger/read-entries.js';
import type { ServiceContext } from './context.js';

export async function bookUnbookedPayment({ ctx, input }: { ctx: ServiceContext; input: { attemptId: string; rate: string } }) {
  return ctx.db.transaction(async (tx) => {
    const [attempt] = await tx
      .select()
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.tenantId, ctx.tenantId), eq(paymentAttempts.id, input.attemptId)))
      .for('update');
    if (!attempt) throw notFound('The payment');
    const booked = await hasEntry(tx, ctx.tenantId, captureKey(attempt.id));
    if (booked || !['captured', 'refunded'].includes(attempt.state) || !attempt.capturedCurrency) {
      throw new DomainError('conflict', booked ? 'This payment is booked already.' : `Payment ${attempt.id} is ${attempt.state}: nothing was captured to book.`);
    }
    const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, attempt.invoiceId)).for('update');
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, ctx.tenantId));
    const payment = { amount: attempt.capturedAmount, currency: attempt.capturedCurrency, transactionId: attempt.providerTransactionId ?? attempt.id };
    const reason = `A bookkeeper booked the captured ${attempt.capturedCurrency} payment ${payment.transactionId}.`;
    const rate = attempt.capturedCurrency === 'CHF' ? undefined : input.rate;
    await bookToSuspense(tx, { attempt, invoice: invoice!, tenant: tenant!, payment, reason, now: ctx.now() }, { rate, source: ` at ${input.rate}` });
  });
}

/** Captured payments that have no booking yet: what a bookkeeper must book by hand. */
export function unbookedCondition(): SQL {
  return and(
    inArray(paymentAttempts.state, ['captured', 'refunded']),
    sql`not exists (select 1 from ${journalEntries} where ${journalEntries.tenantId} = ${paymentAttempts.tenantId}
      and ${journalEntries.idempotencyKey} = 'payment:' || ${paymentAttempts.id} || ':capture')`,
  )!;
}
