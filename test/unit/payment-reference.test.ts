// Check digits against published examples, and the references we derive from invoice numbers.
import { isIBANValid, isQRReferenceValid, isSCORReferenceValid } from 'swissqrbill/utils';
import { describe, expect, it } from 'vitest';
import {
  creditorReference,
  formatReference,
  isQrIban,
  isValidCreditorReference,
  isValidIban,
  isValidQrReference,
  paymentReferenceFor,
  qrReferenceCheckDigit,
} from '../../src/documents/payment-reference.js';

describe('QR reference (mod 10 recursive)', () => {
  it('reproduces the check digit of the example in the Swiss QR-bill implementation guidelines', () => {
    expect(qrReferenceCheckDigit('21000000000313947143000901')).toBe(7);
    expect(isValidQrReference('21 00000 00003 13947 14300 09017')).toBe(true);
  });

  it('refuses a wrong check digit, letters and wrong lengths', () => {
    expect(isValidQrReference('210000000003139471430009018')).toBe(false);
    expect(isValidQrReference('21000000000313947143000901')).toBe(false);
    expect(isValidQrReference('2100000000031394714300090A7')).toBe(false);
  });
});

describe('creditor reference (ISO 11649)', () => {
  it('validates the example of the standard', () => {
    expect(isValidCreditorReference('RF18 5390 0754 7034')).toBe(true);
    expect(creditorReference('539007547034')).toBe('RF18539007547034');
    expect(isValidCreditorReference('RF19539007547034')).toBe(false);
  });
});

describe('references for invoices', () => {
  it('builds a QRR from the invoice number with a QR-IBAN and a SCOR otherwise', () => {
    expect(isQrIban('CH44 3199 9123 0008 8901 2')).toBe(true);
    expect(isQrIban('CH93 0076 2011 6238 5295 7')).toBe(false);
    const qrr = paymentReferenceFor({ iban: 'CH4431999123000889012', invoiceNumber: 'RE-2026-0042' });
    expect(qrr).toMatch(/^0{18}20260042\d$/);
    expect(isValidQrReference(qrr)).toBe(true);
    const scor = paymentReferenceFor({ iban: 'CH9300762011623852957', invoiceNumber: 'RE-2026-0042' });
    expect(scor).toMatch(/^RF\d{2}RE20260042$/);
    expect(formatReference(scor)).toBe(`${scor.slice(0, 4)} RE20 2600 42`);
  });

  it('agrees with the independent validator of the QR-bill library for many invoice numbers', () => {
    for (let year = 2024; year < 2030; year++) {
      for (let n = 1; n < 10_000; n += 37) {
        const number = `RE-${year}-${String(n).padStart(4, '0')}`;
        const qrr = paymentReferenceFor({ iban: 'CH4431999123000889012', invoiceNumber: number });
        const scor = paymentReferenceFor({ iban: 'CH9300762011623852957', invoiceNumber: number });
        expect(isQRReferenceValid(qrr), qrr).toBe(true);
        expect(isSCORReferenceValid(scor), scor).toBe(true);
        expect(qrr.length).toBeLessThanOrEqual(27);
        expect(scor).toMatch(/^[A-Z0-9]{5,25}$/);
      }
    }
  });
});

describe('IBAN check digits', () => {
  it('accepts what the QR-bill library accepts and refuses a typo', () => {
    for (const iban of ['CH93 0076 2011 6238 5295 7', 'CH4431999123000889012', 'LI21 0881 0000 2324 013A A', 'DE89370400440532013000']) {
      expect(isValidIban(iban), iban).toBe(true);
      expect(isIBANValid(iban.replaceAll(' ', '')), iban).toBe(true);
    }
    for (const iban of ['CH93 0076 2011 6238 5295 8', 'CH00 0000 0000 0000 0000 0', 'CH9300762011623852957!', '']) {
      expect(isValidIban(iban), iban).toBe(false);
    }
  });
});
