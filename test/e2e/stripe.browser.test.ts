// A payer on a phone pays by card through Stripe Checkout on the sandbox in a real Chromium:
// the button is above the fold, the simulated Checkout page takes the card, Stripe sends the
// payer back with the session id to "paid", and the journal shows debit 1029 / credit 1100
// once, and Stripe's fee debit 6940 / credit 1029 once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStage, openBrowserStage, screenshots } from '../helpers/browser.js';
import { stripeInvoice } from '../helpers/stripe-payer.js';

let stage: BrowserStage;

beforeAll(async () => {
  stage = await openBrowserStage();
});

afterAll(() => stage?.close());

describe('paying by card through Stripe on a phone', () => {
  it('ends paid, booked once, with the fee from Stripe', async () => {
    const flow = await stripeInvoice(stage.test);
    const sent = await flow.accountant.get<{ payLink: { url: string } }>(`/api/v1/invoices/${flow.invoiceId}`);
    const context = await stage.phone();
    const tab = await context.newPage();
    await tab.goto(`${sent.body.payLink.url}?lang=de`);

    const button = tab.getByRole('button', { name: 'Visa / Mastercard' });
    await expect.poll(() => button.isVisible(), { timeout: 20_000 }).toBe(true);
    const box = await button.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    await button.click();

    await expect.poll(() => tab.getByText('Stripe SANDBOX').isVisible(), { timeout: 20_000 }).toBe(true);
    await tab.getByLabel('Card').check();
    await tab.screenshot({ path: `${screenshots}/stripe-sandbox.png` });
    await tab.getByRole('button', { name: 'Pay' }).click();
    await expect.poll(() => tab.getByRole('heading', { name: 'Vielen Dank – Ihre Zahlung ist eingegangen' }).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(tab.url()).toContain('session_id=cs_test_');
    await tab.screenshot({ path: `${screenshots}/stripe-paid.png` });
    await context.close();

    expect((await flow.invoice()).status).toBe('paid');
    const payments = await flow.payments();
    expect(payments.map((e) => e.lines.map((l) => [l.account, l.debit, l.credit]))).toEqual([
      [
        ['1029', flow.total, 0],
        ['1100', 0, flow.total],
      ],
    ]);
    const fees = await flow.entries('fee');
    expect(fees.map((e) => e.lines.map((l) => l.account))).toEqual([['6940', '1029']]);
  });
});
