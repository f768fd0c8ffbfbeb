// What a payer on a phone sees once money has moved: a partly paid invoice asks for the rest
// with its reference by the amount, a refunded one invites no payment, a payment that does
// not match is "received, being checked", and a sandbox result keeps the TEST banner.
// Screenshots land in test-results/ for a look by eye.
import { eq } from 'drizzle-orm';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStage, openBrowserStage, screenshots } from '../helpers/browser.js';
import { invoices } from '../../src/db/schema.js';
import type { TestApp } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let stage: BrowserStage;
let test: TestApp;
let browser: Browser;
/** While set, Saferpay's Assert reports CHF 1.00 whatever was paid. */
let shortAssert = false;

beforeAll(async () => {
  stage = await openBrowserStage(() => ({
    fetch: async (input, init) => {
      const response = await globalThis.fetch(input, init);
      if (!shortAssert || !String(input instanceof Request ? input.url : input).endsWith('/PaymentPage/Assert')) return response;
      const answer = (await response.json()) as { Transaction?: { Amount: { Value: string } } };
      if (answer.Transaction) answer.Transaction.Amount.Value = '100';
      return Response.json(answer, { status: response.status });
    },
  }));
  ({ test, browser } = stage);
});

afterAll(() => stage?.close());

async function sentInvoice(settings: Record<string, unknown> = {}) {
  const setup = await invoicingTenant(test, settings);
  await createConnection(setup.admin);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
  const set = (values: Partial<typeof invoices.$inferInsert>) => test.deps.db.update(invoices).set(values).where(eq(invoices.id, draft.id));
  return { url: sent.body.payLink.url, set };
}

async function onPhone<T>(use: (tab: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
  try {
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}

const visible = (tab: Page, text: string) => expect.poll(() => tab.getByText(text).first().isVisible(), { timeout: 20_000 }).toBe(true);

describe('the online invoice on a phone after payments', () => {
  it('asks a partly paid invoice for the rest, with the grouped QR reference by the amount', async () => {
    const invoice = await sentInvoice({ iban: 'CH4431999123000889012' });
    await invoice.set({ status: 'partially_paid', paidAmount: 100000 });
    await onPhone(async (tab) => {
      await tab.goto(invoice.url);
      await visible(tab, 'CHF 1’534.65');
      const reference = tab.locator('.reference');
      expect(await reference.textContent()).toMatch(/^\d{2}( \d{5}){5}$/);
      const box = await reference.boundingBox();
      expect(box!.y + box!.height).toBeLessThanOrEqual(844);
      await visible(tab, 'MODE TEST');
      await tab.screenshot({ path: `${screenshots}/pay-page-partly-paid-fr.png`, fullPage: true });
    });
  });

  it('shows a refunded invoice as refunded, with no Pay now', async () => {
    const invoice = await sentInvoice();
    await invoice.set({ status: 'refunded', paidAmount: 0 });
    await onPhone(async (tab) => {
      await tab.goto(invoice.url);
      await visible(tab, 'Paiement remboursé');
      expect(await tab.getByRole('button').count()).toBe(0);
      await tab.screenshot({ path: `${screenshots}/pay-page-refunded-fr.png`, fullPage: true });
    });
  });
});

describe('the result page on a phone', () => {
  it('says a payment that does not match was received and is being checked', async () => {
    const invoice = await sentInvoice();
    shortAssert = true;
    try {
      await onPhone(async (tab) => {
        await tab.goto(`${invoice.url}?lang=de`);
        await tab.getByRole('button', { name: 'TWINT' }).click();
        await visible(tab, 'Saferpay SANDBOX');
        await tab.getByRole('button', { name: 'Approve' }).click();
        await visible(tab, 'Zahlung erhalten – sie wird geprüft');
        expect(await tab.getByText('ist bezahlt').count()).toBe(0);
        await visible(tab, 'TESTMODUS');
        await tab.screenshot({ path: `${screenshots}/pay-result-checking-de.png`, fullPage: true });
      });
    } finally {
      shortAssert = false;
    }
  });

  it('keeps the TEST banner on a declined sandbox payment', async () => {
    const invoice = await sentInvoice();
    await onPhone(async (tab) => {
      await tab.goto(`${invoice.url}?lang=en`);
      await tab.getByRole('button', { name: 'Visa / Mastercard' }).click();
      await visible(tab, 'Saferpay SANDBOX');
      await tab.getByRole('button', { name: 'Decline' }).click();
      await visible(tab, 'The payment did not go through');
      await visible(tab, 'TEST MODE – no real money is moved');
      await tab.screenshot({ path: `${screenshots}/pay-result-declined-sandbox-en.png`, fullPage: true });
    });
  });
});
