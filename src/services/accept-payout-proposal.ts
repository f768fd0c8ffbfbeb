// A bookkeeper accepts a payout proposal, with items added or removed: the payout clears
// the covered items from the system account. In the payout's currency: debit the bank
// account, debit 6940 for what the provider kept (the fee residual), credit the system
// account for the items' gross. A foreign-currency payout is booked at the day's rate; what
// the items were worth in CHF when captured and what the payout's gross is worth today
// differ, and that difference leaves 1029 through 6960 exchange differences.
import { and, eq } from 'drizzle-orm';
import { withTransaction } from '../db/client.js';
import { bankEntries, journalLines, payoutClearings, payoutProposals, tenants } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import { formatMoney } from '../i18n.js';
import { accountNumbers } from '../ledger/chart.js';
import { postEntry } from '../ledger/post.js';
import { openBookingDate } from '../ledger/open-booking-date.js';
import { feesEnteredByHand } from '../reconciliation/fees-entered-by-hand.js';
import { openItems } from '../reconciliation/open-items.js';
import { requireRateOn } from '../reconciliation/rate-on.js';
import type { ServiceContext } from './context.js';

export interface AcceptInput {
  proposalId: string;
  add?: string[];
  remove?: string[];
  /** CHF per unit of a foreign payout currency; without it, the rates table's, else the journal's newest. */
  rate?: string;
}

export async function acceptPayoutProposal({ ctx, input }: { ctx: ServiceContext; input: AcceptInput }) {
  return withTransaction(ctx.db, async (tx) => {
    const [proposal] = await tx
      .select()
      .from(payoutProposals)
      .where(and(eq(payoutProposals.tenantId, ctx.tenantId), eq(payoutProposals.id, input.proposalId)))
      .for('update');
    if (!proposal) throw notFound('The payout proposal');
    if (proposal.status !== 'open') throw new DomainError('conflict', `The proposal was accepted already (journal entry ${proposal.journalEntryId}).`);
    const [line] = await tx.select().from(bankEntries).where(eq(bankEntries.id, proposal.bankEntryId)).for('update');
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, ctx.tenantId));
    if (!line || !tenant) throw notFound('The bank entry');

    const wanted = [...new Set([...proposal.attemptIds.filter((id) => !(input.remove ?? []).includes(id)), ...(input.add ?? [])])];
    const items = await openItems(tx, ctx.tenantId, { connectionId: proposal.connectionId, currency: proposal.currency, attemptIds: wanted });
    const missing = (input.add ?? []).flatMap((id, index) =>
      items.some((item) => item.attemptId === id) ? [] : [{ field: `add.${index}`, message: `${id} is no open ${proposal.currency} item of this payment service` }],
    );
    if (missing.length > 0) throw new DomainError('validation_failed', 'Only open items of the payout’s payment service and currency can be added.', { errors: missing });
    const gross = items.reduce((sum, item) => sum + item.amount, 0);
    const fees = gross - line.amount;
    if (items.length === 0 || fees < 0) {
      throw new DomainError('amount_invalid', `The items add up to ${formatMoney(gross, line.currency)}, less than the payout of ${formatMoney(line.amount, line.currency)}.`, {
        errors: [{ field: 'add', message: 'add items until they cover the payout' }],
      });
    }
    // Fees entered by hand before (6940 / system account) are not booked twice: the payout
    // credits the system account that much less, and books only the rest of its residual.
    const entered = fees > 0 ? await feesEnteredByHand(tx, ctx.tenantId, tenant.systemAccount, line.currency) : { amount: 0, amountChf: 0 };
    const feesBefore = Math.min(entered.amount, fees);
    const feesBeforeChf = feesBefore === 0 ? 0 : Math.round((entered.amountChf * feesBefore) / entered.amount);
    const rate = line.currency === 'CHF' ? undefined : (input.rate ?? (await requireRateOn(tx, ctx.tenantId, line.currency, line.bookingDate)));
    const { date, note } = openBookingDate(line.bookingDate, tenant.booksClosedUntil);
    const payout = await postEntry(tx, {
      tenantId: ctx.tenantId,
      date,
      text: `Payout ${line.acctSvcrRef ?? line.entryRef ?? ''} clearing ${items.length} payment(s): ${formatMoney(line.amount, line.currency)}${note}`.replace('  ', ' '),
      source: 'payout',
      sourceRef: proposal.id,
      idempotencyKey: `payout:${proposal.id}`,
      currency: line.currency,
      rate,
      lines: [
        { account: line.ledgerAccount, amount: line.amount },
        ...(fees > feesBefore ? [{ account: accountNumbers.bankCharges, amount: fees - feesBefore }] : []),
        { account: tenant.systemAccount, amount: -(gross - feesBefore) },
      ],
      createdByUserId: ctx.userId,
    });
    let fxEntryId: string | null = null;
    if (line.currency !== 'CHF') {
      const [cleared] = await tx
        .select({ chf: journalLines.amountChf })
        .from(journalLines)
        .where(and(eq(journalLines.entryId, payout.entryId), eq(journalLines.accountNumber, tenant.systemAccount)));
      const itemsChf = items.reduce((sum, item) => sum + item.amountChf, 0);
      const rest = itemsChf - feesBeforeChf + (cleared?.chf ?? 0);
      if (rest !== 0) {
        const fx = await postEntry(tx, {
          tenantId: ctx.tenantId,
          date,
          text: `Exchange difference of payout ${line.acctSvcrRef ?? line.entryRef ?? ''}: items booked at the receivables' rates, paid out at ${rate}`,
          source: 'fx',
          sourceRef: proposal.id,
          idempotencyKey: `payout:${proposal.id}:fx`,
          currency: 'CHF',
          lines: [
            { account: accountNumbers.exchangeDifferences, amount: rest },
            { account: tenant.systemAccount, amount: -rest },
          ],
          createdByUserId: ctx.userId,
        });
        fxEntryId = fx.entryId;
      }
    }
    // Another payout accepted at the same moment may have cleared one of these items: its
    // clearing row wins, and this whole booking is rolled back rather than clearing twice.
    const clearings = await tx
      .insert(payoutClearings)
      .values(items.map((item) => ({ attemptId: item.attemptId, tenantId: ctx.tenantId, proposalId: proposal.id, amount: item.amount, amountChf: item.amountChf, currency: item.currency })))
      .onConflictDoNothing()
      .returning({ attemptId: payoutClearings.attemptId });
    if (clearings.length !== items.length) {
      throw new DomainError('conflict', 'Another payout cleared some of these items just now; look at the proposal again.');
    }
    const now = ctx.now();
    const [accepted] = await tx
      .update(payoutProposals)
      .set({ status: 'accepted', attemptIds: items.map((item) => item.attemptId), itemsTotal: gross, journalEntryId: payout.entryId, acceptedByUserId: ctx.userId, acceptedAt: now })
      .where(eq(payoutProposals.id, proposal.id))
      .returning();
    await tx.update(bankEntries).set({ status: 'payout_booked', journalEntryId: payout.entryId, updatedAt: now }).where(eq(bankEntries.id, line.id));
    return { proposal: accepted!, journalEntryId: payout.entryId, fxEntryId, fees: fees - feesBefore, feesEnteredBefore: feesBefore };
  });
}
