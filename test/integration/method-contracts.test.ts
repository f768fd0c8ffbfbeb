// Contracts are per payment method (issue 9, point 6): TWINT is CHF only while cards may
// have EUR, the online invoice offers a method only where its contract covers the invoice
// currency, and a NO_CONTRACT answer takes the method off that invoice for good, telling
// the payer in their language and the accountant why.
import { beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import { defaultPostFinanceSandbox } from '../../src/sandbox/postfinance/state.js';
import { defaultSaferpaySandbox } from '../../src/sandbox/saferpay/state.js';
import { type TestApp, countCalls, createTestApp } from '../helpers/app.js';
import { createConnection, createContact, createDraftInvoice } from '../helpers/invoices.js';
import { buttons, page, press } from '../helpers/pay-page.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

async function sentInvoice(app: TestApp, options: { connection?: Record<string, unknown>; currency?: string } = {}) {
  const setup = await invoicingTenant(app);
  const connectionId = await createConnection(setup.admin, { currencies: ['CHF', 'EUR'], ...options.connection });
  const contactId = await createContact(setup.accountant, { language: 'en' });
  const currency = options.currency ?? 'CHF';
  const draft = await createDraftInvoice(setup.accountant, contactId, { currency });
  const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`, currency === 'CHF' ? undefined : { exchangeRate: '0.94' });
  expect(sent.status).toBe(200);
  const payPath = new URL(sent.body.payLink!.url).pathname;
  return { ...setup, connectionId, invoiceId: draft.id, payPath };
}

describe('the online invoice offers a method only where its contract covers the currency', () => {
  it('offers TWINT for a CHF invoice, not for an EUR one, and refuses a TWINT start in EUR in the payer’s language', async () => {
    const chf = await sentInvoice(test);
    expect(buttons((await page(test, chf.payPath)).html)).toEqual([
      ['CARD', 'Visa / Mastercard'],
      ['TWINT', 'TWINT'],
    ]);

    const eur = await sentInvoice(test, { currency: 'EUR' });
    const eurPage = await page(test, `${eur.payPath}?lang=en`);
    expect(buttons(eurPage.html)).toEqual([['CARD', 'Visa / Mastercard']]);
    expect(eurPage.html).not.toContain('TWINT');

    // An old page or a hand-made request: refused before anything reaches Saferpay.
    const refused = await press(test, eur.payPath, `${eur.connectionId}:TWINT`, 'de');
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('TWINT ist für diese Rechnung nicht verfügbar');
    expect(refused.html).toContain('Der Zahlungsanbieter nimmt TWINT für Rechnungen in EUR nicht an.');
    expect(buttons(refused.html)).toEqual([['CARD', 'Visa / Mastercard']]);
    expect(refused.html).toContain('Zurück zur Rechnung');
    const payments = await eur.accountant.get<{ items: unknown[] }>(`/api/v1/payments?invoiceId=${eur.invoiceId}`);
    expect(payments.body.items).toEqual([]);
  });
});

describe('a NO_CONTRACT answer is permanent', () => {
  it('from Initialize: the payer reads it in their language with the methods left, the method leaves the page, the accountant reads why', async () => {
    // A terminal whose TWINT contract was never activated, on a connection that cannot know it yet.
    const customer = defaultSaferpaySandbox.customers[0]!;
    const terminal = { terminalId: customer.terminals[0]!.terminalId, paymentMethods: { VISA: ['CHF', 'EUR'], MASTERCARD: ['CHF', 'EUR'], TWINT: [] } };
    const initializes = countCalls('/PaymentPage/Initialize');
    const app = await createTestApp(
      { sandbox: { saferpay: { ...defaultSaferpaySandbox, customers: [{ ...customer, terminals: [terminal] }] }, postfinance: defaultPostFinanceSandbox } },
      { tamper: initializes.tamper },
    );
    const flow = await sentInvoice(app);
    expect(buttons((await page(app, flow.payPath)).html).map(([choice]) => choice)).toEqual(['CARD', 'TWINT']);

    const answer = await press(app, flow.payPath, `${flow.connectionId}:TWINT`, 'de');
    expect(answer.status).toBe(422);
    expect(answer.html).toContain('TWINT ist für diese Rechnung nicht verfügbar');
    expect(answer.html).not.toContain('in einem Moment erneut');
    expect(buttons(answer.html)).toEqual([['CARD', 'Visa / Mastercard']]);
    expect(initializes.calls()).toBe(1);

    expect(buttons((await page(app, flow.payPath)).html).map(([choice]) => choice)).toEqual(['CARD']);
    expect((await press(app, flow.payPath, `${flow.connectionId}:TWINT`)).status).toBe(422);
    expect(initializes.calls()).toBe(1);

    const invoice = (await flow.accountant.get<InvoiceView>(`/api/v1/invoices/${flow.invoiceId}`)).body;
    expect(invoice.lastPayment).toMatchObject({ method: 'TWINT', state: 'failed', failureReason: 'Worldline Saferpay has no contract for TWINT in CHF.' });
    const payment = await flow.accountant.get<{ failureCode: string }>(`/api/v1/payments/${invoice.lastPayment!.id}`);
    expect(payment.body.failureCode).toBe('NO_CONTRACT');

    expect(await choose(app, flow.payPath, 'CARD')).toContain('/sandbox/saferpay/vt2/');
  });

  it('from Assert: the attempt keeps the code and the method leaves the invoice’s page', async () => {
    const app = await createTestApp({}, {
      tamper: async (url, forward) =>
        url.pathname.endsWith('/PaymentPage/Assert')
          ? new Response(JSON.stringify({ Behavior: 'DO_NOT_RETRY', ErrorName: 'NO_CONTRACT', ErrorMessage: 'No contract available for the brand / currency combination' }), {
              status: 402,
              headers: { 'Content-Type': 'application/json' },
            })
          : forward(),
    });
    const flow = await sentInvoice(app);
    await returnTo(app, await act(app, await choose(app, flow.payPath, 'CARD'), 'VISA', 'approve', 'none'));
    const [payment] = (await flow.accountant.get<{ items: { state: string; failureCode: string; failureReason: string }[] }>(`/api/v1/payments?invoiceId=${flow.invoiceId}`)).body.items;
    expect(payment).toMatchObject({ state: 'failed', failureCode: 'NO_CONTRACT', failureReason: expect.stringContaining('contract') });
    expect(buttons((await page(app, flow.payPath)).html).map(([choice]) => choice)).toEqual(['TWINT']);
  });
});
