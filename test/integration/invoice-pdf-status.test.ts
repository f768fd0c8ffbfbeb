// The invoice PDF as the accountant and the payer download it follows the invoice's
// payments: partly paid asks for the rest, paid asks for nothing and says since when.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { invoices } from '../../src/db/schema.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { pdfText, qrCodesIn } from '../helpers/pdf-content.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

async function sentInvoice() {
  const setup = await invoicingTenant(test);
  await createConnection(setup.admin);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
  const payPath = new URL(sent.body.payLink.url).pathname;
  const pdfs = async () => {
    const api = await test.app.request(`/api/v1/invoices/${draft.id}/pdf`, {
      headers: { Authorization: `Bearer ${setup.tenant.keys.accountant}` },
    });
    const payer = await test.app.request(`${payPath}/invoice.pdf`);
    expect([api.status, payer.status]).toEqual([200, 200]);
    return [new Uint8Array(await api.arrayBuffer()), new Uint8Array(await payer.arrayBuffer())];
  };
  const setInvoice = (values: Partial<typeof invoices.$inferInsert>) =>
    test.deps.db.update(invoices).set(values).where(eq(invoices.id, draft.id));
  return { pdfs, setInvoice, admin: setup.admin };
}

const swissQr = (pdf: Uint8Array) => qrCodesIn(pdf).find((code) => code.startsWith('SPC'))?.split(/\r?\n/);

describe('the downloaded invoice PDF', () => {
  it('asks for the open amount once partly paid, and for nothing once paid', async () => {
    const flow = await sentInvoice();
    await flow.setInvoice({ status: 'partially_paid', paidAmount: 53465 });
    for (const pdf of await flow.pdfs()) {
      expect(swissQr(pdf)?.slice(18, 20)).toEqual(['2000.00', 'CHF']);
      expect(pdfText(pdf).replace(/\s+/g, ' ')).toContain('Déjà reçu -534.65');
    }

    // Paid half an hour after midnight in Zurich, still the 20th in UTC: the Swiss day counts.
    await flow.setInvoice({ status: 'paid', paidAmount: 253465, paidAt: new Date('2026-11-20T23:30:00Z') });
    for (const pdf of await flow.pdfs()) {
      expect(swissQr(pdf)).toBeUndefined();
      expect(pdfText(pdf).replace(/\s+/g, ' ')).toContain('Payée le 21.11.2026');
    }
  });

  it('is still made when the bank details changed so that no QR-bill fits: the bank details stand instead', async () => {
    const flow = await sentInvoice();
    // Sent with an ordinary IBAN (creditor reference); a QR-IBAN takes QR references only.
    for (const iban of ['CH4431999123000889012', null]) {
      expect((await flow.admin.patch('/api/v1/settings', { iban })).status).toBe(200);
      for (const pdf of await flow.pdfs()) {
        expect(swissQr(pdf)).toBeUndefined();
        expect(pdfText(pdf)).toContain("Aucune QR-facture ne peut être imprimée avec les coordonnées bancaires actuelles");
        expect(pdfText(pdf)).toMatch(/Référence de paiement.*: RF\d\d RE20/);
      }
    }
  });

  it("cuts a name longer than the QR-bill's 70 characters instead of failing", async () => {
    const flow = await sentInvoice();
    const name = `${'Muster Treuhand und Revision AG, '.repeat(3)}Zweigniederlassung Zürich`;
    expect((await flow.admin.patch('/api/v1/settings', { name })).status).toBe(200);
    for (const pdf of await flow.pdfs()) expect(swissQr(pdf)?.[5]).toBe(name.slice(0, 70));
  });
});
