// The payments of an invoice in the back office: each attempt in plain words with its
// provider events and booking, and refunds with the reason asked, their outcome said as
// the provider gave it (confirmed, refused, or still waiting).
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { refunds } from '../../src/db/schema.js';
import { type TestApp, createTestApp, loseAnswers } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { signedInAs } from '../helpers/office-user.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let test: TestApp;
/** While set, Saferpay's answers to Capture (of refunds too) are lost on the way back. */
let losingCaptures = false;
beforeAll(async () => {
  test = await createTestApp({}, { tamper: loseAnswers('/Transaction/Capture', () => losingCaptures) });
});

async function office() {
  const setup = await invoicingTenant(test);
  return { ...setup, page: await signedInAs(test, setup.tenant.userIds.accountant) };
}

describe('payments and refunds', () => {
  async function paidInvoice() {
    const setup = await office();
    await createConnection(setup.admin);
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    const sent = await setup.accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
    await returnTo(test, await act(test, await choose(test, new URL(sent.body.payLink.url).pathname, 'TWINT'), 'TWINT', 'approve', 'none'));
    const payments = await setup.accountant.get<{ items: { id: string; state: string }[] }>(`/api/v1/payments?invoiceId=${draft.id}`);
    return { ...setup, invoiceId: draft.id, attemptId: payments.body.items[0]!.id };
  }

  it('tells each attempt in plain words, with its provider events and its booking on 1029', async () => {
    const { page, invoiceId } = await paidInvoice();
    const shown = await page.get(`/office/invoices/${invoiceId}`);
    expect(shown.text).toContain('TWINT payment approved, captured, booked on 1029');
    expect(shown.text).toContain('Payment page opened at Worldline Saferpay');
    expect(shown.text).toContain('TWINT payment approved');
    expect(shown.text).toContain('Payment captured at Worldline Saferpay');
    expect(shown.text).toMatch(/debit 1029, credit 1100/);
  });

  it('asks the reason, refunds through the API’s verb, and keeps the reason with the refund', async () => {
    const { page, invoiceId, attemptId } = await paidInvoice();
    const path = `/office/invoices/${invoiceId}/payments/${attemptId}/refund`;
    const noReason = await page.post(path, { amount: '500.00', reason: ' ' });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('Please say why the money goes back.');
    expect(noReason.text).toContain('value="500.00"');
    expect(await test.database.db.select().from(refunds).where(eq(refunds.attemptId, attemptId))).toHaveLength(0);

    const tooMuch = await page.post(path, { amount: "9'999.00", reason: 'Ware retour' });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.text).toContain('can be refunded');

    const done = await page.post(path, { amount: '500.00', reason: 'Ware retour' });
    expect(done.status).toBe(303);
    expect(done.location).toContain('done=doneRefunded');
    const [refund] = await test.database.db.select().from(refunds).where(eq(refunds.attemptId, attemptId));
    expect(refund).toMatchObject({ amount: 50000, reason: 'Ware retour', state: 'captured' });
    const shown = await page.get(done.location!);
    expect(shown.text).toContain('Refunded: the provider confirmed it and it is booked.');
    expect(shown.text).toContain('Ware retour');
    expect(shown.text).toContain('CHF 500.00 refunded');
  });

  it('says a refund the provider has not confirmed is requested and waiting, not done', async () => {
    const { page, invoiceId, attemptId } = await paidInvoice();
    losingCaptures = true;
    try {
      const answer = await page.post(`/office/invoices/${invoiceId}/payments/${attemptId}/refund`, { amount: '100.00', reason: 'Kulanz' });
      expect(answer.location).toContain('done=doneRefundPending');
    } finally {
      losingCaptures = false;
    }
    const shown = await page.get(`/office/invoices/${invoiceId}?done=doneRefundPending`);
    expect(shown.text).toContain('Refund requested, waiting for the provider&#39;s confirmation.');
    expect(shown.text).toContain('Requested, waiting for the provider&#39;s confirmation');
    expect(shown.text).not.toContain('refunded</p>');
    expect(shown.text).not.toContain(`action="/office/invoices/${invoiceId}/payments/${attemptId}/refund"`);
  });
});
