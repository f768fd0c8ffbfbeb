// Stripe's fees and payouts from its own data: each charge's fee is booked from its balance
// transaction; a payout.paid lists the payout's balance transactions, and when its credit
// reaches the bank statement the proposal clears exactly the payments Stripe paid out (not
// the oldest open ones) and books no fee twice.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { paymentAttempts } from '../../src/db/schema.js';
import { paymentDeps } from '../../src/payments/deps.js';
import { reconcileReportedPayouts } from '../../src/services/reconcile-payouts.js';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import { formatMinor } from '../../src/ledger/currencies.js';
import type { EntryView } from '../../src/ledger/read-entries.js';
import { apiClient, createTestApp } from '../helpers/app.js';
import { camtFixture, expectBooksExplained, postStatement } from '../helpers/bank-statements.js';
import { createDraftInvoice } from '../helpers/invoices.js';
import { choose, pay, returnTo, sandboxSwitch, shopAccountId, stripeInvoice } from '../helpers/stripe-payer.js';

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(new Date());

interface Proposal {
  id: string;
  attemptIds: string[];
  itemsTotal: number;
  payoutAmount: number;
  reason: string;
}

const fee = (amount: number) => Math.floor((amount * 290 + 5_000) / 10_000) + 30;

describe('a Stripe payout', () => {
  it('clears exactly the payments Stripe paid out, with their fees booked once from the balance transactions', async () => {
    const test = await createTestApp();
    const flow = await stripeInvoice(test);
    const recognised = await flow.admin.put(`/api/v1/connections/${flow.connectionId}/payout-recognition`, { patterns: ['Worldline'] });
    expect(recognised.status, recognised.text).toBe(200);
    // Three paid invoices, the first the oldest.
    const invoiceIds = [flow.invoiceId];
    await returnTo(test, await pay(test, await choose(test, flow.payPath), 'once'));
    for (let i = 0; i < 2; i++) {
      const draft = await createDraftInvoice(flow.accountant, flow.contactId);
      const sent = await flow.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
      await returnTo(test, await pay(test, await choose(test, new URL(sent.body.payLink!.url).pathname), 'once'));
      invoiceIds.push(draft.id);
    }
    await test.runDeferred();
    const attempts = await Promise.all(invoiceIds.map(async (id) => (await test.deps.db.select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, id)))[0]!));
    expect(attempts.map((a) => a.state)).toEqual(['captured', 'captured', 'captured']);
    expect(await flow.entries('fee')).toHaveLength(3);

    // Stripe pays out the second and the third, not the oldest.
    const paidOut = attempts.slice(1);
    const payout = await sandboxSwitch<{ id: string; amount: number }>(test, `accounts/${shopAccountId}/payouts`, { currency: 'chf', charges: paidOut.map((a) => a.providerCaptureId), webhooks: 'twice' });
    const gross = paidOut.reduce((sum, a) => sum + a.capturedAmount!, 0);
    const fees = paidOut.reduce((sum, a) => sum + fee(a.capturedAmount!), 0);
    expect(payout.amount).toBe(gross - fees);
    await test.runDeferred();

    const bookkeeper = apiClient(test.app, flow.tenant.keys.bookkeeper);
    const xml = camtFixture('camt053-v08-payout.xml', { ACCOUNT_IBAN: 'CH9300762011623852957', CURRENCY: 'CHF', AMOUNT: formatMinor(payout.amount, 'CHF'), DATE: today, REF: 'STRIPE-1' });
    const imported = await postStatement(bookkeeper, xml);
    expect(imported.status, imported.text).toBe(201);
    expect(imported.body.statements[0]!.entries[0]!.status).toBe('payout_proposed');
    const [proposal] = (await bookkeeper.get<{ items: Proposal[] }>('/api/v1/reconciliation/proposals')).body.items;
    expect(proposal!.attemptIds.sort()).toEqual(paidOut.map((a) => a.id).sort());
    expect(proposal!.reason).toContain(`reported payout ${payout.id}`);
    expect(proposal).toMatchObject({ itemsTotal: gross, payoutAmount: payout.amount });

    const accepted = await bookkeeper.post<{ journalEntryId: string; fees: number; feesEnteredBefore: number }>(`/api/v1/reconciliation/proposals/${proposal!.id}/accept`);
    expect(accepted.status, accepted.text).toBe(200);
    // The fees were booked from Stripe's data: the payout books none again.
    expect(accepted.body).toMatchObject({ fees: 0, feesEnteredBefore: fees });
    const entry = await bookkeeper.get<EntryView>(`/api/v1/journal/entries/${accepted.body.journalEntryId}`);
    expect(entry.body.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1020', payout.amount, 0],
      ['1029', 0, payout.amount],
    ]);
    // 1029 now holds the oldest payment less its fee: exactly what Stripe still holds.
    const after = await expectBooksExplained(bookkeeper);
    expect(after.view.groups[0]!.items.map((i) => i.attemptId)).toEqual([attempts[0]!.id]);
    expect(after.view.balanceChf).toBe(attempts[0]!.capturedAmount! - fee(attempts[0]!.capturedAmount!));
  });

  it('is found by the job when its payout.paid never came, and then proposed with exactly its payment', async () => {
    const test = await createTestApp();
    const flow = await stripeInvoice(test);
    await flow.admin.put(`/api/v1/connections/${flow.connectionId}/payout-recognition`, { patterns: ['Worldline'] });
    await returnTo(test, await pay(test, await choose(test, flow.payPath), 'never'));
    const [attempt] = await test.deps.db.select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, flow.invoiceId));
    const payout = await sandboxSwitch<{ id: string; amount: number }>(test, `accounts/${shopAccountId}/payouts`, { currency: 'chf', webhooks: 'never' });
    expect(payout.amount).toBe(attempt!.capturedAmount! - fee(attempt!.capturedAmount!));
    const job = await reconcileReportedPayouts(paymentDeps(test.deps), { tenantId: flow.tenant.tenantId });
    expect(job).toEqual({ recorded: 1, failed: 0 });
    // Run again: kept once.
    expect(await reconcileReportedPayouts(paymentDeps(test.deps), { tenantId: flow.tenant.tenantId })).toEqual({ recorded: 0, failed: 0 });
    const bookkeeper = apiClient(test.app, flow.tenant.keys.bookkeeper);
    const xml = camtFixture('camt053-v08-payout.xml', { ACCOUNT_IBAN: 'CH9300762011623852957', CURRENCY: 'CHF', AMOUNT: formatMinor(payout.amount, 'CHF'), DATE: today, REF: 'STRIPE-2' });
    expect((await postStatement(bookkeeper, xml)).status).toBe(201);
    const [proposal] = (await bookkeeper.get<{ items: Proposal[] }>('/api/v1/reconciliation/proposals')).body.items;
    expect(proposal!.attemptIds).toEqual([attempt!.id]);
    expect(proposal!.reason).toContain(`reported payout ${payout.id}`);
    const accepted = await bookkeeper.post<{ fees: number }>(`/api/v1/reconciliation/proposals/${proposal!.id}/accept`);
    expect(accepted.body.fees).toBe(0);
    const after = await expectBooksExplained(bookkeeper);
    expect(after.view.balanceChf).toBe(0);
  });
});
