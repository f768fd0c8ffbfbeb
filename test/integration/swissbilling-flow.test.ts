// Paying by invoice (SwissBilling on PostFinance e-Payment) end to end against the sandbox,
// as payers, accountants and bookkeepers see it: one booking per payment whatever the
// feedback does (duplicates, concurrency, tampering, loss), refusals explained in the
// payer's language and on the invoice.
import { beforeAll, describe, expect, it } from 'vitest';
import { signShaOut } from '../../src/providers/postfinance/signature.js';
import { reconcileOpenAttempts } from '../../src/services/reconcile-attempts.js';
import { type TestApp, countCalls, createTestApp, later, loseAnswers, rewriteAnswers } from '../helpers/app.js';
import { createSwissBillingConnection, postfinanceSandboxCredentials } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';
import { feedbackParams, followFeedback, payByInvoice, postSale, pressPayByInvoice, swissBillingInvoice } from '../helpers/swissbilling-payer.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

const sentInvoice = swissBillingInvoice;

describe('paying by invoice with SwissBilling', () => {
  it('captures an approved payment in full and books it once: debit 1029 / credit 1100', async () => {
    const flow = await sentInvoice(test);
    const { form, feedbackUrl } = await payByInvoice(test, flow.payPath, 'approve');
    expect(form.fields).toMatchObject({ AMOUNT: '253465', CURRENCY: 'CHF', OPERATION: 'RES', ECOM_BILLTO_POSTAL_NAME_FIRST: 'Anna' });
    expect(form.fields.ORDERID).toMatch(/^RF\d{2}[A-Z0-9]+-[A-Z0-9]{6}$/);

    const page = await followFeedback(test, feedbackUrl);
    expect(page.status).toBe(200);
    expect(page.html).toContain('your payment was received');
    await test.runDeferred(); // the post-sale (STATUS 5) and the status change (STATUS 9)

    expect(await flow.invoice()).toMatchObject({ status: 'paid', paidAmount: 253465, flagReason: null });
    const payments = await flow.journal('payment');
    expect(payments).toHaveLength(1);
    expect(payments[0]!.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1029', 253465, 0],
      ['1100', 0, 253465],
    ]);
  });

  it("sends the tenant's item category on every line, and refuses a category off the list", async () => {
    const flow = await sentInvoice(test);
    const wrong = await flow.admin.patch<{ code: string; errors: { field: string }[] }>('/api/v1/settings', { swissBillingCategory: 'Weapons' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('validation_failed');
    expect(wrong.body.errors[0]?.field).toBe('swissBillingCategory');
    expect((await flow.admin.patch('/api/v1/settings', { swissBillingCategory: 'ServicesForPrivate' })).status).toBe(200);
    const { form } = await payByInvoice(test, flow.payPath, 'approve', 'lost');
    expect(form.fields).toMatchObject({ ITEMCATEGORY1: 'ServicesForPrivate', ITEMCATEGORY2: 'ServicesForPrivate' });
  });

  it('shows a declined payment with a way to try again, and a retry is a new order', async () => {
    const flow = await sentInvoice(test);
    const first = await payByInvoice(test, flow.payPath, 'decline');
    const page = await followFeedback(test, first.feedbackUrl);
    expect(page.html).toContain('did not go through');
    expect(page.html).toContain('Try again');
    await test.runDeferred();
    expect(await flow.invoice()).toMatchObject({ status: 'sent', lastPayment: { state: 'failed', failureReason: expect.stringContaining('declined') } });
    expect(await flow.journal('payment')).toHaveLength(0);

    const second = await payByInvoice(test, flow.payPath, 'approve');
    expect(second.form.fields.ORDERID).not.toBe(first.form.fields.ORDERID);
    await followFeedback(test, second.feedbackUrl);
    expect(await flow.invoice()).toMatchObject({ status: 'paid', lastPayment: { state: 'captured' } });
  });

  it('says the payer cancelled when they cancel on the hosted page', async () => {
    const flow = await sentInvoice(test);
    const { feedbackUrl } = await payByInvoice(test, flow.payPath, 'cancel');
    const page = await followFeedback(test, feedbackUrl);
    expect(page.html).toContain('Payment cancelled');
    expect(await flow.invoice()).toMatchObject({ status: 'sent', lastPayment: { state: 'abandoned' } });
  });

  it.each([
    ['a billing address outside CH/LI', { contact: { country: 'DE', postalCode: '10115', city: 'Berlin' } }, 'Schweiz oder in Liechtenstein', 'outside Switzerland'],
    ['a contact without first and last name', { contact: { kind: 'company', companyName: 'Muster AG', firstName: null, lastName: null } }, 'Vor- und Nachname', 'first or last name'],
    ['a B2B contract and a contact without company', { connection: { credentials: { ...postfinanceSandboxCredentials, mode: 'B2B' } } }, 'Firmennamen', 'company name'],
    ['an address without house number', { contact: { buildingNumber: null } }, 'Hausnummer', 'house number'],
    ['a line without a price', { invoice: { lines: [{ description: 'Gratis-Check', quantity: 1, unitPrice: 0, vatRate: 8.1 }, { description: 'Beratung', quantity: 1, unitPrice: 10000, vatRate: 8.1 }] } }, 'Preis über null', 'no price above zero'],
  ])('refuses %s before anything leaves, in the payer’s language and on the invoice', async (_, options, payerWords, accountantWords) => {
    const flow = await sentInvoice(test, options);
    const pressed = await pressPayByInvoice(test, flow.payPath, 'de');
    expect(pressed.status).toBe(422);
    expect(pressed.html).toContain(payerWords);
    expect(pressed.html).not.toContain('provider-form');
    const invoice = await flow.invoice();
    expect(invoice.status).toBe('sent');
    expect(invoice.lastPayment).toMatchObject({ state: 'failed', failureReason: expect.stringContaining(accountantWords) });
  });

  it('offers SwissBilling in CHF only: another currency is refused on the connection', async () => {
    const setup = await invoicingTenant(test);
    const response = await setup.admin.post<{ code: string; detail: string }>('/api/v1/connections', {
      provider: 'postfinance',
      environment: 'sandbox',
      label: 'SwissBilling EUR',
      currencies: ['CHF', 'EUR'],
      methods: ['SWISSBILLING'],
      isDefault: false,
    });
    expect(response.status).toBe(422);
    expect(response.body.detail).toContain('CHF');
  });

  it('refuses forged and tampered feedback with 400 and changes nothing', async () => {
    const flow = await sentInvoice(test);
    const { feedbackUrl } = await payByInvoice(test, flow.payPath, 'approve', 'lost');
    const url = new URL(feedbackUrl);
    const altered = (name: string, value: string | null) => {
      const copy = new URL(url);
      if (value === null) copy.searchParams.delete(name);
      else copy.searchParams.set(name, value);
      return copy.toString();
    };
    for (const forged of [altered('amount', '1'), altered('STATUS', '9'), altered('orderID', 'RF00FORGED-AAAAAA'), altered('SHASIGN', null)]) {
      expect((await followFeedback(test, forged)).status).toBe(400);
    }
    const params = feedbackParams(feedbackUrl);
    expect((await postSale(test, flow.connectionId, { ...params, amount: '0.05' })).status).toBe(400);
    expect((await postSale(test, flow.connectionId, { ...params, STATUS: '9' })).status).toBe(400);
    expect((await followFeedback(test, feedbackUrl.replace(/\/pay-feedback\/[^?]+/, '/pay-feedback/not-the-secret'))).status).toBe(404);

    expect(await flow.invoice()).toMatchObject({ status: 'sent', paidAmount: 0, lastPayment: { state: 'initiated' } });
    expect(await flow.journal('payment')).toHaveLength(0);
    // The genuine feedback still works afterwards.
    expect((await followFeedback(test, feedbackUrl)).html).toContain('your payment was received');
  });

  it('books once and captures once when twenty identical post-sale requests arrive at once', async () => {
    const maintenance = countCalls('/maintenancedirect.asp');
    const counting = await createTestApp({}, { tamper: maintenance.tamper });
    const flow = await sentInvoice(counting);
    const { feedbackUrl } = await payByInvoice(counting, flow.payPath, 'approve', 'lost');
    const params = feedbackParams(feedbackUrl);
    const answers = await Promise.all(Array.from({ length: 20 }, () => postSale(counting, flow.connectionId, params)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await followFeedback(counting, feedbackUrl);
    await counting.runDeferred();
    expect(await flow.journal('payment')).toHaveLength(1);
    expect(await flow.invoice()).toMatchObject({ status: 'paid', paidAmount: 253465 });
    expect(maintenance.calls()).toBe(1);
  });

  it('accepts the post-sale request by GET as well, and keeps the PAYID and the order id', async () => {
    const flow = await sentInvoice(test);
    const { feedbackUrl, form } = await payByInvoice(test, flow.payPath, 'approve', 'lost');
    const params = feedbackParams(feedbackUrl);
    const answer = await test.app.request(`/callbacks/postfinance/${flow.connectionId}?${new URLSearchParams(params)}`);
    expect(answer.status).toBe(200);
    const payment = (await flow.accountant.get<{ items: { providerTransactionId: string; state: string }[] }>(`/api/v1/payments?invoiceId=${flow.invoiceId}`)).body.items[0]!;
    expect(payment).toMatchObject({ state: 'captured', providerTransactionId: params.PAYID });
    expect(params.orderID).toBe(form.fields.ORDERID);
  });

  it('books once when the platform repeats its post-sale request', async () => {
    const flow = await sentInvoice(test);
    const { feedbackUrl } = await payByInvoice(test, flow.payPath, 'approve', 'repeated');
    await test.runDeferred();
    await followFeedback(test, feedbackUrl);
    expect(await flow.journal('payment')).toHaveLength(1);
  });

  it('heals a lost post-sale and a payer who never came back with querydirect', async () => {
    const flow = await sentInvoice(test);
    await payByInvoice(test, flow.payPath, 'approve', 'lost');
    expect((await flow.invoice()).status).toBe('sent');
    const outcome = await reconcileOpenAttempts(later(test, 10), { tenantId: flow.tenant.tenantId });
    expect(outcome.captured).toBeGreaterThanOrEqual(1);
    await test.runDeferred();
    expect(await flow.invoice()).toMatchObject({ status: 'paid', paidAmount: 253465 });
    expect(await flow.journal('payment')).toHaveLength(1);
  });

  it('leaves an uncertain payment open until querydirect knows, then books it', async () => {
    const flow = await sentInvoice(test);
    const { form, feedbackUrl } = await payByInvoice(test, flow.payPath, 'uncertain', 'lost');
    const processing = await followFeedback(test, feedbackUrl);
    expect(processing.html).toContain('being processed');
    // It reloads itself, and its reload link keeps the signed feedback (a reload is not forged).
    expect(processing.html).toContain('http-equiv="refresh"');
    const reload = /<a href="([^"]+)">Reload<\/a>/.exec(processing.html)![1]!.replace(/&amp;/g, '&');
    expect((await followFeedback(test, `http://localhost:3000${reload}`)).status).toBe(200);
    await reconcileOpenAttempts(later(test, 10), { tenantId: flow.tenant.tenantId });
    expect((await flow.invoice()).status).toBe('sent');
    const resolved = await test.app.request(`/sandbox/postfinance/test/orders/${form.fields.ORDERID}/resolve`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'outcome=approve',
    });
    expect(resolved.status).toBe(200);
    await reconcileOpenAttempts(later(test, 20), { tenantId: flow.tenant.tenantId });
    expect((await flow.invoice()).status).toBe('paid');
    expect(await flow.journal('payment')).toHaveLength(1);
  });

  it('asks PostFinance once per attempt when two reconciliation runs overlap, and less often as an order ages', async () => {
    const queries = countCalls('/querydirect.asp');
    const counting = await createTestApp({}, { tamper: queries.tamper });
    const flow = await sentInvoice(counting);
    await payByInvoice(counting, flow.payPath, 'uncertain', 'lost');
    const scope = { tenantId: flow.tenant.tenantId };
    await Promise.all([reconcileOpenAttempts(later(counting, 10), scope), reconcileOpenAttempts(later(counting, 10), scope)]);
    expect(queries.calls()).toBe(1);
    await reconcileOpenAttempts(later(counting, 11), scope); // next check is a quarter of 10 minutes later
    expect(queries.calls()).toBe(1);
    await reconcileOpenAttempts(later(counting, 13), scope);
    expect(queries.calls()).toBe(2);
  });

  it('marks abandoned an order the payer never submitted', async () => {
    const flow = await sentInvoice(test);
    expect((await pressPayByInvoice(test, flow.payPath)).status).toBe(200);
    await reconcileOpenAttempts(later(test, 10), { tenantId: flow.tenant.tenantId });
    expect((await flow.invoice()).lastPayment?.state).toBe('initiated');
    await reconcileOpenAttempts(later(test, 3 * 60), { tenantId: flow.tenant.tenantId });
    expect((await flow.invoice()).lastPayment?.state).toBe('abandoned');
  });
});

describe('SwissBilling maintenance', () => {
  it('refunds in full only (RFS): debit 1100 / credit 1029, the invoice is refunded', async () => {
    const flow = await sentInvoice(test);
    await followFeedback(test, (await payByInvoice(test, flow.payPath, 'approve')).feedbackUrl);
    await test.runDeferred();
    const paymentId = (await flow.invoice()).lastPayment!.id;

    const partial = await flow.accountant.post<{ code: string; detail: string }>(`/api/v1/payments/${paymentId}/refund`, { amount: 10000 });
    expect(partial.status).toBe(409);
    expect(partial.body.detail).toContain('full amount');

    const refunded = await flow.accountant.post<{ state: string }>(`/api/v1/payments/${paymentId}/refund`);
    expect(refunded.status, refunded.text).toBe(200);
    expect(refunded.body.state).toBe('refunded');
    await test.runDeferred(); // the status-change post-sale (STATUS 8) must not book again
    const refunds = await flow.journal('refund');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1100', 253465, 0],
      ['1029', 0, 253465],
    ]);
    expect(await flow.invoice()).toMatchObject({ status: 'refunded', paidAmount: 0 });
    expect((await flow.accountant.post(`/api/v1/payments/${paymentId}/refund`)).status).toBe(409);
  });

  it('asks querydirect when the RFS answer is lost, and books the refund PostFinance made', async () => {
    // PostFinance makes the refund; its answer does not reach us.
    let loseNextRefundAnswer = false;
    const firstRefund = () => {
      const lose = loseNextRefundAnswer;
      loseNextRefundAnswer = false;
      return lose;
    };
    const lossy = await createTestApp({}, { tamper: loseAnswers('/maintenancedirect.asp', firstRefund) });
    const flow = await sentInvoice(lossy);
    await followFeedback(lossy, (await payByInvoice(lossy, flow.payPath, 'approve')).feedbackUrl);
    const paymentId = (await flow.invoice()).lastPayment!.id;
    loseNextRefundAnswer = true;
    const refunded = await flow.accountant.post<{ state: string }>(`/api/v1/payments/${paymentId}/refund`);
    expect(refunded.status, refunded.text).toBe(200);
    expect(refunded.body.state).toBe('refunded');
    expect(await flow.journal('refund')).toHaveLength(1);
  });

  it('keeps a refund pending when neither the RFS answer nor querydirect come back, refuses a second one, and books it from querydirect later', async () => {
    // The first RFS reaches PostFinance, then the line goes down: neither its answer nor the
    // querydirect after it come back. The money may have left: nothing is released.
    let down = false;
    const lossy = await createTestApp({}, { tamper: loseAnswers('.asp', () => down) });
    const flow = await sentInvoice(lossy);
    await followFeedback(lossy, (await payByInvoice(lossy, flow.payPath, 'approve', 'lost')).feedbackUrl);
    lossy.dropDeferred();
    const paymentId = (await flow.invoice()).lastPayment!.id;
    down = true;
    const lost = await flow.accountant.post<{ state: string; refunds: { state: string }[] }>(`/api/v1/payments/${paymentId}/refund`);
    expect(lost.status, lost.text).toBe(202);
    expect(lost.body.refunds.map((r) => r.state)).toEqual(['pending']);
    expect(await flow.journal('refund')).toHaveLength(0);

    down = false;
    const second = await flow.accountant.post<{ code: string; detail: string }>(`/api/v1/payments/${paymentId}/refund`);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('refund_pending');
    expect(second.body.detail).toMatch(/still waiting for SwissBilling .* to confirm or refuse it/);
    expect(await flow.journal('refund')).toHaveLength(0);

    await reconcileOpenAttempts(later(lossy, 10), { tenantId: flow.tenant.tenantId });
    const payment = (await flow.accountant.get<{ state: string; refunds: { state: string }[] }>(`/api/v1/payments/${paymentId}`)).body;
    expect(payment.state).toBe('refunded');
    expect(payment.refunds.map((r) => r.state)).toEqual(['captured']);
    expect(await flow.journal('refund')).toHaveLength(1);
    expect((await flow.invoice()).status).toBe('refunded');
  });

  it.each(['status-change post-sale', 'querydirect of the reconciliation job', 'refusal (83)'] as const)(
    'settles a refund PostFinance still processes (81) by the %s',
    async (reporter) => {
      let refundPending = false;
      // The first querydirect after RFS still sees "refund pending".
      const firstAfterRefund = () => {
        const first = refundPending;
        refundPending = false;
        return first;
      };
      // The platform refuses the refund in the end (83): its querydirect says so from then on.
      const refusedAtLast = () => reporter === 'refusal (83)' && refundRefused;
      let refundRefused = false;
      const slow = await createTestApp({}, {
        tamper: async (url, forward) => {
          const response = await rewriteAnswers('/querydirect.asp', (xml) => xml.replace(/STATUS="8"/, 'STATUS="81"'), firstAfterRefund)(url, forward);
          if (!url.pathname.endsWith('/querydirect.asp') || !refusedAtLast()) return response;
          return new Response((await response.text()).replace(/STATUS="8"/, 'STATUS="83"'), { status: response.status, headers: response.headers });
        },
      });
      const flow = await sentInvoice(slow);
      await followFeedback(slow, (await payByInvoice(slow, flow.payPath, 'approve', 'lost')).feedbackUrl);
      slow.dropDeferred();
      const paymentId = (await flow.invoice()).lastPayment!.id;
      refundPending = true;
      const pending = await flow.accountant.post<{ state: string; refundedAmount: number; orderId: string; providerTransactionId: string }>(`/api/v1/payments/${paymentId}/refund`);
      expect(pending.status, pending.text).toBe(202);
      expect(pending.body).toMatchObject({ state: 'captured', refundedAmount: 253465 });
      expect(await flow.journal('refund')).toHaveLength(0);
      expect((await flow.accountant.post(`/api/v1/payments/${paymentId}/refund`)).status).toBe(409); // one is pending

      if (reporter === 'status-change post-sale') await slow.runDeferred();
      else if (reporter === 'refusal (83)') {
        slow.dropDeferred();
        refundRefused = true;
        const refused = { orderID: pending.body.orderId, currency: 'CHF', amount: '2534.65', PM: 'SwissBilling', STATUS: '83', PAYID: pending.body.providerTransactionId, NCERROR: '50001129', BRAND: 'SwissBilling' };
        const SHASIGN = await signShaOut(refused, postfinanceSandboxCredentials.shaOut, 'SHA-512');
        expect((await postSale(slow, flow.connectionId, { ...refused, SHASIGN })).status).toBe(200);
        const after = (await flow.accountant.get<{ state: string; refundedAmount: number }>(`/api/v1/payments/${paymentId}`)).body;
        expect(after).toMatchObject({ state: 'captured', refundedAmount: 0 });
        expect(await flow.journal('refund')).toHaveLength(0);
        expect((await flow.invoice()).status).toBe('paid');
        return;
      } else {
        slow.dropDeferred();
        await reconcileOpenAttempts(later(slow, 10), { tenantId: flow.tenant.tenantId });
      }
      expect(await flow.journal('refund')).toHaveLength(1);
      expect((await flow.accountant.get<{ state: string }>(`/api/v1/payments/${paymentId}`)).body.state).toBe('refunded');
      expect(await flow.invoice()).toMatchObject({ status: 'refunded', paidAmount: 0 });
      await reconcileOpenAttempts(later(slow, 20), { tenantId: flow.tenant.tenantId });
      await slow.runDeferred();
      expect(await flow.journal('refund')).toHaveLength(1);
    },
  );

  it('cancels an authorisation whose capture failed (DES), booking nothing', async () => {
    let refuseNextMaintenance = true;
    const failingCapture = await createTestApp({}, {
      tamper: async (url, forward) => {
        if (url.pathname.endsWith('/maintenancedirect.asp') && refuseNextMaintenance) {
          // The acquirer refuses this capture (the sandbox never sees it).
          refuseNextMaintenance = false;
          return new Response('<ncresponse orderID="" PAYID="0" NCERROR="30001001" NCERRORPLUS="capture refused by acquirer" STATUS="93"/>');
        }
        return forward();
      },
    });
    const flow = await sentInvoice(failingCapture);
    const { feedbackUrl } = await payByInvoice(failingCapture, flow.payPath, 'approve', 'lost');
    expect((await followFeedback(failingCapture, feedbackUrl)).html).toContain('being processed');
    const payment = (await flow.invoice()).lastPayment!;
    expect(payment.state).toBe('authorized');

    const cancelled = await flow.accountant.post<{ state: string }>(`/api/v1/payments/${payment.id}/cancel`);
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    await reconcileOpenAttempts(later(failingCapture, 10), { tenantId: flow.tenant.tenantId }); // nothing left to capture
    expect(await flow.journal('payment')).toHaveLength(0);
    expect(await flow.invoice()).toMatchObject({ status: 'sent', paidAmount: 0 });
  });
});

describe('SwissBilling amounts the platform reports differently', () => {
  it('books a captured amount that differs from the order to 1099 suspense and flags the invoice', async () => {
    const shortPaying = await createTestApp({}, { tamper: rewriteAnswers('/querydirect.asp', (xml) => xml.replace(/amount="[^"]*"/, 'amount="2000"')) });
    const flow = await sentInvoice(shortPaying);
    await followFeedback(shortPaying, (await payByInvoice(shortPaying, flow.payPath, 'approve', 'lost')).feedbackUrl);
    const invoice = await flow.invoice();
    expect(invoice.status).toBe('sent');
    expect(invoice.flagReason).toContain('does not match');
    const payments = await flow.journal('payment');
    expect(payments).toHaveLength(1);
    expect(payments[0]!.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1029', 200000, 0],
      ['1099', 0, 200000],
    ]);
  });
});

describe('SwissBilling answers about another order', () => {
  it('are not acted on: querydirect naming another ORDERID books nothing', async () => {
    const confused = await createTestApp({}, {
      tamper: rewriteAnswers('/querydirect.asp', (xml) => xml.replace(/orderID="[^"]*"/, 'orderID="RF00SOMEONEELSE-AAAAAA"')),
    });
    const flow = await sentInvoice(confused);
    await payByInvoice(confused, flow.payPath, 'approve', 'lost');
    await reconcileOpenAttempts(later(confused, 10), { tenantId: flow.tenant.tenantId });
    expect(await flow.invoice()).toMatchObject({ status: 'sent', flagReason: null, lastPayment: { state: 'initiated' } });
    expect(await flow.journal('payment')).toHaveLength(0);
  });
});

describe('SwissBilling connections', () => {
  it('verify their credentials with a querydirect and never show the secrets', async () => {
    const { admin } = await invoicingTenant(test);
    const verify = async (overrides: Record<string, unknown>) => {
      const id = await createSwissBillingConnection(admin, { isDefault: false, credentials: { ...postfinanceSandboxCredentials, ...overrides } });
      return (await admin.post<{ result: string; message: string }>(`/api/v1/connections/${id}/verify`)).body;
    };
    expect((await verify({})).result).toBe('ok');
    expect(await verify({ password: 'wrong-password' })).toMatchObject({ result: 'credentials_wrong', message: expect.stringContaining('password') });
    expect(await verify({ pspid: 'NOSUCHPSPID' })).toMatchObject({ result: 'credentials_wrong', message: expect.stringContaining('PSPID') });
    expect(await verify({ directLinkPassphrase: 'not-the-passphrase' })).toMatchObject({ result: 'credentials_wrong', message: expect.stringContaining('passphrase') });
    const listing = await admin.get('/api/v1/connections');
    for (const secret of [postfinanceSandboxCredentials.password, postfinanceSandboxCredentials.shaIn, postfinanceSandboxCredentials.shaOut, postfinanceSandboxCredentials.directLinkPassphrase]) {
      expect(listing.text).not.toContain(secret);
    }
  });
});
