// The invoice PDF: A4, creditor at the top, debtor in the window of a Swiss C5 envelope
// (window on the right), lines, VAT summary and totals, then the pay link with its QR
// code, and the Swiss QR-bill payment part at the foot of the last page. The payment part
// asks only for what is still open; a paid, refunded or cancelled invoice has none and
// says why instead.
import QRCode from 'qrcode';
import { ValidationError } from 'swissqrbill/errors';
import { SwissQRBill } from 'swissqrbill/pdf';
import { mm2pt } from 'swissqrbill/utils';
import de from '../../templates/documents/de.json' with { type: 'json' };
import en from '../../templates/documents/en.json' with { type: 'json' };
import fr from '../../templates/documents/fr.json' with { type: 'json' };
import it from '../../templates/documents/it.json' with { type: 'json' };
import { type Language, fill, formatAmount, formatRate, formatShortDate } from '../i18n.js';
import { bankTransfer, bankTransferLines } from './bank-transfer.js';
import { methodList } from './method-words.js';
import { type PaymentPart, paymentPartOf } from './payment-part.js';
import { formatReference } from './payment-reference.js';
import { hasQrBill, qrBillData } from './qr-bill-data.js';
import type { DocumentAddress, InvoiceDocument } from './types.js';

const texts: Record<Language, typeof en> = { de, fr, it, en };

// pdfkit (with its fonts and text layout) is loaded at the first PDF, not at the start: it was
// a tenth of a restart to /ready, and many processes serve no PDF for a while (issue 11).
// A CommonJS module imported at run time: its exports are the import's default.
type PdfKit = typeof import('pdfkit');
let pdfkit: Promise<PdfKit> | null = null;
const loadPdfkit = () => (pdfkit ??= import('pdfkit').then((module) => (module as unknown as { default: PdfKit }).default));

const left = mm2pt(20);
const right = mm2pt(190);
const paymentPartTop = mm2pt(192);
const payLinkHeight = mm2pt(30);
const columns = { quantity: mm2pt(120), unitPrice: mm2pt(150), amount: right };

function addressLines(address: DocumentAddress): string[] {
  const street = [address.street, address.buildingNumber].filter(Boolean).join(' ');
  const city = `${address.country !== 'CH' ? `${address.country}-` : ''}${address.postalCode} ${address.city}`;
  return [address.name, street, city];
}

function collect(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    doc.on('error', reject);
    doc.on('end', () => {
      const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.length;
      }
      resolve(bytes);
    });
  });
}

function amountCell(doc: PDFKit.PDFDocument, text: string, rightEdge: number, y: number, width = mm2pt(30)) {
  doc.text(text, rightEdge - width, y, { width, align: 'right', lineBreak: false });
}

export async function renderInvoicePdf(input: InvoiceDocument): Promise<Uint8Array> {
  const PDFDocument = await loadPdfkit();
  const t = texts[input.language];
  const { invoice } = input;
  const money = (amount: number) => formatAmount(amount, invoice.currency);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    info: { Title: `${t.invoice} ${invoice.number}`, Author: input.creditor.name },
  });
  const done = collect(doc);

  doc.font('Helvetica-Bold').fontSize(12).text(input.creditor.name, left, mm2pt(15));
  doc.font('Helvetica').fontSize(9);
  const creditorExtras = [
    ...addressLines(input.creditor).slice(1),
    input.creditor.email ?? '',
    input.creditor.vatNumber ? `${t.vatNumber} ${input.creditor.vatNumber}` : '',
  ].filter(Boolean);
  doc.text(creditorExtras.join('\n'), left, mm2pt(21), { lineGap: 1 });

  doc
    .fontSize(11)
    .text(addressLines(input.debtor).join('\n'), mm2pt(118), mm2pt(52), { width: mm2pt(80), lineGap: 2 });

  doc.font('Helvetica-Bold').fontSize(16).text(`${t.invoice} ${invoice.number}`, left, mm2pt(82));
  doc.font('Helvetica').fontSize(9.5);
  const meta = [
    `${t.invoiceDate}: ${formatShortDate(invoice.invoiceDate)}`,
    `${t.dueDate}: ${formatShortDate(invoice.dueDate)}`,
    `${t.reference}: ${formatReference(invoice.paymentReference)}`,
  ];
  doc.text(meta.join('    '), left, mm2pt(90));
  let y = mm2pt(95);
  if (invoice.referenceText) {
    doc.text(invoice.referenceText, left, y, { width: right - left });
    y = doc.y + mm2pt(3);
  }

  const header = (top: number) => {
    doc.font('Helvetica-Bold').fontSize(9);
    doc.text(t.description, left, top, { lineBreak: false });
    amountCell(doc, t.quantity, columns.quantity, top, mm2pt(20));
    amountCell(doc, t.unitPrice, columns.unitPrice, top);
    amountCell(doc, t.amount, columns.amount, top);
    doc
      .moveTo(left, top + 12)
      .lineTo(right, top + 12)
      .lineWidth(0.5)
      .stroke();
    doc.font('Helvetica').fontSize(9.5);
    return top + 18;
  };
  y = header(y + mm2pt(2));
  const pageBottom = mm2pt(280);
  for (const line of invoice.lines) {
    const height = doc.heightOfString(line.description, { width: columns.quantity - mm2pt(22) - left });
    if (y + height > pageBottom) {
      doc.addPage();
      y = header(mm2pt(20));
    }
    doc.text(line.description, left, y, { width: columns.quantity - mm2pt(22) - left });
    amountCell(doc, line.quantity, columns.quantity, y, mm2pt(20));
    amountCell(doc, money(line.unitPrice), columns.unitPrice, y);
    amountCell(doc, money(line.netAmount), columns.amount, y);
    y += Math.max(height, 12) + 5;
  }

  const summary: [string, string, boolean][] = [
    [t.netTotal, money(invoice.netTotal), false],
    ...invoice.vatGroups.map((g): [string, string, boolean] => [
      fill(t.vatAt, { rate: formatRate(g.vatRate), base: money(g.netAmount) }),
      money(g.vatAmount),
      false,
    ]),
    ...(invoice.roundingAmount !== 0
      ? [[t.rounding, money(invoice.roundingAmount), false] as [string, string, boolean]]
      : []),
    [fill(t.total, { currency: invoice.currency }), money(invoice.total), true],
  ];
  const part = paymentPartOf(invoice);
  if (part.kind === 'open' && part.received > 0) {
    summary.push(
      [t.alreadyReceived, money(-part.received), false],
      [fill(t.stillToPay, { currency: invoice.currency }), money(part.amount), true],
    );
  }
  if (y + summary.length * 15 + 10 > pageBottom) {
    doc.addPage();
    y = mm2pt(20);
  }
  doc.moveTo(mm2pt(110), y).lineTo(right, y).lineWidth(0.5).stroke();
  y += 6;
  for (const [label, value, bold] of summary) {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 11 : 9.5);
    doc.text(label, mm2pt(110), y, { width: mm2pt(50), lineBreak: false });
    amountCell(doc, value, right, y);
    y += bold ? 17 : 14;
  }

  if (part.kind !== 'open') {
    // Nothing to pay: no pay link and no payment part, only the reason.
    drawSettled(doc, settledText(part, t), y + mm2pt(6));
    doc.end();
    return done;
  }
  const footerTop = paymentPartTop - payLinkHeight;
  // y is already past the last row's spacing; the pay link's text starts 4 mm below footerTop.
  if (y > footerTop) doc.addPage();
  await drawPayLink(doc, input, footerTop, t);
  const bill = hasQrBill(invoice.currency) ? qrBill(input, part.amount, t) : null;
  if (bill) {
    // The library checks the text cursor too; the pay-link block above it is ours.
    doc.y = paymentPartTop;
    bill.attachTo(doc, 0, paymentPartTop);
  } else {
    // No QR-bill (USD, GBP, or details the standard refuses): the bank details always, as a
    // PDF outlives the online methods.
    const transfer = bankTransferLines(bankTransfer(input.creditor, invoice.paymentReference), t);
    const why = hasQrBill(invoice.currency)
      ? input.offered.length ? t.qrBillUnavailable : t.qrBillUnavailableTransfer
      : fill(input.offered.length ? t.noQrBill : t.noQrBillTransfer, { currency: invoice.currency });
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(why, left, footerTop + payLinkHeight, { width: right - left })
      .moveDown(0.5)
      .text(transfer.join('\n'), { width: right - left, lineGap: 2 });
  }
  doc.end();
  return done;
}

function settledText(part: Exclude<PaymentPart, { kind: 'open' }>, t: typeof en): [string, string] {
  if (part.kind === 'refunded') return [t.refundedTitle, t.refundedNote];
  if (part.kind === 'cancelled') return [t.cancelledTitle, t.cancelledNote];
  return [part.paidOn ? fill(t.paidOn, { date: formatShortDate(part.paidOn) }) : t.paidNote, t.paidNote];
}

function drawSettled(doc: PDFKit.PDFDocument, [title, note]: [string, string], top: number) {
  let y = top;
  if (y + mm2pt(25) > mm2pt(280)) {
    doc.addPage();
    y = mm2pt(20);
  }
  doc.font('Helvetica-Bold').fontSize(14).text(title, left, y, { width: right - left });
  if (note !== title) doc.font('Helvetica').fontSize(10).text(note, left, doc.y + 4, { width: right - left });
}

async function drawPayLink(doc: PDFKit.PDFDocument, input: InvoiceDocument, top: number, t: typeof en) {
  if (!input.payUrl) return;
  const size = mm2pt(24);
  const matrix = QRCode.create(input.payUrl, { errorCorrectionLevel: 'M' }).modules;
  const cell = size / matrix.size;
  // One rectangle per run of dark modules in a row, not one per module: the same picture
  // (without hairline seams between neighbours in some viewers) in about half the path
  // operations, so less content to write and to compress.
  for (let row = 0; row < matrix.size; row++) {
    let col = 0;
    while (col < matrix.size) {
      const start = col;
      while (col < matrix.size && matrix.get(row, col)) col++;
      if (col > start) doc.rect(left + start * cell, top + row * cell, (col - start) * cell, cell);
      else col++;
    }
  }
  doc.fill('black');
  const textLeft = left + size + mm2pt(5);
  doc
    .font('Helvetica-Bold')
    .fontSize(10)
    .text(input.offered.length ? fill(t.payOnline, { methods: methodList(input.offered, t) }) : t.viewOnline, textLeft, top + mm2pt(4), {
      width: right - textLeft,
    });
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor('#0b5cd7')
    .text(input.payUrl, textLeft, doc.y + 2, {
      width: right - textLeft,
      link: input.payUrl,
    });
  doc
    .fillColor('black')
    .fontSize(8.5)
    .text(input.offered.length ? t.scanToPay : t.scanToView, textLeft, doc.y + 4, { width: right - textLeft });
}

/**
 * The QR-bill, or null where the standard refuses the creditor's details as they are now: the
 * IBAN was removed after sending, or became a QR-IBAN, which takes no creditor reference. The
 * invoice was issued all the same, so its PDF is still made, with the bank details instead.
 */
function qrBill(input: InvoiceDocument, amount: number, t: typeof en): SwissQRBill | null {
  try {
    return new SwissQRBill(qrBillData(input, amount, t.invoice), {
      language: input.language.toUpperCase() as 'DE' | 'FR' | 'IT' | 'EN',
    });
  } catch (error) {
    if (error instanceof ValidationError) return null;
    throw error;
  }
}
