// A bookkeeper corrects an entry by reversing it (dated today unless a date is given).
import { and, eq } from 'drizzle-orm';
import { withTransaction } from '../db/client.js';
import { payoutFeeClearings } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { lockBookedFees } from '../reconciliation/fees-booked.js';
import { getEntry } from '../ledger/read-entries.js';
import { reverseEntry } from '../ledger/reverse.js';
import { type ServiceContext, swissToday } from './context.js';

export async function reverseJournalEntry({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { entryId: string; date?: string; text?: string };
}) {
  return withTransaction(ctx.db, async (tx) => {
    // A fee booked by hand that a payout has settled (part of) is no longer a mistake one can
    // take back alone: the payout booked less on 6940 because of it, and 1029 would be left
    // unexplained. The lock keeps an acceptance from settling it while it is reversed.
    await lockBookedFees(tx, ctx.tenantId);
    const [settled] = await tx
      .select({ proposalId: payoutFeeClearings.proposalId })
      .from(payoutFeeClearings)
      .where(and(eq(payoutFeeClearings.tenantId, ctx.tenantId), eq(payoutFeeClearings.entryId, input.entryId)))
      .limit(1);
    if (settled) {
      throw new DomainError(
        'conflict',
        `A payout has settled this fee (proposal ${settled.proposalId}), booking that much less on 6940 because of it; ` +
          'reversing the fee alone would leave the system account unexplained. Book a correcting manual entry instead.',
      );
    }
    const result = await reverseEntry(tx, {
      tenantId: ctx.tenantId,
      entryId: input.entryId,
      date: input.date ?? swissToday(ctx.now()),
      text: input.text,
      createdByUserId: ctx.userId,
    });
    const entry = await getEntry(tx, ctx.tenantId, result.entryId);
    if (!entry) throw new Error('reversal not found after posting');
    return { entry, created: result.created };
  });
}
