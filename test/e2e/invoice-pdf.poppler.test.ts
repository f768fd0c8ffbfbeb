// The PDF as a bank app and a phone camera read it: the Swiss QR Code is decoded from the
// rendered page and checked field by field; the pay-link QR code leads to the online invoice.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { invoices } from '../../src/db/schema.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { createDraftInvoice } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

const dpi = 200;
const px = (mm: number) => Math.round((mm * dpi) / 25.4);

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

async function renderedPage(
  settings: Record<string, unknown>,
  invoice: Record<string, unknown> = {},
  sendBody?: unknown,
  /** What happened to the invoice after it was sent (payments), written to the database. */
  later: Partial<typeof invoices.$inferInsert> = {},
) {
  const setup = await invoicingTenant(test, settings);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId, invoice);
  const sent = await setup.accountant.post<{
    payLink: { url: string };
    paymentReference: string;
    number: string;
  }>(`/api/v1/invoices/${draft.id}/send`, sendBody);
  expect(sent.status).toBe(200);
  if (Object.keys(later).length > 0) await test.deps.db.update(invoices).set(later).where(eq(invoices.id, draft.id));
  const response = await test.app.request(`/api/v1/invoices/${draft.id}/pdf`, {
    headers: { Authorization: `Bearer ${setup.tenant.keys.accountant}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toBe('application/pdf');
  const dir = mkdtempSync(path.join(tmpdir(), 'invoice-pdf-'));
  const file = path.join(dir, 'invoice.pdf');
  writeFileSync(file, new Uint8Array(await response.arrayBuffer()));
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', file, path.join(dir, 'page')]);
  const text = execFileSync('pdftotext', [file, '-']).toString();
  return { png: PNG.sync.read(readFileSync(path.join(dir, 'page.png'))), text, sent: sent.body };
}

function decodeRegion(png: PNG, x: number, y: number, width: number, height: number): string | null {
  const region = new Uint8ClampedArray(width * height * 4);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * png.width + x) * 4;
    region.set(png.data.subarray(from, from + width * 4), row * width * 4);
  }
  return jsQR(region, width, height)?.data ?? null;
}

/** The Swiss QR Code sits 67 mm from the left and 17 mm below the top of the payment part. */
const swissQrCode = (png: PNG) => decodeRegion(png, px(62), px(192 + 12), px(56), px(56));
const payLinkQrCode = (png: PNG) => decodeRegion(png, px(15), px(157), px(34), px(34));

describe('the invoice PDF', () => {
  it('carries a Swiss QR Code with the creditor, amount, debtor and SCOR reference', async () => {
    const { png, sent } = await renderedPage({});
    const payload = swissQrCode(png)?.split(/\r?\n/);
    expect(payload?.slice(0, 3)).toEqual(['SPC', '0200', '1']);
    expect(payload?.[3]).toBe('CH9300762011623852957');
    expect(payload?.slice(4, 11)).toEqual([
      'S',
      expect.stringMatching(/^Rechnungs AG/),
      'Bahnhofstrasse',
      '1',
      '8001',
      'Zürich',
      'CH',
    ]);
    expect(payload?.slice(18, 20)).toEqual(['2534.65', 'CHF']);
    expect(payload?.slice(20, 27)).toEqual([
      'S',
      'Muster Treuhand GmbH',
      'Rue du Rhône',
      '12',
      '1204',
      'Genève',
      'CH',
    ]);
    expect(payload?.slice(27, 29)).toEqual(['SCOR', sent.paymentReference]);
    // The message names the invoice for the payer; the bill information is Swico S1.
    expect(payload?.slice(29, 31)).toEqual([`Facture ${sent.number}`, 'EPD']);
    expect(payload?.[31]).toMatch(new RegExp(`^//S1/10/${sent.number}/11/261102/32/8\\.1:2250;2\\.6:99\\.8/40/0:30$`));
    expect(payLinkQrCode(png)).toBe(sent.payLink.url);
  });

  it('uses a QR reference with a QR-IBAN', async () => {
    const { png, sent } = await renderedPage({ iban: 'CH4431999123000889012' });
    const payload = swissQrCode(png)?.split(/\r?\n/);
    expect(payload?.[3]).toBe('CH4431999123000889012');
    expect(payload?.slice(27, 29)).toEqual(['QRR', sent.paymentReference]);
    expect(sent.paymentReference).toMatch(/^\d{27}$/);
  });

  it('has a QR-bill in EUR, and none in USD, where it says why', async () => {
    const eur = await renderedPage({}, { currency: 'EUR' }, { exchangeRate: '0.94' });
    expect(swissQrCode(eur.png)?.split(/\r?\n/).slice(18, 20)).toEqual(['2534.64', 'EUR']);
    const usd = await renderedPage({}, { currency: 'USD' }, { exchangeRate: '0.88' });
    expect(swissQrCode(usd.png)).toBeNull();
    expect(usd.text.replace(/\s+/g, ' ')).toContain("QR-facture suisse n'existe que pour les CHF et les EUR");
    expect(payLinkQrCode(usd.png)).toBe(usd.sent.payLink.url);
  });

  it('asks for the open amount of a partly paid invoice, and a paid one has no QR code but says paid', async () => {
    const partly = await renderedPage({}, {}, undefined, { status: 'partially_paid', paidAmount: 100000 });
    expect(swissQrCode(partly.png)?.split(/\r?\n/).slice(18, 20)).toEqual(['1534.65', 'CHF']);
    expect(partly.text.replace(/\s+/g, ' ')).toContain('Déjà reçu -1’000.00');

    const paid = await renderedPage({}, {}, undefined, { status: 'paid', paidAmount: 253465, paidAt: new Date('2026-11-20T10:00:00Z') });
    expect(swissQrCode(paid.png)).toBeNull();
    expect(payLinkQrCode(paid.png)).toBeNull();
    expect(paid.text).toContain('Payée le 20.11.2026');
    expect(paid.text).not.toContain('Section paiement');
  });
});
