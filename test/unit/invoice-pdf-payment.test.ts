// The invoice PDF asks only for what is still owed: its QR-bill is for the open amount of a
// partly paid invoice, and a paid, refunded or cancelled invoice has no payment part (and no
// pay link) but says why. Read from the PDF's own bytes: texts and the decoded QR codes.
import { describe, expect, it } from 'vitest';
import { renderInvoicePdf } from '../../src/documents/invoice-pdf.js';
import { paymentPartOf } from '../../src/documents/payment-part.js';
import { invoiceDocument } from '../helpers/invoice-document.js';
import { pdfText, qrCodesIn } from '../helpers/pdf-content.js';

const swissQrAmount = (codes: string[]) => codes.find((code) => code.startsWith('SPC'))?.split(/\r?\n/).slice(18, 20);
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

describe('the PDF of an invoice that is partly or fully paid', () => {
  it('asks for the open amount in the QR-bill of a partly paid invoice and shows what was received', async () => {
    const pdf = await renderInvoicePdf(invoiceDocument({ invoice: { status: 'partially_paid', paidAmount: 100000 } }));
    expect(swissQrAmount(qrCodesIn(pdf))).toEqual(['1534.65', 'CHF']);
    const text = oneLine(pdfText(pdf));
    expect(text).toContain('Already received -1’000.00');
    expect(text).toContain('Still to pay CHF 1’534.65');
    expect(text).toContain('Total CHF 2’534.65');

    const unpaid = qrCodesIn(await renderInvoicePdf(invoiceDocument()));
    expect(swissQrAmount(unpaid)).toEqual(['2534.65', 'CHF']);
  });

  it('says "Paid on" with the date in the contact\'s language and has neither QR-bill nor pay link', async () => {
    const paid = { status: 'paid', paidAmount: 253465, paidOn: '2026-11-20' };
    const en = await renderInvoicePdf(invoiceDocument({ invoice: paid }));
    expect(qrCodesIn(en)).toEqual([]);
    expect(oneLine(pdfText(en))).toContain('Paid on 20.11.2026');
    expect(pdfText(en)).not.toMatch(/Payment part|Pay online/);

    const de = await renderInvoicePdf(invoiceDocument({ language: 'de', invoice: paid }));
    expect(oneLine(pdfText(de))).toContain('Bezahlt am 20.11.2026');
    expect(pdfText(de)).not.toContain('Zahlteil');
  });

  it('says a refunded invoice was refunded and asks for nothing', async () => {
    const pdf = await renderInvoicePdf(invoiceDocument({ language: 'fr', invoice: { status: 'refunded' } }));
    expect(qrCodesIn(pdf)).toEqual([]);
    expect(oneLine(pdfText(pdf))).toContain('Paiement remboursé');
    expect(pdfText(pdf)).not.toContain('Section paiement');
  });
});

describe('what the payment part asks for', () => {
  const base = { total: 253465, paidAmount: 0, paidOn: null };
  it('is the total less what was received, or nothing with the reason', () => {
    expect(paymentPartOf({ ...base, status: 'sent' })).toEqual({ kind: 'open', amount: 253465, received: 0 });
    expect(paymentPartOf({ ...base, status: 'partially_paid', paidAmount: 3465 })).toEqual({ kind: 'open', amount: 250000, received: 3465 });
    expect(paymentPartOf({ ...base, status: 'paid', paidAmount: 253465, paidOn: '2026-11-20' })).toEqual({ kind: 'paid', paidOn: '2026-11-20' });
    expect(paymentPartOf({ ...base, status: 'refunded' })).toEqual({ kind: 'refunded' });
    expect(paymentPartOf({ ...base, status: 'cancelled' })).toEqual({ kind: 'cancelled' });
  });
});

describe('the pay link on the PDF of an open invoice', () => {
  it('is a QR code a phone camera reads as the online invoice, next to the link written out', async () => {
    const payUrl = 'http://localhost:3000/pay/uPBBU0G3pLikfwuwKfZtvoyntYI';
    const pdf = await renderInvoicePdf(invoiceDocument({ payUrl }));
    expect(qrCodesIn(pdf)).toContain(payUrl);
    expect(pdfText(pdf)).toContain(payUrl);
  });
});
