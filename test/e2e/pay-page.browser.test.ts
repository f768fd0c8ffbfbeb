// A payer on a phone opens the e-mailed link in a real Chromium: Pay now and the methods
// are visible without scrolling, in French and after switching to German; paying with
// TWINT on the Saferpay sandbox brings the payer back to "paid", and the journal shows
// debit 1029 / credit 1100 for the invoice. Paying by invoice goes through the SwissBilling
// sandbox: the signed form submits itself (its script allowed by the CSP hash) and the
// payer comes back to "paid".
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStage, openBrowserStage, screenshots } from '../helpers/browser.js';
import type { TestApp } from '../helpers/app.js';
import { createConnection, createContact, createDraftInvoice, createSwissBillingConnection } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let stage: BrowserStage;
let test: TestApp;
let browser: Browser;

beforeAll(async () => {
  stage = await openBrowserStage();
  ({ test, browser } = stage);
});

afterAll(() => stage?.close());

describe('the online invoice on a phone', () => {
  it('shows Pay now above the fold, and a TWINT payment on the sandbox ends paid and booked', async () => {
    const { admin, accountant, contactId } = await invoicingTenant(test);
    await createConnection(admin);
    const draft = await createDraftInvoice(accountant, contactId);
    const sent = await accountant.post<{ payLink: { url: string }; number: string }>(`/api/v1/invoices/${draft.id}/send`);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
    const tab = await context.newPage();
    await tab.goto(sent.body.payLink.url);

    await expect.poll(() => tab.getByRole('heading', { name: 'Payer maintenant' }).isVisible(), { timeout: 20_000 }).toBe(true);
    for (const name of ['Visa / Mastercard', 'TWINT']) {
      const box = await tab.getByRole('button', { name }).boundingBox();
      expect(box, `${name} button`).not.toBeNull();
      expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    }
    await expect.poll(() => tab.getByText('CHF 2’534.65').first().isVisible(), { timeout: 20_000 }).toBe(true);
    await tab.screenshot({ path: `${screenshots}/pay-page-fr.png`, fullPage: true });

    await tab.getByRole('link', { name: 'DE', exact: true }).click();
    await expect.poll(() => tab.getByRole('heading', { name: 'Jetzt bezahlen' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await tab.screenshot({ path: `${screenshots}/pay-page-de.png` });

    await tab.getByRole('button', { name: 'TWINT' }).click();
    await expect.poll(() => tab.getByText('Saferpay SANDBOX').isVisible(), { timeout: 20_000 }).toBe(true);
    await tab.screenshot({ path: `${screenshots}/saferpay-sandbox.png` });
    await tab.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => tab.getByRole('heading', { name: 'Vielen Dank – Ihre Zahlung ist eingegangen' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await tab.screenshot({ path: `${screenshots}/pay-result-de.png` });
    await context.close();

    const invoice = await accountant.get<{ status: string }>(`/api/v1/invoices/${draft.id}`);
    expect(invoice.body.status).toBe('paid');
    const journal = await admin.get<{ items: { text: string; lines: { account: string; debit: number; credit: number }[] }[] }>(
      '/api/v1/journal/entries?source=payment',
    );
    const payment = journal.body.items.find((e) => e.text.includes(sent.body.number));
    expect(payment?.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1029', 253465, 0],
      ['1100', 0, 253465],
    ]);
  });

  it('pays by invoice on the SwissBilling sandbox: the form submits itself and the invoice ends paid', async () => {
    const { admin, accountant } = await invoicingTenant(test);
    await createSwissBillingConnection(admin);
    const contactId = await createContact(accountant, { kind: 'person', companyName: null, firstName: 'Anna', lastName: 'Muster', language: 'de' });
    const draft = await createDraftInvoice(accountant, contactId);
    const sent = await accountant.post<{ payLink: { url: string }; number: string }>(`/api/v1/invoices/${draft.id}/send`);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
    const tab = await context.newPage();
    const blocked: string[] = [];
    tab.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) blocked.push(message.text());
    });
    await tab.goto(sent.body.payLink.url);
    const button = tab.getByRole('button', { name: 'Kauf auf Rechnung' });
    const box = await button.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    await tab.screenshot({ path: `${screenshots}/pay-page-swissbilling-de.png` });
    await button.click();
    // No click on "Weiter": the auto-submit carries the payer to the hosted page.
    await expect.poll(() => tab.getByText('PostFinance SANDBOX').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(blocked).toEqual([]);
    await tab.screenshot({ path: `${screenshots}/swissbilling-sandbox.png` });
    await tab.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => tab.getByRole('heading', { name: 'Vielen Dank – Ihre Zahlung ist eingegangen' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await tab.screenshot({ path: `${screenshots}/swissbilling-result-de.png` });
    await context.close();

    const invoice = await accountant.get<{ status: string; paidAmount: number }>(`/api/v1/invoices/${draft.id}`);
    expect(invoice.body).toMatchObject({ status: 'paid', paidAmount: 253465 });
    const journal = await admin.get<{ items: { text: string }[] }>('/api/v1/journal/entries?source=payment');
    expect(journal.body.items.filter((e) => e.text.includes(sent.body.number))).toHaveLength(1);
  });

  it('tells a payer on a phone why pay by invoice is not possible, and offers the way back', async () => {
    const { admin, accountant, contactId } = await invoicingTenant(test); // a company without a contact person
    await createSwissBillingConnection(admin);
    const draft = await createDraftInvoice(accountant, contactId);
    const sent = await accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
    const tab = await context.newPage();
    await tab.goto(`${sent.body.payLink.url}?lang=de`);
    await tab.getByRole('button', { name: 'Kauf auf Rechnung' }).click();
    await expect.poll(() => tab.getByRole('heading', { name: 'Kauf auf Rechnung ist für diese Rechnung nicht möglich' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => tab.getByText('Vor- und Nachname').isVisible()).toBe(true);
    await tab.screenshot({ path: `${screenshots}/swissbilling-refused-de.png` });
    await tab.getByRole('link', { name: 'Zurück zur Rechnung' }).click();
    await expect.poll(() => tab.getByRole('heading', { name: 'Jetzt bezahlen' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await context.close();
  });
});
