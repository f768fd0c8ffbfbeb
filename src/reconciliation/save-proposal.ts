// A payout proposal for a bank line, whichever way its items were chosen (oldest open items
// first, or exactly the payout the provider reported): what a bookkeeper accepts or rejects.
import type { Tx } from '../db/client.js';
import { type bankEntries, payoutProposals } from '../db/schema.js';
import type { LineMatch } from './pay-invoice-by-transfer.js';

export async function saveProposal(
  tx: Tx,
  line: Pick<typeof bankEntries.$inferSelect, 'id' | 'tenantId' | 'currency' | 'amount'>,
  proposal: { connectionId: string; attemptIds: string[]; feeEntryIds: string[]; itemsTotal: number; reason: string; providerPayoutId?: string },
): Promise<LineMatch> {
  await tx.insert(payoutProposals).values({ tenantId: line.tenantId, bankEntryId: line.id, currency: line.currency, payoutAmount: line.amount, ...proposal });
  return { status: 'payout_proposed', note: proposal.reason };
}
