// The hosted-page form of a SwissBilling payment: every field the platform needs, signed
// with SHA-IN (UTF-8, for orderstandard_utf8.asp).
import type { connections, contacts, invoiceLines, invoices, paymentAttempts } from '../db/schema.js';
import type { Language } from '../i18n.js';
import { computeInvoiceTotals } from '../invoices/totals.js';
import { postfinanceAccess } from '../providers/postfinance/credentials.js';
import { signShaIn } from '../providers/postfinance/signature.js';
import { swissBillingAddress, swissBillingItems } from '../providers/postfinance/swissbilling.js';
import type { PaymentDeps } from './deps.js';

const platformLanguages: Record<Language, string> = { de: 'de_CH', fr: 'fr_CH', it: 'it_IT', en: 'en_US' };

export function swissBillingInvoice(
  invoice: typeof invoices.$inferSelect,
  contact: typeof contacts.$inferSelect,
  lines: (typeof invoiceLines.$inferSelect)[],
) {
  const totals = computeInvoiceTotals(lines, invoice.currency);
  return {
    currency: invoice.currency,
    total: invoice.total - invoice.paidAmount,
    contact,
    lines: lines.map((line, index) => ({ ...line, netAmount: totals.lineNetAmounts[index]! })),
    vatGroups: totals.vatGroups,
  };
}

export async function swissBillingForm(
  deps: PaymentDeps,
  input: {
    connection: typeof connections.$inferSelect;
    attempt: typeof paymentAttempts.$inferSelect;
    invoice: ReturnType<typeof swissBillingInvoice>;
    language: Language;
  },
) {
  if (!deps.secretBox) throw new Error('no secret box configured');
  const access = await postfinanceAccess(input.connection, deps.secretBox, deps.publicBaseUrl);
  const back = `${deps.publicBaseUrl}/pay/feedback/${input.attempt.secret}`;
  const items = swissBillingItems(input.invoice);
  const categories = Object.fromEntries(
    Object.keys(items)
      .filter((name) => name.startsWith('ITEMID'))
      .map((name) => [`ITEMCATEGORY${name.slice(6)}`, access.settings.category]),
  );
  const fields: Record<string, string> = {
    PSPID: access.settings.pspid,
    ORDERID: input.attempt.orderId,
    AMOUNT: String(input.attempt.amount),
    CURRENCY: input.attempt.currency,
    LANGUAGE: platformLanguages[input.language],
    EMAIL: input.invoice.contact.email.slice(0, 50),
    ACCEPTURL: back,
    DECLINEURL: back,
    EXCEPTIONURL: back,
    CANCELURL: back,
    OPERATION: 'RES',
    // Fills <PARAMVAR> in the back office's post-sale URL: /callbacks/postfinance/<PARAMVAR>.
    PARAMVAR: input.connection.id,
    ...swissBillingAddress(input.invoice.contact, access.settings.mode),
    ...items,
    ...categories,
  };
  fields.SHASIGN = await signShaIn(fields, access.secrets.shaIn, access.algorithm, 'utf-8');
  return { action: `${access.baseUrl}/orderstandard_utf8.asp`, fields };
}
