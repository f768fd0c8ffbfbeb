// The ceiling of the invoice PDF: bare pdfkit and swissqrbill drawing the same content as
// src/documents/invoice-pdf.ts (the same texts, the pay link's QR code as rectangles, the
// QR-bill from the same data), without the service's layout helpers or document loading.
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { SwissQRBill } from 'swissqrbill/pdf';
import { mm2pt } from 'swissqrbill/utils';
import type { InvoiceDocument } from '../src/documents/types.js';
import { qrBillData } from '../src/documents/qr-bill-data.js';

export function barePdf(input: InvoiceDocument): Promise<number> {
  const doc = new PDFDocument({ size: 'A4', margin: 0 });
  let bytes = 0;
  doc.on('data', (chunk: Uint8Array) => (bytes += chunk.length));
  const done = new Promise<number>((resolve) => doc.on('end', () => resolve(bytes)));
  const { invoice } = input;
  doc.font('Helvetica-Bold').fontSize(12).text(input.creditor.name, 57, 42);
  doc.font('Helvetica').fontSize(9).text(`${input.creditor.street} ${input.creditor.buildingNumber ?? ''}\n${input.creditor.postalCode} ${input.creditor.city}`, 57, 60);
  doc.fontSize(11).text(`${input.debtor.name}\n${input.debtor.street}\n${input.debtor.postalCode} ${input.debtor.city}`, 334, 147, { width: 227 });
  doc.font('Helvetica-Bold').fontSize(16).text(`Invoice ${invoice.number}`, 57, 232);
  doc.font('Helvetica').fontSize(9.5).text(`${invoice.invoiceDate}    ${invoice.dueDate}    ${invoice.paymentReference}`, 57, 255);
  let y = 280;
  for (const line of invoice.lines) {
    doc.text(line.description, 57, y, { width: 220 });
    doc.text(line.quantity, 300, y, { width: 57, align: 'right', lineBreak: false });
    doc.text(String(line.unitPrice), 340, y, { width: 85, align: 'right', lineBreak: false });
    doc.text(String(line.netAmount), 454, y, { width: 85, align: 'right', lineBreak: false });
    y += 14;
  }
  doc.font('Helvetica-Bold').text(String(invoice.total), 454, y + 10, { width: 85, align: 'right' });
  if (input.payUrl) {
    const matrix = QRCode.create(input.payUrl, { errorCorrectionLevel: 'M' }).modules;
    const cell = mm2pt(24) / matrix.size;
    for (let row = 0; row < matrix.size; row++) {
      for (let col = 0; col < matrix.size; col++) if (matrix.get(row, col)) doc.rect(57 + col * cell, y + 40 + row * cell, cell, cell);
    }
    doc.fill('black').font('Helvetica').fontSize(10).text(input.payUrl, 140, y + 50, { width: 400, link: input.payUrl });
  }
  new SwissQRBill(qrBillData(input, invoice.total - invoice.paidAmount, 'Invoice')).attachTo(doc, 0, mm2pt(192));
  doc.end();
  return done;
}
