// What a payer on a phone is offered (issue 9, points 6 and 9), in a real Chromium: an EUR
// invoice on a Saferpay service shows the cards and no TWINT (TWINT is CHF only); a USD
// invoice without an online method shows the bank details for a transfer, and so does its
// PDF (read by poppler's pdftotext); a card without a USD contract ends on a page that says
// so and shows the bank details instead of "try again". Screenshots land in test-results/.
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStage, openBrowserStage, screenshots } from '../helpers/browser.js';
import type { TestApp } from '../helpers/app.js';
import { createConnection, createContact, createDraftInvoice } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let stage: BrowserStage;
let test: TestApp;
let browser: Browser;

beforeAll(async () => {
  stage = await openBrowserStage();
  ({ test, browser } = stage);
});

afterAll(() => stage?.close());

async function sentInvoice(currency: string, connection?: Record<string, unknown>) {
  const setup = await invoicingTenant(test);
  if (connection) await createConnection(setup.admin, connection);
  const contactId = await createContact(setup.accountant, { language: 'en' });
  const draft = await createDraftInvoice(setup.accountant, contactId, { currency });
  const sent = await setup.accountant.post<{ payLink: { url: string }; paymentReference: string }>(`/api/v1/invoices/${draft.id}/send`, { exchangeRate: '0.9' });
  expect(sent.status).toBe(200);
  return { ...sent.body, reference: sent.body.paymentReference.replace(/(.{4})(?=.)/g, '$1 ') };
}

const phone = (): Promise<BrowserContext> => browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });

describe('the ways to pay on a phone', () => {
  it('offers the cards and no TWINT for an EUR invoice on a Saferpay service', async () => {
    const invoice = await sentInvoice('EUR', { currencies: ['CHF', 'EUR'] });
    const context = await phone();
    const tab = await context.newPage();
    await tab.goto(invoice.payLink.url);
    const card = tab.getByRole('button', { name: 'Visa / Mastercard' });
    await expect.poll(() => card.isVisible(), { timeout: 20_000 }).toBe(true);
    const box = await card.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    expect(await tab.getByRole('button', { name: 'TWINT' }).count()).toBe(0);
    await tab.screenshot({ path: `${screenshots}/pay-page-eur-no-twint.png` });
    await context.close();
  });

  it('shows the bank details of a USD invoice without an online method, on the page and in its PDF', async () => {
    const invoice = await sentInvoice('USD');
    const context = await phone();
    const tab = await context.newPage();
    await tab.goto(invoice.payLink.url);
    await expect.poll(() => tab.getByText('Please pay the amount by bank transfer to this account:').isVisible(), { timeout: 20_000 }).toBe(true);
    await tab.screenshot({ path: `${screenshots}/pay-page-usd-bank-details.png`, fullPage: true });
    for (const value of ['CH93 0076 2011 6238 5295 7', invoice.reference]) {
      const box = await tab.getByText(value, { exact: true }).boundingBox();
      expect(box, value).not.toBeNull();
      expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    }
    expect(await tab.getByRole('button').count()).toBe(0);
    await tab.screenshot({ path: `${screenshots}/pay-page-usd-bank-details.png` });
    await context.close();

    const pdf = await fetch(`${invoice.payLink.url}/invoice.pdf`);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'usd-pdf-')), 'invoice.pdf');
    await writeFile(file, new Uint8Array(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
    expect(text).toContain('Please pay this invoice in USD by bank transfer:');
    expect(text).toContain('IBAN: CH93 0076 2011 6238 5295 7');
    expect(text).toContain(`Payment reference (please quote): ${invoice.reference}`);
    expect(text).not.toContain('Pay online');
  });

  it('says the card is not available when Saferpay has no USD contract, and shows the bank details instead', async () => {
    const invoice = await sentInvoice('USD', { currencies: ['CHF', 'USD'] });
    const context = await phone();
    const tab = await context.newPage();
    await tab.goto(invoice.payLink.url);
    await tab.getByRole('button', { name: 'Visa / Mastercard' }).click();
    await expect.poll(() => tab.getByRole('heading', { name: 'Visa / Mastercard is not available for this invoice' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => tab.getByText('CH93 0076 2011 6238 5295 7').isVisible()).toBe(true);
    expect(await tab.getByText('TEST MODE').isVisible()).toBe(true); // the card was a sandbox one
    await tab.screenshot({ path: `${screenshots}/pay-no-contract-usd.png`, fullPage: true });
    await tab.getByRole('link', { name: 'Back to the invoice' }).click();
    await expect.poll(() => tab.getByText('Please pay the amount by bank transfer to this account:').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await tab.getByRole('button').count()).toBe(0);
    await context.close();
  });
});
