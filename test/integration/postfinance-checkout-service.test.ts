// A PostFinance Checkout service as admins and accountants see it: verify answers in plain
// words and keeps what each method's contract covers, refunds (full, partial, with a lost
// answer) go back once, and an authorised payment can be voided.
import { beforeAll, describe, expect, it } from 'vitest';
import { reconcileOpenAttempts } from '../../src/services/reconcile-attempts.js';
import { type TestApp, createTestApp, later } from '../helpers/app.js';
import { act, checkoutCredentials, checkoutInvoice, choose, noRoleCredentials, returnTo } from '../helpers/checkout-payer.js';
import { expectInvariants } from '../helpers/invariants.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

interface Verdict {
  result: string;
  message: string;
  methodCurrencies?: Record<string, string[]>;
  missing?: { method: string; currency: string }[];
}
interface Payment {
  id: string;
  state: string;
  refundedAmount: number;
  refunds: { state: string; amount: number }[];
}

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

async function verify(credentials: Record<string, string>, methods = ['POSTFINANCE_CARD', 'POSTFINANCE_EFINANCE', 'VISA', 'MASTERCARD', 'TWINT']) {
  const { admin } = await invoicingTenant(test);
  const created = await admin.post<{ id: string }>('/api/v1/connections', {
    provider: 'postfinance-checkout',
    environment: 'sandbox',
    label: 'PostFinance Checkout',
    currencies: ['CHF'],
    methods,
    credentials,
  });
  expect(created.status, created.text).toBe(201);
  const verdict = await admin.post<Verdict>(`/api/v1/connections/${created.body.id}/verify`);
  expect(verdict.status).toBe(200);
  return { verdict: verdict.body, admin, id: created.body.id };
}

describe('verifying a PostFinance Checkout service', () => {
  it('names the methods the space offers, in which currencies, and keeps them per method', async () => {
    const { verdict, admin, id } = await verify(checkoutCredentials);
    expect(verdict.result).toBe('ok');
    expect(verdict.message).toContain('space Sandbox shop offers: POSTFINANCE_CARD (CHF)');
    const connection = await admin.get<{ methodCurrencies: Record<string, string[]>; credentials: Record<string, unknown> }>(`/api/v1/connections/${id}`);
    expect(connection.body.methodCurrencies).toEqual({ POSTFINANCE_CARD: ['CHF'], POSTFINANCE_EFINANCE: ['CHF'], VISA: ['CHF'], MASTERCARD: ['CHF'], TWINT: ['CHF'] });
    // The key is sealed: never returned.
    expect(JSON.stringify(connection.body)).not.toContain(checkoutCredentials.authenticationKey);
  });

  it('says which method the space has no contract for, and the pay page leaves it out', async () => {
    const flow = await checkoutInvoice(test, { credentials: { ...checkoutCredentials, spaceId: '406' }, methods: ['POSTFINANCE_CARD', 'TWINT'] });
    const verdict = await flow.admin.post<Verdict>(`/api/v1/connections/${flow.connectionId}/verify`);
    expect(verdict.body.result).toBe('contracts_incomplete');
    expect(verdict.body.message).toContain('TWINT has no contract for CHF');
    const html = await (await test.app.request(`${flow.payPath}?lang=en`)).text();
    expect(html).toContain('PostFinance Card / e-finance');
    expect(html).not.toMatch(/value="[^"]+:TWINT"/);
  });

  it('says the key is wrong when authentication fails', async () => {
    const { verdict } = await verify({ ...checkoutCredentials, authenticationKey: 'd3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXkhIQ==' });
    expect(verdict.result).toBe('credentials_wrong');
    expect(verdict.message).toMatch(/refused the application user id or its authentication key/);
  });

  it('says an administrator must give the user a role on the space and the account (403)', async () => {
    const { verdict } = await verify(noRoleCredentials);
    expect(verdict.result).toBe('no_role');
    expect(verdict.message).toContain('must give the application user a role on the space and on the account');
  });

  it('says the space does not exist', async () => {
    const { verdict } = await verify({ ...checkoutCredentials, spaceId: '999' });
    expect(verdict.result).toBe('space_not_found');
    expect(verdict.message).toContain('no space 999');
  });
});

async function paidInvoice(app: TestApp, outcome: 'approve' | 'authorize' = 'approve') {
  const flow = await checkoutInvoice(app);
  await returnTo(app, await act(app, await choose(app, flow.payPath), outcome, 'never'));
  const [payment] = (await flow.accountant.get<{ items: Payment[] }>(`/api/v1/payments?invoiceId=${flow.invoiceId}`)).body.items;
  const get = async () => (await flow.accountant.get<Payment>(`/api/v1/payments/${payment!.id}`)).body;
  const refund = (amount?: number) => flow.accountant.post<Payment>(`/api/v1/payments/${payment!.id}/refund`, amount === undefined ? undefined : { amount });
  const refundEntries = async () =>
    (await flow.admin.get<{ items: { lines: { account: string; debit: number; credit: number }[] }[] }>('/api/v1/journal/entries?source=refund')).body.items;
  return { ...flow, paymentId: payment!.id, get, refund, refundEntries };
}

describe('refunds and voids through PostFinance Checkout', () => {
  it('refunds in part, then the rest, booking debit 1100 / credit 1029 each time', async () => {
    const flow = await paidInvoice(test);
    const part = await flow.refund(10000);
    expect(part.status, part.text).toBe(200);
    expect(await flow.invoice()).toMatchObject({ status: 'partially_paid', paidAmount: flow.total - 10000 });
    const rest = await flow.refund();
    expect(rest.status, rest.text).toBe(200);
    expect((await flow.get()).refunds.map((r) => [r.state, r.amount])).toEqual([
      ['captured', 10000],
      ['captured', flow.total - 10000],
    ]);
    expect((await flow.refundEntries()).map((e) => e.lines.map((l) => [l.account, l.debit, l.credit]))).toEqual([
      [['1100', 10000, 0], ['1029', 0, 10000]],
      [['1100', flow.total - 10000, 0], ['1029', 0, flow.total - 10000]],
    ]);
    expect((await flow.invoice()).status).toBe('refunded');
    await expectInvariants(test.database.db, { tenantId: flow.tenant.tenantId });
  });

  it('keeps a refund whose answer was lost pending, then books the one refund the platform made', async () => {
    let lose = true;
    let reached = 0;
    const app = await createTestApp({}, {
      tamper: async (url, forward) => {
        if (!url.pathname.endsWith('/payment/refunds')) return forward();
        reached++;
        const response = await forward();
        if (lose) throw new TypeError('fetch failed: the answer timed out');
        return response;
      },
    });
    const flow = await paidInvoice(app);
    const first = await flow.refund();
    expect(first.status, first.text).toBe(202);
    expect(first.body.refunds.map((r) => r.state)).toEqual(['pending']);
    expect(await flow.refundEntries()).toHaveLength(0);
    // A second refund waits for the first one's outcome.
    expect((await flow.refund()).status).toBe(409);

    lose = false;
    const outcome = await reconcileOpenAttempts(later(app, 10), { tenantId: flow.tenant.tenantId });
    expect(outcome.refund_captured).toBe(1);
    // Found by its external id: nothing was sent again.
    expect(reached).toBe(1);
    expect((await flow.refundEntries()).map((e) => e.lines[0]!.debit)).toEqual([flow.total]);
    expect(await flow.invoice()).toMatchObject({ status: 'refunded', paidAmount: 0 });
  });

  it('voids an authorised payment: nothing is booked and the invoice stays open', async () => {
    const flow = await paidInvoice(test, 'authorize');
    expect((await flow.get()).state).toBe('authorized');
    const cancelled = await flow.accountant.post<Payment>(`/api/v1/payments/${flow.paymentId}/cancel`);
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    expect((await flow.invoice()).status).toBe('sent');
    expect(await flow.payments()).toHaveLength(0);
  });
});
