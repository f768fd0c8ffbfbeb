// A recognised payout gets a proposal: the open items of that payment service and currency
// from the window before the payout, oldest first, as many as it takes for their sum to
// reach the payout (providers pay out gross minus fees, so the items are never less than
// the payout), and the fees booked by hand that the difference holds. The reason says what
// was found, so the bookkeeper can judge it. A payout the provider reported with its items
// (reported-payout.ts) is proposed with exactly those instead.
import dayjs from 'dayjs';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { type bankEntries, payoutProposals } from '../db/schema.js';
import { formatMoney } from '../i18n.js';
import { feesWithin, openBookedFees } from './fees-booked.js';
import { openItems } from './open-items.js';
import type { LineMatch } from './pay-invoice-by-transfer.js';
import { defaultWindowDays, recognisePayout } from './payout-recognition.js';
import { proposeReportedPayout } from './reported-payout.js';
import { saveProposal } from './save-proposal.js';

export async function proposePayout(tx: Tx, line: typeof bankEntries.$inferSelect): Promise<LineMatch | null> {
  const recognised = await recognisePayout(tx, line.tenantId, line);
  if (!recognised) return null;
  const { connection, why } = recognised;
  const reported = await proposeReportedPayout(tx, line, connection, why);
  if (reported) return reported;
  const windowDays = connection.payoutRecognition.windowDays ?? defaultWindowDays;
  const from = dayjs(line.bookingDate).subtract(windowDays, 'day').format('YYYY-MM-DD');
  // Items another open proposal already counts on are left to it.
  const claimed = new Set(
    (
      await tx
        .select({ attemptIds: payoutProposals.attemptIds })
        .from(payoutProposals)
        .where(and(eq(payoutProposals.tenantId, line.tenantId), eq(payoutProposals.status, 'open')))
    ).flatMap((row) => row.attemptIds),
  );
  const items = (await openItems(tx, line.tenantId, { connectionId: connection.id, currency: line.currency })).filter(
    (item) => item.date >= from && item.date <= line.bookingDate && !claimed.has(item.attemptId),
  );
  const chosen = [];
  let sum = 0;
  for (const item of items) {
    if (sum >= line.amount) break;
    chosen.push(item);
    sum += item.amount;
  }
  const payout = formatMoney(line.amount, line.currency);
  if (sum < line.amount) {
    return {
      status: 'unmatched',
      note: `A payout of ${connection.label} (${why}), but its open ${line.currency} items from ${from} to ${line.bookingDate} add up to ${formatMoney(sum, line.currency)}, less than the payout of ${payout}. Book it by hand.`,
    };
  }
  const booked = await openBookedFees(tx, line.tenantId, { currency: line.currency, upTo: line.bookingDate });
  const fees = feesWithin(booked, sum - line.amount);
  const feesBooked = fees.reduce((total, taken) => total + taken.amount, 0);
  const difference = sum - line.amount - feesBooked;
  const byHand = fees.length > 0 ? `, ${formatMoney(feesBooked, line.currency)} fees booked by hand already (${fees.map((taken) => taken.fee.date).join(', ')})` : '';
  const reason =
    `${why}. ${chosen.length} open ${line.currency} item(s) of ${connection.label} from ${chosen[0]!.date} to ${chosen.at(-1)!.date}, ` +
    `oldest first, add up to ${formatMoney(sum, line.currency)}: the payout of ${payout}${byHand} and ${formatMoney(difference, line.currency)} fees.`;
  return saveProposal(tx, line, {
    connectionId: connection.id,
    attemptIds: chosen.map((item) => item.attemptId),
    feeEntryIds: fees.map((taken) => taken.fee.entryId),
    itemsTotal: sum,
    reason,
  });
}
