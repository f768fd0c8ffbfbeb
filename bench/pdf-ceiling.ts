// The ceiling of the invoice PDF: bare pdfkit and swissqrbill drawing the same content as
// src/documents/invoice-pdf.ts (the same texts and labels, the table's header and rules, the
// summary rows, the pay link's QR code as runs of dark modules, the document's metadata and the
// QR-bill from the same data), without the service's layout helpers, page breaks, translations
// at run time or document loading. The labels are the document's language's, read once.
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { SwissQRBill } from 'swissqrbill/pdf';
import { mm2pt } from 'swissqrbill/utils';
import de from '../templates/documents/de.json' with { type: 'json' };
import en from '../templates/documents/en.json' with { type: 'json' };
import fr from '../templates/documents/fr.json' with { type: 'json' };
import it from '../templates/documents/it.json' with { type: 'json' };
import type { InvoiceDocument } from '../src/documents/types.js';
import { qrBillData } from '../src/documents/qr-bill-data.js';

const labels = { de, en, fr, it };
const amounts = new Intl.NumberFormat('de-CH', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const money = (minor: number) => amounts.format(minor / 100);
const cell = (doc: PDFKit.PDFDocument, text: string, x: number, y: number, width = 85) =>
  doc.text(text, x, y, { width, align: 'right', lineBreak: false });

export function barePdf(input: InvoiceDocument): Promise<number> {
  const t = labels[input.language];
  const { invoice, creditor, debtor } = input;
  const doc = new PDFDocument({ size: 'A4', margin: 0, info: { Title: `${t.invoice} ${invoice.number}`, Author: creditor.name } });
  let bytes = 0;
  doc.on('data', (chunk: Uint8Array) => (bytes += chunk.length));
  const done = new Promise<number>((resolve) => doc.on('end', () => resolve(bytes)));
  doc.font('Helvetica-Bold').fontSize(12).text(creditor.name, 57, 42);
  doc.font('Helvetica').fontSize(9).text(
    `${creditor.street} ${creditor.buildingNumber ?? ''}\n${creditor.postalCode} ${creditor.city}\n${creditor.email ?? ''}\n${creditor.vatNumber ?? ''}`,
    57,
    60,
    { lineGap: 1 },
  );
  doc.fontSize(11).text(`${debtor.name}\n${debtor.street}\n${debtor.postalCode} ${debtor.city}`, 334, 147, { width: 227, lineGap: 2 });
  doc.font('Helvetica-Bold').fontSize(16).text(`${t.invoice} ${invoice.number}`, 57, 232);
  doc.font('Helvetica').fontSize(9.5).text(`${t.invoiceDate}: ${invoice.invoiceDate}    ${t.dueDate}: ${invoice.dueDate}    ${t.reference}: ${invoice.paymentReference}`, 57, 255);
  if (invoice.referenceText) doc.text(invoice.referenceText, 57, 269, { width: 482 });
  let y = doc.y + 8;
  doc.font('Helvetica-Bold').fontSize(9).text(t.description, 57, y, { lineBreak: false });
  cell(doc, t.quantity, 283, y, 57);
  cell(doc, t.unitPrice, 340, y);
  cell(doc, t.amount, 454, y);
  doc.moveTo(57, y + 12).lineTo(539, y + 12).lineWidth(0.5).stroke();
  doc.font('Helvetica').fontSize(9.5);
  y += 18;
  for (const line of invoice.lines) {
    doc.text(line.description, 57, y, { width: 220 });
    cell(doc, line.quantity, 283, y, 57);
    cell(doc, money(line.unitPrice), 340, y);
    cell(doc, money(line.netAmount), 454, y);
    y += 17;
  }
  doc.moveTo(312, y).lineTo(539, y).lineWidth(0.5).stroke();
  y += 6;
  const rows: [string, number, boolean][] = [
    [t.netTotal, invoice.netTotal, false],
    ...invoice.vatGroups.map((g): [string, number, boolean] => [t.vatAt.replace('{rate}', `${g.vatRate / 100} %`).replace('{base}', money(g.netAmount)), g.vatAmount, false]),
    [t.total.replace('{currency}', invoice.currency), invoice.total, true],
  ];
  for (const [label, amount, bold] of rows) {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 11 : 9.5);
    doc.text(label, 312, y, { width: 142, lineBreak: false });
    cell(doc, money(amount), 454, y);
    y += bold ? 17 : 14;
  }
  if (input.payUrl) {
    const top = mm2pt(162);
    const matrix = QRCode.create(input.payUrl, { errorCorrectionLevel: 'M' }).modules;
    const size = mm2pt(24) / matrix.size;
    for (let row = 0; row < matrix.size; row++) {
      for (let col = 0; col < matrix.size; col++) {
        const start = col;
        while (col < matrix.size && matrix.get(row, col)) col++;
        if (col > start) doc.rect(57 + start * size, top + row * size, (col - start) * size, size);
      }
    }
    doc.fill('black').font('Helvetica-Bold').fontSize(10).text(t.payOnline.replace('{methods}', 'Visa, Mastercard, TWINT'), 140, top + 11, { width: 400 });
    doc.font('Helvetica').fillColor('#0b5cd7').text(input.payUrl, 140, doc.y + 2, { width: 400, link: input.payUrl });
    doc.fillColor('black').fontSize(8.5).text(t.scanToPay, 140, doc.y + 4, { width: 400 });
  }
  new SwissQRBill(qrBillData(input, invoice.total - invoice.paidAmount, t.invoice), { language: input.language.toUpperCase() as 'DE' }).attachTo(doc, 0, mm2pt(192));
  doc.end();
  return done;
}
