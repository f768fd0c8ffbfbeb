// The invariant checker (test/helpers/invariants.ts) is what the reliability run and the
// concurrency tests lean on, so it must say "broken" when the books are: each case here
// breaks one rule behind the application's back and expects the checker to name it.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { paymentAttempts } from '../../src/db/schema.js';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { checkInvariants } from '../helpers/invariants.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

/** A tenant with one invoice paid by card and refunded in part: books that hold. */
async function paidAndPartlyRefunded() {
  const setup = await invoicingTenant(test);
  await createConnection(setup.admin);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
  const payPath = new URL(sent.body.payLink!.url).pathname;
  await returnTo(test, await act(test, await choose(test, payPath, 'CARD'), 'VISA', 'approve', 'none'));
  const [attempt] = await test.deps.db.select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, draft.id));
  const refunded = await setup.accountant.post(`/api/v1/payments/${attempt!.id}/refund`, { amount: 10000 });
  expect(refunded.status).toBe(200);
  return { tenantId: setup.tenant.tenantId, invoiceId: draft.id, attemptId: attempt!.id, payPath };
}

const broken = (tenantId: string, settled = false) => checkInvariants(test.deps.db, { tenantId, settled });

describe('the invariant checker', () => {
  it('passes books that hold: a payment and a partial refund', async () => {
    const { tenantId } = await paidAndPartlyRefunded();
    expect(await broken(tenantId, true)).toEqual([]);
  });

  it("names an invoice whose paidAmount is not what the journal credited to 1100", async () => {
    const { tenantId, invoiceId } = await paidAndPartlyRefunded();
    await test.database.raw(`update invoices set paid_amount = paid_amount + 5 where id = '${invoiceId}'`);
    expect((await broken(tenantId)).join('\n')).toMatch(/invoice paidAmount is not what payments credited to 1100/);
  });

  it('names a booked payment whose attempt is not captured, and the system account that no longer matches', async () => {
    const { tenantId, attemptId } = await paidAndPartlyRefunded();
    await test.database.raw(`update payment_attempts set state = 'failed' where id = '${attemptId}'`);
    const found = (await broken(tenantId)).join('\n');
    expect(found).toMatch(/attempt not booked exactly once .* \{"id":"[^"]+","state":"failed","bookings":1\}/);
    expect(found).toMatch(/system account balance is not captured minus refunded/);
    expect(found).toMatch(/invoice status or paidAmount without captured money behind it/);
  });

  it('names captured CHF money without a booking (lost), and a captured refund without one', async () => {
    const { tenantId, attemptId, invoiceId } = await paidAndPartlyRefunded();
    const [attempt] = await test.deps.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attemptId));
    const [lost] = await test.deps.db
      .insert(paymentAttempts)
      .values({ ...attempt!, id: undefined, secret: `lost-${attemptId}`, state: 'captured', capturedAmount: 500, refundedAmount: 0, invoiceId })
      .returning();
    await test.database.raw(
      `insert into refunds (tenant_id, attempt_id, amount, currency, state) values ('${tenantId}', '${lost!.id}', 100, 'CHF', 'captured')`,
    );
    const found = (await broken(tenantId)).join('\n');
    expect(found).toMatch(new RegExp(`captured money unbooked without a flag \\(or in CHF\\): \\{"id":"${lost!.id}"`));
    expect(found).toMatch(new RegExp(`refund not booked exactly once when captured .*"attempt_id":"${lost!.id}"`));
  });

  it('names what is still open when the books should be settled', async () => {
    const { tenantId, payPath } = await paidAndPartlyRefunded();
    // The payer opens the payment page for the open amount and leaves.
    await choose(test, payPath, 'TWINT');
    expect(await broken(tenantId)).toEqual([]);
    expect((await broken(tenantId, true)).join('\n')).toMatch(/attempt still open after reconciliation/);
  });
});
