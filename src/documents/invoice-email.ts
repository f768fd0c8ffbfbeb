// The invoice and receipt e-mails: subject, plain text and HTML in the contact's language
// (templates/email/*.json). The HTML is table-based with inline styles, as mail clients
// need it, and every interpolated value is escaped.
import de from '../../templates/email/de.json' with { type: 'json' };
import en from '../../templates/email/en.json' with { type: 'json' };
import fr from '../../templates/email/fr.json' with { type: 'json' };
import it from '../../templates/email/it.json' with { type: 'json' };
import { type Language, fill, formatDate, formatMoney } from '../i18n.js';
import type { InvoiceDocument } from './types.js';

const texts: Record<Language, typeof en> = { de, fr, it, en };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function renderInvoiceEmail(input: {
  doc: InvoiceDocument;
  payUrl: string | null;
  kind: 'invoice' | 'receipt';
  amount?: number;
}): RenderedEmail {
  const { doc, payUrl, kind } = input;
  const t = texts[doc.language];
  const values = {
    number: doc.invoice.number,
    creditor: doc.creditor.name,
    amount: formatMoney(input.amount ?? doc.invoice.total, doc.invoice.currency),
    dueDate: formatDate(doc.invoice.dueDate, doc.language),
  };
  const subject = fill(kind === 'invoice' ? t.invoiceSubject : t.receiptSubject, values);
  const paragraphs =
    kind === 'invoice'
      ? [fill(t.invoiceBody, values), ...(payUrl ? [t.payOnline] : []), t.attachment]
      : [fill(t.receiptBody, values)];
  const text = [
    `${t.greeting} ${doc.debtor.name}`,
    '',
    paragraphs[0],
    ...(kind === 'invoice' && payUrl ? ['', t.payOnline, payUrl] : []),
    ...(kind === 'invoice' ? ['', t.attachment] : []),
    '',
    t.closing,
    doc.creditor.name,
  ].join('\n');
  const button =
    kind === 'invoice' && payUrl
      ? `<tr><td style="padding:8px 0 16px"><a href="${escapeHtml(payUrl)}" style="display:inline-block;background:#0b5cd7;color:#ffffff;text-decoration:none;font-weight:bold;padding:12px 20px;border-radius:8px">${escapeHtml(t.button)}</a></td></tr>`
      : '';
  const rows = paragraphs.map((p) => `<tr><td style="padding:0 0 12px">${escapeHtml(p)}</td></tr>`);
  if (button) rows.splice(2, 0, button);
  const html = `<!doctype html><html lang="${doc.language}"><body style="margin:0;background:#f3f5f8">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f5f8;padding:24px 0"><tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1c2430">
<tr><td style="padding:0 0 12px">${escapeHtml(`${t.greeting} ${doc.debtor.name}`)}</td></tr>
${rows.join('\n')}
<tr><td style="padding:12px 0 0">${escapeHtml(t.closing)}<br>${escapeHtml(doc.creditor.name)}</td></tr>
</table></td></tr></table></body></html>`;
  return { subject, text, html };
}
