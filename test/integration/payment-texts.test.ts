// Texts promise only what exists (issue 9, point 9): the e-mail, the PDF and the online
// invoice name exactly the methods the invoice offers; without any they say how to pay
// instead: the QR-bill, or where there is none (USD) the bank details for a transfer.
import { beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import { silentLogger } from '../../src/logger.js';
import { deliverOutbox } from '../../src/services/deliver-outbox.js';
import { RecordingMailer } from '../fakes/mailer.js';
import { type TestApp, createTestApp, testOrigin } from '../helpers/app.js';
import { createConnection, createContact, createDraftInvoice, createSwissBillingConnection } from '../helpers/invoices.js';
import { buttons, page } from '../helpers/pay-page.js';
import { pdfText } from '../helpers/pdf-text.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

type Service = 'saferpay' | 'cards' | 'swissbilling';

/** Sends an invoice and reads what its payer gets: the e-mail, the online invoice, the PDF. */
async function whatThePayerReads(services: Service[], currency = 'CHF') {
  const setup = await invoicingTenant(test);
  for (const service of services) {
    if (service === 'saferpay') await createConnection(setup.admin, { currencies: ['CHF', 'EUR'] });
    if (service === 'cards') await createConnection(setup.admin, { methods: ['VISA', 'MASTERCARD'] });
    if (service === 'swissbilling') await createSwissBillingConnection(setup.admin, { isDefault: true });
  }
  const email = `anna-${crypto.randomUUID()}@example.ch`;
  const contactId = await createContact(setup.accountant, { kind: 'person', companyName: null, firstName: 'Anna', lastName: 'Muster', language: 'en', email });
  const draft = await createDraftInvoice(setup.accountant, contactId, { currency });
  const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`, currency === 'CHF' ? undefined : { exchangeRate: '0.88' });
  expect(sent.status).toBe(200);
  const mailer = new RecordingMailer();
  await deliverOutbox({ db: test.deps.db, mailer, logger: silentLogger, now: () => new Date(), publicBaseUrl: testOrigin, sandboxEnabled: true }, 10, { tenantId: setup.tenant.tenantId });
  const message = mailer.sent.find((m) => m.to === email);
  expect(message).toBeDefined();
  const payPath = new URL(sent.body.payLink!.url).pathname;
  const pdf = await test.app.request(`${payPath}/invoice.pdf`);
  expect(pdf.status, await pdf.clone().text()).toBe(200);
  const settings = await setup.admin.get<{ name: string }>('/api/v1/settings');
  return {
    invoice: sent.body,
    creditor: settings.body.name,
    email: message!,
    page: (await page(test, `${payPath}?lang=en`)).html,
    pdf: pdfText(new Uint8Array(await pdf.arrayBuffer())),
  };
}

describe('the methods named to the payer', () => {
  it('SwissBilling only: pay by invoice, no card and no TWINT, in the e-mail, on the PDF and on the page', async () => {
    const read = await whatThePayerReads(['swissbilling']);
    expect(read.email.text).toContain('You can pay it online in a minute, by invoice:');
    expect(read.email.html).toContain('View and pay the invoice');
    for (const text of [read.email.text, read.email.html, read.pdf]) {
      expect(text).not.toMatch(/card|TWINT/);
    }
    expect(read.pdf).toContain('Pay online (by invoice):');
    expect(buttons(read.page)).toEqual([['SWISSBILLING', 'Pay by invoice']]);
  });

  it('cards only: by card, and neither TWINT nor pay by invoice', async () => {
    const read = await whatThePayerReads(['cards']);
    expect(read.email.text).toContain('You can pay it online in a minute, by card:');
    expect(read.pdf).toContain('Pay online (card):');
    for (const text of [read.email.text, read.pdf]) {
      expect(text).not.toContain('TWINT');
      expect(text).not.toContain('by invoice');
    }
    expect(buttons(read.page)).toEqual([['CARD', 'Visa / Mastercard']]);
  });

  it('every method in CHF, and only the cards for an EUR invoice on the same contracts', async () => {
    const chf = await whatThePayerReads(['saferpay', 'swissbilling']);
    expect(chf.email.text).toContain('You can pay it online in a minute, by card, with TWINT or by invoice:');
    expect(chf.pdf).toContain('Pay online (card, TWINT or by invoice):');

    const eur = await whatThePayerReads(['saferpay', 'swissbilling'], 'EUR');
    expect(eur.email.text).toContain('You can pay it online in a minute, by card:');
    expect(eur.pdf).toContain('Pay online (card):');
    expect(eur.pdf).not.toContain('TWINT');
    expect(buttons(eur.page).map(([choice]) => choice)).toEqual(['CARD']);
  });
});

describe('an invoice without an online method', () => {
  it('in CHF points to the QR-bill and never says "pay online"', async () => {
    const read = await whatThePayerReads([]);
    expect(read.email.text).toContain('Please pay it by bank transfer with the Swiss QR-bill of the attached invoice.');
    expect(read.email.text).toContain(`You can also view the invoice online:\n${read.invoice.payLink!.url}`);
    expect(read.email.text).not.toMatch(/pay it online|by card|TWINT/);
    expect(read.pdf).toContain('The invoice online:');
    expect(read.pdf).not.toContain('Pay online');
    expect(read.page).toContain('Please pay by bank transfer with the QR-bill in the PDF.');
    expect(read.page).not.toContain('name="option"');
  });

  it('in USD gives the bank details for a transfer on the page, in the e-mail and on the PDF', async () => {
    const read = await whatThePayerReads([], 'USD');
    const reference = read.invoice.paymentReference!.replace(/(.{4})(?=.)/g, '$1 ');
    const details = [
      `Account holder: ${read.creditor}, Bahnhofstrasse 1, 8001 Zürich, CH`,
      'IBAN: CH93 0076 2011 6238 5295 7',
      `Payment reference (please quote): ${reference}`,
    ];
    expect(read.email.text).toContain(['Please pay it by bank transfer to this account:', ...details].join('\n'));
    expect(read.email.text).toContain('The invoice is attached as a PDF.');
    expect(read.email.text).not.toMatch(/QR-bill|pay it online/);
    expect(read.email.html).toContain('IBAN: CH93 0076 2011 6238 5295 7');

    expect(read.pdf).toContain('Please pay this invoice in USD by bank transfer:');
    for (const line of details) expect(read.pdf).toContain(line);
    expect(read.pdf).not.toContain('online with the link');

    expect(read.page).toContain('Please pay the amount by bank transfer to this account:');
    for (const value of [read.creditor, 'Bahnhofstrasse 1, 8001 Zürich, CH', 'CH93 0076 2011 6238 5295 7', reference]) {
      expect(read.page).toContain(value);
    }
    expect(read.page).not.toContain('QR-bill');
  });
});
