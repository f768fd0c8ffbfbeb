// The invoice and receipt e-mails: subject, plain text and HTML in the contact's language
// (templates/email/*.json). The HTML is table-based with inline styles, as mail clients
// need it, and every interpolated value is escaped. The invoice e-mail names exactly the
// methods the online invoice offers; without any it says how to pay instead: the QR-bill,
// or where there is none (USD, GBP) the bank details for a transfer.
import de from '../../templates/email/de.json' with { type: 'json' };
import en from '../../templates/email/en.json' with { type: 'json' };
import fr from '../../templates/email/fr.json' with { type: 'json' };
import it from '../../templates/email/it.json' with { type: 'json' };
import { type Language, fill, formatDate, formatMoney } from '../i18n.js';
import { bankTransfer, bankTransferLines, hasQrBill } from './bank-transfer.js';
import { methodList } from './method-words.js';
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

/** A paragraph, optionally with lines below it (bank details) and a link (the online invoice). */
interface Block {
  text: string;
  lines?: string[];
  link?: { url: string; label: string };
}

function invoiceBlocks(doc: InvoiceDocument, payUrl: string | null, t: typeof en, body: string): Block[] {
  const qrBill = hasQrBill(doc.invoice.currency);
  const blocks: Block[] = [{ text: body }];
  if (payUrl && doc.offered.length > 0) {
    blocks.push({ text: fill(t.payOnline, { methods: methodList(doc.offered, t) }), link: { url: payUrl, label: t.button } });
    blocks.push({ text: qrBill ? t.attachment : t.attachmentPdf });
    return blocks;
  }
  if (qrBill) blocks.push({ text: t.payByQrBill });
  else {
    const lines = bankTransferLines(bankTransfer(doc.creditor, doc.invoice.paymentReference), t);
    blocks.push({ text: t.payByTransfer, lines }, { text: t.attachmentPdf });
  }
  if (payUrl) blocks.push({ text: t.viewOnline, link: { url: payUrl, label: t.buttonView } });
  return blocks;
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
  const blocks: Block[] =
    kind === 'invoice' ? invoiceBlocks(doc, payUrl, t, fill(t.invoiceBody, values)) : [{ text: fill(t.receiptBody, values) }];
  const text = [
    `${t.greeting} ${doc.debtor.name}`,
    '',
    ...blocks.flatMap((block) => [block.text, ...(block.lines ?? []), ...(block.link ? [block.link.url] : []), '']),
    t.closing,
    doc.creditor.name,
  ].join('\n');
  const rows = blocks.flatMap((block) => [
    `<tr><td style="padding:0 0 12px">${[block.text, ...(block.lines ?? [])].map(escapeHtml).join('<br>')}</td></tr>`,
    ...(block.link
      ? [
          `<tr><td style="padding:0 0 16px"><a href="${escapeHtml(block.link.url)}" style="display:inline-block;background:#0b5cd7;color:#ffffff;text-decoration:none;font-weight:bold;padding:12px 20px;border-radius:8px">${escapeHtml(block.link.label)}</a></td></tr>`,
        ]
      : []),
  ]);
  const html = `<!doctype html><html lang="${doc.language}"><body style="margin:0;background:#f3f5f8">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f5f8;padding:24px 0"><tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1c2430">
<tr><td style="padding:0 0 12px">${escapeHtml(`${t.greeting} ${doc.debtor.name}`)}</td></tr>
${rows.join('\n')}
<tr><td style="padding:12px 0 0">${escapeHtml(t.closing)}<br>${escapeHtml(doc.creditor.name)}</td></tr>
</table></td></tr></table></body></html>`;
  return { subject, text, html };
}
