// The journal pages' words (templates/office/journal/*.json), in the user's language.
import de from '../../../templates/office/journal/de.json' with { type: 'json' };
import en from '../../../templates/office/journal/en.json' with { type: 'json' };
import fr from '../../../templates/office/journal/fr.json' with { type: 'json' };
import it from '../../../templates/office/journal/it.json' with { type: 'json' };
import type { EntrySource } from '../../ledger/post.js';
import type { OfficeContext } from '../layout.js';
import { textsFor } from '../texts.js';

export type JournalTexts = typeof en;

export const journalTexts = (c: OfficeContext): JournalTexts => textsFor({ de, fr, it, en }, c.get('language'));

export function sourceName(t: JournalTexts, source: EntrySource): string {
  const names: Record<EntrySource, string> = {
    invoice: t.sourceInvoice,
    payment: t.sourcePayment,
    refund: t.sourceRefund,
    manual: t.sourceManual,
    payout: t.sourcePayout,
    fx: t.sourceFx,
    fee: t.sourceFee,
    reversal: t.sourceReversal,
  };
  return names[source];
}
