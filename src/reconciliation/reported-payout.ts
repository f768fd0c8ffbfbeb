// A payout the provider reported itself (Stripe's payout.paid with its balance transactions,
// kept in provider_payouts): when its credit reaches the bank statement, the proposal takes
// exactly the payments and the fee entries the provider listed, instead of open items
// oldest first. The fees were booked from the provider's data already; the payout settles
// them, so nothing is booked twice and what is left over is what the provider did not explain.
import dayjs from 'dayjs';
import { and, asc, eq, gte, lte, notExists } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { type bankEntries, type connections, payoutProposals, providerPayouts } from '../db/schema.js';
import { formatMoney } from '../i18n.js';
import { feesWithin, openBookedFees } from './fees-booked.js';
import { openItems } from './open-items.js';
import type { LineMatch } from './pay-invoice-by-transfer.js';
import { saveProposal } from './save-proposal.js';

type Line = typeof bankEntries.$inferSelect;

/** The reported payout this credit is: same service, amount and currency, arriving around its day, not proposed yet. */
async function reportedPayoutOf(tx: Tx, connectionId: string, line: Line) {
  const [found] = await tx
    .select()
    .from(providerPayouts)
    .where(
      and(
        eq(providerPayouts.connectionId, connectionId),
        eq(providerPayouts.amount, line.amount),
        eq(providerPayouts.currency, line.currency),
        // Banks book a few days either side of the provider's arrival date.
        gte(providerPayouts.arrivalDate, dayjs(line.bookingDate).subtract(7, 'day').format('YYYY-MM-DD')),
        lte(providerPayouts.arrivalDate, dayjs(line.bookingDate).add(7, 'day').format('YYYY-MM-DD')),
        notExists(tx.select({ id: payoutProposals.id }).from(payoutProposals).where(eq(payoutProposals.providerPayoutId, providerPayouts.id))),
      ),
    )
    .orderBy(asc(providerPayouts.arrivalDate))
    .limit(1);
  return found ?? null;
}

export async function proposeReportedPayout(tx: Tx, line: Line, connection: typeof connections.$inferSelect, why: string): Promise<LineMatch | null> {
  const reported = await reportedPayoutOf(tx, connection.id, line);
  if (!reported) return null;
  const items = await openItems(tx, line.tenantId, { connectionId: connection.id, currency: line.currency, attemptIds: reported.attemptIds });
  const sum = items.reduce((total, item) => total + item.amount, 0);
  const fees = feesWithin(await openBookedFees(tx, line.tenantId, { currency: line.currency, entryIds: reported.feeEntryIds }), Math.max(sum - line.amount, 0));
  const feesBooked = fees.reduce((total, taken) => total + taken.amount, 0);
  const rest = sum - line.amount - feesBooked;
  const payout = formatMoney(line.amount, line.currency);
  const gone = reported.attemptIds.length - items.length;
  const reason =
    `${why}. ${connection.label} reported payout ${reported.providerPayoutId} of ${payout} with ${reported.attemptIds.length} payment(s)` +
    `${gone > 0 ? `, ${gone} of them no longer open` : ''}: ${items.length} open item(s) add up to ${formatMoney(sum, line.currency)}, ` +
    `${formatMoney(feesBooked, line.currency)} fees booked from the provider's data, ${formatMoney(rest, line.currency)} not explained.` +
    `${reported.note ? ` ${reported.note}` : ''}`;
  return saveProposal(tx, line, {
    connectionId: connection.id,
    attemptIds: items.map((item) => item.attemptId),
    feeEntryIds: fees.map((taken) => taken.fee.entryId),
    itemsTotal: sum,
    reason,
    providerPayoutId: reported.id,
  });
}
