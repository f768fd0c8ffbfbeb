// The QR-bill's text fields as a payer's accounting software reads them: the bill
// information after EPD is Swico S1 (invoice number, date, UID, VAT rates, conditions), the
// invoice number is also in the message the e-banking shows, and swissqrbill accepts it all.
import { SwissQRBill } from 'swissqrbill/svg';
import { describe, expect, it } from 'vitest';
import { renderInvoicePdf } from '../../src/documents/invoice-pdf.js';
import { qrBillData } from '../../src/documents/qr-bill-data.js';
import { invoiceDocument } from '../helpers/invoice-document.js';
import { qrCodesIn } from '../helpers/pdf-content.js';

const knownTags = ['10', '11', '20', '30', '31', '32', '33', '40'];
const decimal = String.raw`\d+(?:\.\d+)?`;
const valueRules: Record<string, RegExp> = {
  '11': /^\d{6}$/,
  '30': /^\d{9}$/,
  '32': new RegExp(`^(?:${decimal}|${decimal}:${decimal}(?:;${decimal}:${decimal})*)$`),
  '40': new RegExp(`^${decimal}:\\d+(?:;${decimal}:\\d+)*$`),
};

/** A strict reader of the S1 syntax: tags ascending and once each, values unescaped. */
function parseS1(text: string): Map<string, string> {
  expect(text.startsWith('//S1/')).toBe(true);
  const element = /\/(\d{2})\/((?:[^/\\]|\\[/\\])*)/y;
  const tags = new Map<string, string>();
  element.lastIndex = 4;
  while (element.lastIndex < text.length) {
    const at = element.lastIndex;
    const match = element.exec(text);
    if (!match) throw new Error(`not S1 from position ${at}: ${text.slice(at)}`);
    const [, tag, raw] = match as unknown as [string, string, string];
    expect(knownTags).toContain(tag);
    if (tags.size > 0) expect(Number(tag)).toBeGreaterThan(Number([...tags.keys()].at(-1)));
    const value = raw.replace(/\\([/\\])/g, '$1');
    if (valueRules[tag]) expect(value).toMatch(valueRules[tag]);
    tags.set(tag, value);
  }
  return tags;
}

const oneRate = { vatGroups: [{ vatRate: 8.1, netAmount: 234980, vatAmount: 19033 }] };

describe('the QR-bill bill information', () => {
  it('is Swico S1 with number, date, UID, the rate alone for a one-rate invoice, and the payment period', () => {
    const data = qrBillData(invoiceDocument({ invoice: oneRate }), 253465, 'Invoice');
    expect(data.additionalInformation).toBe('//S1/10/RE-2026-0001/11/261102/30/123456789/32/8.1/40/0:30');
    expect(Object.fromEntries(parseS1(data.additionalInformation!))).toEqual({
      '10': 'RE-2026-0001',
      '11': '261102',
      '30': '123456789',
      '32': '8.1',
      '40': '0:30',
    });
    expect(data.message).toBe('Invoice RE-2026-0001');
  });

  it('lists rate:net amount pairs for a multi-rate invoice', () => {
    const data = qrBillData(invoiceDocument(), 253465, 'Rechnung');
    expect(parseS1(data.additionalInformation!).get('32')).toBe('8.1:2250;2.6:99.8');
    expect(data.message).toBe('Rechnung RE-2026-0001');
  });

  it('escapes a slash in the invoice number and leaves out tag 30 without a Swiss UID', () => {
    const data = qrBillData(
      invoiceDocument({ creditor: { ...invoiceDocument().creditor, vatNumber: undefined }, invoice: { number: 'RE/2026\\7' } }),
      253465,
      'Invoice',
    );
    expect(data.additionalInformation).toMatch(/^\/\/S1\/10\/RE\\\/2026\\\\7\/11\//);
    const tags = parseS1(data.additionalInformation!);
    expect(tags.get('10')).toBe('RE/2026\\7');
    expect(tags.has('30')).toBe(false);
  });

  it('stays within the 140 characters it shares with the message, and swissqrbill accepts it', () => {
    for (const number of ['RE-2026-0001', 'RE/2026/0001', `RE-${'9'.repeat(60)}`, `X${'/'.repeat(70)}`]) {
      const data = qrBillData(invoiceDocument({ invoice: { number } }), 253465, 'Facture');
      const shared = (data.message ?? '').length + (data.additionalInformation ?? '').length;
      expect(shared).toBeLessThanOrEqual(140);
      if (data.additionalInformation) expect(parseS1(data.additionalInformation).get('10')).toBe(number);
      expect(() => new SwissQRBill(data)).not.toThrow();
    }
  });

  it('is what the QR code of the invoice PDF carries after EPD', async () => {
    const pdf = await renderInvoicePdf(invoiceDocument({ language: 'de' }));
    const payload = qrCodesIn(pdf).find((code) => code.startsWith('SPC'))?.split(/\r?\n/);
    expect(payload?.slice(27)).toEqual([
      'SCOR',
      'RF18539007547034',
      'Rechnung RE-2026-0001',
      'EPD',
      '//S1/10/RE-2026-0001/11/261102/30/123456789/32/8.1:2250;2.6:99.8/40/0:30',
    ]);
  });
});
