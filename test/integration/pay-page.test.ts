// The online invoice as a payer's browser gets it: language, amount, Pay now, status
// pages, and headers that keep the page from being framed or leaking its URL.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { invoices } from '../../src/db/schema.js';
import { type TestApp, apiClient, createTestApp } from '../helpers/app.js';
import { createConnection, createContact, createDraftInvoice, createSwissBillingConnection } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

async function sentInvoice(options: { connection?: boolean } = {}) {
  const setup = await invoicingTenant(test);
  if (options.connection ?? true) await createConnection(setup.admin);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
  const path = new URL(sent.body.payLink.url).pathname;
  return { ...setup, invoiceId: draft.id, path };
}

const page = async (path: string, init?: RequestInit) => {
  const response = await test.app.request(path, init);
  return { status: response.status, headers: response.headers, html: await response.text() };
};

describe('the online invoice', () => {
  it("opens in the contact's language with the amount and a Pay now button per method", async () => {
    const { path } = await sentInvoice();
    const fr = await page(path);
    expect(fr.status).toBe(200);
    expect(fr.html).toContain('<html lang="fr">');
    expect(fr.html).toContain('Payer maintenant');
    expect(fr.html).toContain('CHF 2’534.65');
    expect(fr.html).toContain('Visa / Mastercard');
    expect(fr.html).toContain('TWINT');
    expect(fr.html).toContain('MODE TEST');

    const de = await page(`${path}?lang=de`);
    expect(de.html).toContain('Jetzt bezahlen');
    expect(de.html).toContain('Beratung März');
  });

  it('sends headers that forbid framing, referrers and caching', async () => {
    const { path } = await sentInvoice();
    // The first view renders the page, the second answers the page kept: both carry them.
    for (const { headers } of [await page(path), await page(path)]) {
      expect(headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
      expect(headers.get('Content-Security-Policy')).toContain("default-src 'none'");
      expect(headers.get('Referrer-Policy')).toBe('no-referrer');
      expect(headers.get('Cache-Control')).toBe('no-store');
      expect(headers.get('X-Robots-Tag')).toBe('noindex');
      expect(headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(headers.get('Content-Type')).toBe('text/html; charset=UTF-8');
    }
  });

  it('offers no Pay now without a payment service, and says how to pay instead', async () => {
    const { path } = await sentInvoice({ connection: false });
    const { html } = await page(`${path}?lang=en`);
    expect(html).not.toContain('Pay now');
    expect(html).toContain('QR-bill');
  });

  it('shows "Paid on" and no button once paid', async () => {
    const { path, invoiceId } = await sentInvoice();
    await test.deps.db
      .update(invoices)
      .set({ status: 'paid', paidAmount: 253465, paidAt: new Date('2026-11-20T10:00:00Z') })
      .where(eq(invoices.id, invoiceId));
    const { status, html } = await page(`${path}?lang=en`);
    expect(status).toBe(200);
    expect(html).toContain('Paid on 20 November 2026');
    expect(html).not.toContain('Pay now');
  });

  it('answers 410 for a cancelled invoice and 404 for unknown tokens, leaking nothing', async () => {
    const { path, accountant, invoiceId } = await sentInvoice();
    await accountant.post(`/api/v1/invoices/${invoiceId}/cancel`);
    const cancelled = await page(`${path}?lang=en`);
    expect(cancelled.status).toBe(410);
    expect(cancelled.html).toContain('cancelled');
    expect(cancelled.html).not.toContain('2’534.65');

    for (const unknown of ['/pay/AAAAAAAAAAAAAAAAAAAAAAAAAAA', '/pay/x', `/pay/${'a'.repeat(150)}`]) {
      const response = await page(unknown);
      expect(response.status).toBe(404);
      expect(response.html).not.toContain('Rechnungs AG');
    }
  });

  it('serves the PDF to the payer and grants nothing else', async () => {
    const { path } = await sentInvoice();
    const pdf = await test.app.request(`${path}/invoice.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('Content-Type')).toBe('application/pdf');
    const token = path.split('/').pop()!;
    const api = await apiClient(test.app, token).get('/api/v1/invoices');
    expect(api.status).toBe(401);
  });

  it('sends a card payer to Saferpay and a pay-by-invoice payer to SwissBilling with a signed form', async () => {
    const setup = await invoicingTenant(test);
    await createConnection(setup.admin);
    await createSwissBillingConnection(setup.admin);
    const contactId = await createContact(setup.accountant, { kind: 'person', companyName: null, firstName: 'Anna', lastName: 'Muster' });
    const draft = await createDraftInvoice(setup.accountant, contactId);
    const sent = await setup.accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
    const path = new URL(sent.body.payLink.url).pathname;
    const html = (await page(path)).html;
    const options = [...html.matchAll(/name="option" value="([^"]+)"/g)].map((m) => m[1]!);
    const choose = (option: string) =>
      page(`${path}/attempts?lang=en`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ option }).toString(),
      });
    const card = await choose(options.find((o) => o.endsWith(':CARD'))!);
    expect(card.status).toBe(303);
    expect(card.headers.get('Location')).toMatch(/^http:\/\/localhost:3000\/sandbox\/saferpay\/vt2\/api\/PaymentPage\/245000\/17795278\//);
    const invoice = await choose(options.find((o) => o.endsWith(':SWISSBILLING'))!);
    expect(invoice.status).toBe(200);
    expect(invoice.html).toContain('action="http://localhost:3000/sandbox/postfinance/orderstandard_utf8.asp"');
    expect(invoice.html).toMatch(/name="SHASIGN" value="[0-9A-F]{128}"/);
    expect(invoice.html).toContain('>Continue</button>');
    // The one inline script (the auto-submit) is allowed by its hash, nothing else.
    expect(invoice.headers.get('Content-Security-Policy')).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
  });

  it('answers a forged method (no connection id, another id, an unknown method) with the page saying so, never a 500', async () => {
    const { path, tenant } = await sentInvoice();
    const press = (option: string) =>
      page(`${path}/attempts?lang=en`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ option }).toString(),
      });
    for (const option of ['not-a-uuid:CARD', ' ', ':', 'x'.repeat(100), `${crypto.randomUUID()}:CARD`, `${tenant.tenantId}:NOPE`]) {
      const answer = await press(option);
      expect(answer.status, option).toBe(400);
      expect(answer.headers.get('Content-Type'), option).toMatch(/^text\/html/);
      expect(answer.html).toContain(`href="${path}?lang=en"`);
    }
    const payments = await apiClient(test.app, tenant.keys.admin).get<{ items: unknown[] }>('/api/v1/payments');
    expect(payments.body.items).toEqual([]);
  });

  it('offers no button for a payment service that has no credentials yet', async () => {
    const setup = await invoicingTenant(test);
    await createConnection(setup.admin, { provider: 'postfinance', label: 'SwissBilling', methods: ['SWISSBILLING'], credentials: undefined });
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    const sent = await setup.accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
    const path = new URL(sent.body.payLink.url).pathname;
    const { html } = await page(`${path}?lang=en`);
    expect(html).not.toContain('Pay by invoice');
    expect(html).not.toContain('name="option"');
    // A forged button for it: the page says the method is not available, with a 4xx, not a 501.
    const connections = await setup.admin.get<{ items: { id: string }[] }>('/api/v1/connections');
    const forged = await page(`${path}/attempts?lang=en`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ option: `${connections.body.items[0]!.id}:SWISSBILLING` }).toString(),
    });
    expect(forged.status).toBe(409);
    expect(forged.html).toContain('Online payment is not available yet');
  });
});
