// A bookkeeper accepts a payout proposal, with items added or removed: the payout clears
// the covered items from the system account. In the payout's currency: debit the bank
// account, debit 6940 for what the provider kept (the fee residual, less the fees booked
// by hand on 1029 that it settles), credit the system account for the items' gross less
// those fees. A foreign-currency payout is booked at the day's rate; what
// the items were worth in CHF when captured and what the payout's gross is worth today
// differ, and that difference leaves 1029 through 6960 exchange differences.
import { and, eq } from 'drizzle-orm';
import { withTransaction } from '../db/client.js';
import { bankEntries, journalLines, payoutClearings, payoutFeeClearings, payoutProposals, tenants } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import { formatMoney } from '../i18n.js';
import { accountNumbers } from '../ledger/chart.js';
import { postEntry } from '../ledger/post.js';
import { openBookingDate } from '../ledger/open-booking-date.js';
import { feesWithin, lockBookedFees, openBookedFees } from '../reconciliation/fees-booked.js';
import { openItems } from '../reconciliation/open-items.js';
import { requireRateOn } from '../reconciliation/rate-on.js';
import { recordEvent } from '../webhooks/record-event.js';
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
    // The fees booked by hand still open now (another payout may have settled some since the
    // proposal), oldest first, as far as this payout's residual holds them.
    await lockBookedFees(tx, ctx.tenantId);
    // A payout the provider reported settles the fees it listed, no others.
    const feeFilter = proposal.providerPayoutId ? { currency: proposal.currency, entryIds: proposal.feeEntryIds } : { currency: proposal.currency, upTo: line.bookingDate };
    const feesBooked = feesWithin(await openBookedFees(tx, ctx.tenantId, feeFilter), gross - line.amount);
    const feesBookedTotal = feesBooked.reduce((sum, taken) => sum + taken.amount, 0);
    const cleared = gross - feesBookedTotal;
    const fees = cleared - line.amount;
    if (items.length === 0 || fees < 0) {
      throw new DomainError('amount_invalid', `The items add up to ${formatMoney(gross, line.currency)}, less than the payout of ${formatMoney(line.amount, line.currency)}.`, {
        errors: [{ field: 'add', message: 'add items until they cover the payout' }],
      });
    }
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
        ...(fees > 0 ? [{ account: accountNumbers.bankCharges, amount: fees }] : []),
        { account: tenant.systemAccount, amount: -cleared },
      ],
      createdByUserId: ctx.userId,
    });
    let fxEntryId: string | null = null;
    if (line.currency !== 'CHF') {
      const [cleared] = await tx
        .select({ chf: journalLines.amountChf })
        .from(journalLines)
        .where(and(eq(journalLines.entryId, payout.entryId), eq(journalLines.accountNumber, tenant.systemAccount)));
      const itemsChf = items.reduce((sum, item) => sum + item.amountChf, 0) - feesBooked.reduce((sum, taken) => sum + taken.amountChf, 0);
      const rest = itemsChf + (cleared?.chf ?? 0);
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
    if (feesBooked.length > 0) {
      await tx
        .insert(payoutFeeClearings)
        .values(feesBooked.map((taken) => ({ entryId: taken.fee.entryId, tenantId: ctx.tenantId, proposalId: proposal.id, amount: taken.amount, amountChf: taken.amountChf, currency: taken.fee.currency })));
    }
    if (clearings.length !== items.length) {
      throw new DomainError('conflict', 'Another payout cleared some of these items just now; look at the proposal again.');
    }
    const now = ctx.now();
    const [accepted] = await tx
      .update(payoutProposals)
      .set({ status: 'accepted', attemptIds: items.map((item) => item.attemptId), feeEntryIds: feesBooked.map((taken) => taken.fee.entryId), itemsTotal: gross, journalEntryId: payout.entryId, acceptedByUserId: ctx.userId, acceptedAt: now })
      .where(eq(payoutProposals.id, proposal.id))
      .returning();
    await tx.update(bankEntries).set({ status: 'payout_booked', journalEntryId: payout.entryId, updatedAt: now }).where(eq(bankEntries.id, line.id));
    await recordEvent(tx, {
      tenantId: ctx.tenantId,
      type: 'payout_proposal.accepted',
      data: {
        proposalId: proposal.id,
        connectionId: proposal.connectionId,
        bankEntryId: line.id,
        amount: line.amount,
        currency: line.currency,
        itemsTotal: gross,
        fees,
        payments: items.map((item) => item.attemptId),
        journalEntryId: payout.entryId,
        fxEntryId,
      },
      now,
    });
    return { proposal: accepted!, journalEntryId: payout.entryId, fxEntryId, fees, feesEnteredBefore: feesBookedTotal };
  });
}
