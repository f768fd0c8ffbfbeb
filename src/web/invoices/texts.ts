// The invoice pages' own words (templates/office/invoices/*.json), in the user's language.
import de from '../../../templates/office/invoices/de.json' with { type: 'json' };
import en from '../../../templates/office/invoices/en.json' with { type: 'json' };
import fr from '../../../templates/office/invoices/fr.json' with { type: 'json' };
import it from '../../../templates/office/invoices/it.json' with { type: 'json' };
import { fill } from '../../i18n.js';
import type { OfficeContext } from '../layout.js';
import { textsFor } from '../texts.js';

export type InvoiceTexts = typeof en;

export function invoiceTexts(c: OfficeContext): InvoiceTexts {
  return textsFor({ de, fr, it, en }, c.get('language'));
}

const statusKeys = {
  draft: 'statusDraft',
  sent: 'statusSent',
  partially_paid: 'statusPartiallyPaid',
  paid: 'statusPaid',
  refunded: 'statusRefunded',
  cancelled: 'statusCancelled',
} as const satisfies Record<string, keyof InvoiceTexts>;

export function statusName(t: InvoiceTexts, status: string): string {
  const key = statusKeys[status as keyof typeof statusKeys];
  return key ? t[key] : status;
}

/** A text of this area by a key that came from outside (a redirect's `?done=`), or nothing. */
export function doneText(t: InvoiceTexts, key: string | undefined): string | null {
  if (!key || !key.startsWith('done')) return null;
  const value = (t as Record<string, string>)[key];
  return typeof value === 'string' ? value : null;
}

export { fill };
