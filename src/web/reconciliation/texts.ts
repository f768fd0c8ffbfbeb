// The reconciliation pages' words (templates/office/reconciliation/*.json), in the user's language.
import de from '../../../templates/office/reconciliation/de.json' with { type: 'json' };
import en from '../../../templates/office/reconciliation/en.json' with { type: 'json' };
import fr from '../../../templates/office/reconciliation/fr.json' with { type: 'json' };
import it from '../../../templates/office/reconciliation/it.json' with { type: 'json' };
import type { bankEntryStatuses } from '../../db/schema.js';
import type { OfficeContext } from '../layout.js';
import { textsFor } from '../texts.js';

export type ReconTexts = typeof en;

export const reconTexts = (c: OfficeContext): ReconTexts => textsFor({ de, fr, it, en }, c.get('language'));

export function statusName(r: ReconTexts, status: (typeof bankEntryStatuses)[number]): string {
  const names: Record<(typeof bankEntryStatuses)[number], string> = {
    unmatched: r.statusUnmatched,
    invoice_paid: r.statusInvoicePaid,
    payout_proposed: r.statusPayoutProposed,
    payout_booked: r.statusPayoutBooked,
    booked: r.statusBooked,
    ignored: r.statusIgnored,
  };
  return names[status];
}
