// SwissBilling's view of an invoice (contact, lines with their nets, VAT groups, the open
// amount), and the hosted-page form built from it: every field the platform needs, signed
// with SHA-IN (UTF-8, for orderstandard_utf8.asp).
import { asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { type connections, contacts, invoiceLines, type invoices, type paymentAttempts, type tenants } from '../../db/schema.js';
import type { Language } from '../../i18n.js';
import { computeInvoiceTotals } from '../../invoices/totals.js';
import { payerFeedbackPaths } from '../../pay/return-paths.js';
import { connectionBaseUrl } from '../endpoints.js';
import { postfinanceAccess, postfinanceHosts } from './credentials.js';
import { signShaIn } from './signature.js';
import { type SwissBillingInvoice, swissBillingAddress, swissBillingItems } from './swissbilling.js';
import type { PaymentDeps } from '../../payments/deps.js';

const platformLanguages: Record<Language, string> = { de: 'de_CH', fr: 'fr_CH', it: 'it_IT', en: 'en_US' };

export async function loadSwissBillingInvoice(db: Queryable, invoice: typeof invoices.$inferSelect): Promise<SwissBillingInvoice> {
  const [contact] = await db.select().from(contacts).where(eq(contacts.id, invoice.contactId));
  const lines = await db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).orderBy(asc(invoiceLines.position));
  const totals = computeInvoiceTotals(lines, invoice.currency);
  return {
    currency: invoice.currency,
    total: invoice.total - invoice.paidAmount,
    paidAmount: invoice.paidAmount,
    contact: contact!,
    lines: lines.map((line, index) => ({ ...line, netAmount: totals.lineNetAmounts[index]! })),
    vatGroups: totals.vatGroups,
  };
}

export async function swissBillingForm(
  deps: PaymentDeps,
  input: {
    connection: typeof connections.$inferSelect;
    attempt: typeof paymentAttempts.$inferSelect;
    invoice: typeof invoices.$inferSelect;
    tenant: typeof tenants.$inferSelect;
    language: Language;
  },
) {
  if (!deps.secretBox) throw new Error('no secret box configured');
  const baseUrl = connectionBaseUrl(postfinanceHosts, input.connection, deps);
  const access = await postfinanceAccess(input.connection, deps.secretBox);
  const billing = await loadSwissBillingInvoice(deps.db, input.invoice);
  const back = `${deps.publicBaseUrl}${payerFeedbackPaths.current}/${input.attempt.secret}`;
  const items = swissBillingItems(billing);
  const categories = Object.fromEntries(
    Object.keys(items)
      .filter((name) => name.startsWith('ITEMID'))
      .map((name) => [`ITEMCATEGORY${name.slice(6)}`, input.tenant.swissBillingCategory]),
  );
  const fields: Record<string, string> = {
    PSPID: access.settings.pspid,
    ORDERID: input.attempt.orderId,
    AMOUNT: String(input.attempt.amount),
    CURRENCY: input.attempt.currency,
    LANGUAGE: platformLanguages[input.language],
    EMAIL: billing.contact.email.slice(0, 50),
    ACCEPTURL: back,
    DECLINEURL: back,
    EXCEPTIONURL: back,
    CANCELURL: back,
    OPERATION: 'RES',
    // Fills <PARAMVAR> in the back office's post-sale URL: /callbacks/postfinance/<PARAMVAR>.
    PARAMVAR: input.connection.id,
    ...swissBillingAddress(billing.contact, access.settings.mode),
    ...items,
    ...categories,
  };
  fields.SHASIGN = await signShaIn(fields, access.secrets.shaIn, access.settings.hashAlgorithm, 'utf-8');
  return { action: `${baseUrl}/orderstandard_utf8.asp`, fields };
}
