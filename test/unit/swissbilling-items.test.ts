// SwissBilling's item lines and rules, and the tolerant reading of DirectLink's XML answer.
import { describe, expect, it } from 'vitest';
import { decimalToMinor, parseNcResponse } from '../../src/providers/postfinance/directlink.js';
import { type SwissBillingInvoice, swissBillingItems, swissBillingViolations } from '../../src/providers/postfinance/swissbilling.js';
import { computeInvoiceTotals } from '../../src/invoices/totals.js';

const contact: SwissBillingInvoice['contact'] = {
  kind: 'person',
  companyName: null,
  firstName: 'Anna',
  lastName: 'Muster',
  street: 'Limmatquai',
  buildingNumber: '55',
  postalCode: '8001',
  city: 'Zürich',
  country: 'CH',
  email: 'anna@example.ch',
};

function invoiceOf(lines: { unitPrice: number; quantityMilli: number; vatRateBp: number }[]): SwissBillingInvoice {
  const rows = lines.map((line, index) => ({ ...line, description: `Position ${index + 1}`, revenueAccount: '3200' }));
  const totals = computeInvoiceTotals(rows, 'CHF');
  return {
    currency: 'CHF',
    total: totals.total,
    paidAmount: 0,
    contact,
    lines: rows.map((row, index) => ({ ...row, netAmount: totals.lineNetAmounts[index]! })),
    vatGroups: totals.vatGroups,
  };
}

const itemSum = (fields: Record<string, string>) => {
  let sum = 0;
  for (let n = 1; fields[`ITEMID${n}`]; n++) sum += decimalToMinor(fields[`ITEMPRICE${n}`]!)! * Number(fields[`ITEMQUANT${n}`]);
  return sum;
};
const itemCount = (fields: Record<string, string>) => Object.keys(fields).filter((k) => k.startsWith('ITEMID')).length;

describe('SwissBilling item lines', () => {
  it('carry prices with VAT, the VAT code and TAXINCLUDED=1, adding up to the amount to the Rappen', () => {
    const invoice = invoiceOf([
      { unitPrice: 18000, quantityMilli: 12_500, vatRateBp: 810 },
      { unitPrice: 4990, quantityMilli: 2000, vatRateBp: 260 },
    ]);
    const fields = swissBillingItems(invoice);
    expect(fields).toMatchObject({ ITEMVATCODE1: '8.1%', ITEMVATCODE2: '2.6%', TAXINCLUDED1: '1', TAXINCLUDED2: '1', ITEMQUANT2: '2' });
    expect(itemSum(fields)).toBe(invoice.total);
  });

  it('summarise more than nine lines per VAT rate, still adding up exactly', () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ unitPrice: 1234 + i * 17, quantityMilli: 1000 + i * 333, vatRateBp: i % 3 === 0 ? 260 : 810 }));
    const invoice = invoiceOf(many);
    const fields = swissBillingItems(invoice);
    expect(itemCount(fields)).toBe(2);
    expect(itemSum(fields)).toBe(invoice.total);
  });

  it('add up exactly for random invoices (5-Rappen rounding folded into the last line)', () => {
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    for (let run = 0; run < 300; run++) {
      const lines = Array.from({ length: 1 + random(12) }, () => ({
        unitPrice: 5 + random(200_000),
        quantityMilli: 1 + random(20_000),
        vatRateBp: [810, 260, 380, 0][random(4)]!,
      }));
      const invoice = invoiceOf(lines);
      expect(itemSum(swissBillingItems(invoice)), JSON.stringify(lines)).toBe(invoice.total);
    }
  });

  it('carry the open amount in one line when the invoice is partly paid', () => {
    const invoice = invoiceOf([
      { unitPrice: 18000, quantityMilli: 2000, vatRateBp: 810 },
      { unitPrice: 4990, quantityMilli: 1000, vatRateBp: 260 },
    ]);
    const fields = swissBillingItems({ ...invoice, total: invoice.total - 10000, paidAmount: 10000 });
    expect(itemCount(fields)).toBe(1);
    expect(fields).toMatchObject({ ITEMVATCODE1: '8.1%', ITEMQUANT1: '1' });
    expect(itemSum(fields)).toBe(invoice.total - 10000);
  });
});

describe('SwissBilling rules', () => {
  it('name every rule an invoice breaks', () => {
    const invoice = { ...invoiceOf([{ unitPrice: 0, quantityMilli: 1000, vatRateBp: 810 }]), currency: 'EUR' };
    const broken = { ...invoice, contact: { ...contact, country: 'DE', firstName: null, buildingNumber: null, email: '' } };
    expect(swissBillingViolations(broken, 'B2B').sort()).toEqual(
      ['company_required', 'country_ch_li', 'currency_chf', 'email_required', 'names_required', 'price_positive', 'street_number_required'].sort(),
    );
    expect(swissBillingViolations(invoiceOf([{ unitPrice: 100, quantityMilli: 1000, vatRateBp: 810 }]), 'B2C')).toEqual([]);
  });
});

describe('DirectLink ncresponse', () => {
  it('reads attributes in any case and order, ignores unknown ones and decodes entities', () => {
    const answer = parseNcResponse(`<?xml version="1.0"?>
<ncresponse
 orderID="RF18-ABC" payid='3012345000' PayIdSub="1" NCSTATUS="0" NCERROR="0" NCERRORPLUS="a &amp; b"
 ACCEPTANCE="SB" STATUS="91" amount="107.7" currency="CHF" NEW_ATTRIBUTE="x"></ncresponse>`);
    expect(answer).toMatchObject({ orderId: 'RF18-ABC', payId: '3012345000', payIdSub: '1', status: 91, ncError: '0', ncErrorPlus: 'a & b', amount: '107.7', currency: 'CHF' });
  });

  it('turns decimal amounts into minor units without floats', () => {
    expect(decimalToMinor('107.7')).toBe(10770);
    expect(decimalToMinor('15')).toBe(1500);
    expect(decimalToMinor('1395.34')).toBe(139534);
    expect(decimalToMinor('0.1')).toBe(10);
    expect(decimalToMinor('1.234')).toBeNull();
    expect(decimalToMinor('-5')).toBeNull();
  });

  it('refuses an answer that is not an ncresponse', () => {
    expect(() => parseNcResponse('<html>Service unavailable</html>')).toThrow(/ncresponse/);
  });
});
