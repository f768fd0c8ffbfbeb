// A payer on a phone pays by PostFinance Card through the PostFinance Checkout sandbox in a
// real Chromium: the button is above the fold, the simulated payment page takes the card,
// the payer comes back to "paid", and the journal shows debit 1029 / credit 1100 once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStage, openBrowserStage, screenshots } from '../helpers/browser.js';
import { checkoutInvoice } from '../helpers/checkout-payer.js';

let stage: BrowserStage;

beforeAll(async () => {
  stage = await openBrowserStage();
});

afterAll(() => stage?.close());

describe('paying by PostFinance Card on a phone', () => {
  it('ends paid and booked once', async () => {
    const flow = await checkoutInvoice(stage.test);
    const sent = await flow.accountant.get<{ payLink: { url: string } }>(`/api/v1/invoices/${flow.invoiceId}`);
    const context = await stage.phone();
    const tab = await context.newPage();
    await tab.goto(`${sent.body.payLink.url}?lang=de`);

    const button = tab.getByRole('button', { name: 'PostFinance Card / E-Finance' });
    await expect.poll(() => button.isVisible(), { timeout: 20_000 }).toBe(true);
    const box = await button.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    await button.click();

    await expect.poll(() => tab.getByText('PostFinance Checkout SANDBOX').isVisible(), { timeout: 20_000 }).toBe(true);
    await tab.getByLabel('PostFinance Card').check();
    await tab.screenshot({ path: `${screenshots}/postfinance-checkout-sandbox.png` });
    await tab.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => tab.getByRole('heading', { name: 'Vielen Dank – Ihre Zahlung ist eingegangen' }).isVisible(), { timeout: 20_000 }).toBe(true);
    await tab.screenshot({ path: `${screenshots}/postfinance-checkout-paid.png` });
    await context.close();

    expect((await flow.invoice()).status).toBe('paid');
    const payments = await flow.payments();
    expect(payments.map((e) => e.lines.map((l) => [l.account, l.debit, l.credit]))).toEqual([
      [
        ['1029', flow.total, 0],
        ['1100', 0, flow.total],
      ],
    ]);
  });
});
