// Nobody may open payment sessions at the provider by the thousand: pressing the same
// method again goes back to the session already open, and new attempts are limited per
// invoice and per client address, across every instance sharing the database. What the
// provider saw is counted at its door (Initialize).
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { paymentAttempts } from '../../src/db/schema.js';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import { defaultPostFinanceSandbox } from '../../src/sandbox/postfinance/state.js';
import { defaultSaferpaySandbox } from '../../src/sandbox/saferpay/state.js';
import { type TestApp, countCalls, createTestApp, testClientHeader } from '../helpers/app.js';
import { windowClock, randomClientAddress } from '../helpers/clock.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';
import { pressPayByInvoice, providerForm, swissBillingInvoice } from '../helpers/swissbilling-payer.js';

/** An app whose Saferpay pages expire at once, so no attempt can be reused: every press is new. */
async function appWithoutReuse(clock = windowClock()) {
  const initialize = countCalls('/PaymentPage/Initialize');
  const sandbox = { saferpay: { ...defaultSaferpaySandbox, tokenLifetimeMs: 0 }, postfinance: defaultPostFinanceSandbox };
  const test = await createTestApp({ now: clock.now, sandbox }, { tamper: initialize.tamper });
  return { test, initialize };
}

/** Sent invoices of one tenant with a Saferpay service; answers their pay paths and card buttons. */
async function sentInvoices(test: TestApp, count: number) {
  const setup = await invoicingTenant(test);
  await createConnection(setup.admin);
  const invoices = [];
  for (let i = 0; i < count; i++) {
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
    const payPath = new URL(sent.body.payLink!.url).pathname;
    const html = await (await test.app.request(`${payPath}?lang=en`)).text();
    const card = [...html.matchAll(/name="option" value="([^"]+:CARD)"/g)][0]![1]!;
    invoices.push({ payPath, card, invoiceId: draft.id });
  }
  return invoices;
}

/** The payer's browser pressing a button, from the given address. */
const press = (test: TestApp, payPath: string, option: string, address: string, lang = 'en') =>
  test.app.request(`${payPath}/attempts?lang=${lang}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', [testClientHeader]: address },
    body: new URLSearchParams({ option }).toString(),
  });

async function expectLimited(response: Response, text: RegExp) {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get('Retry-After'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(600);
  expect(response.headers.get('Content-Type')).toMatch(/text\/html/);
  expect(await response.text()).toMatch(text);
}

const attemptsOf = (test: TestApp, invoiceId: string) => test.database.db.select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, invoiceId));

describe('pressing the same method again', () => {
  it('goes back to the same Saferpay page: one Initialize, one attempt', async () => {
    const initialize = countCalls('/PaymentPage/Initialize');
    const test = await createTestApp({}, { tamper: initialize.tamper });
    const [invoice] = await sentInvoices(test, 1);
    const first = await press(test, invoice!.payPath, invoice!.card, randomClientAddress());
    const again = await press(test, invoice!.payPath, invoice!.card, randomClientAddress());
    expect(first.status).toBe(303);
    expect(again.status).toBe(303);
    expect(again.headers.get('Location')).toBe(first.headers.get('Location'));
    expect(initialize.calls()).toBe(1);
    expect(await attemptsOf(test, invoice!.invoiceId)).toHaveLength(1);
  });

  it('posts the same signed SwissBilling form for the same ORDERID', async () => {
    const test = await createTestApp();
    const flow = await swissBillingInvoice(test);
    const first = providerForm((await pressPayByInvoice(test, flow.payPath)).html);
    const again = providerForm((await pressPayByInvoice(test, flow.payPath)).html);
    expect(again.fields.ORDERID).toBe(first.fields.ORDERID);
    expect(again).toEqual(first);
    expect(await attemptsOf(test, flow.invoiceId)).toHaveLength(1);
  });

  it('opens a new page once the payer went through the last one', async () => {
    const initialize = countCalls('/PaymentPage/Initialize');
    const test = await createTestApp({}, { tamper: initialize.tamper });
    const [invoice] = await sentInvoices(test, 1);
    const pageUrl = await choose(test, invoice!.payPath, 'CARD');
    // Still processing at Saferpay: that session is in use, never handed out again.
    await returnTo(test, await act(test, pageUrl, 'VISA', 'pending', 'none'));
    expect(await choose(test, invoice!.payPath, 'CARD')).not.toBe(pageUrl);
    expect(initialize.calls()).toBe(2);
  });
});

describe('new payment attempts', () => {
  it('are limited per invoice: the 11th gets 429 with Retry-After in the payer language, and Saferpay saw 10', async () => {
    const { test, initialize } = await appWithoutReuse();
    const [invoice] = await sentInvoices(test, 1);
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await press(test, invoice!.payPath, invoice!.card, randomClientAddress())).status);
    expect(statuses).toEqual(new Array(10).fill(303));
    await expectLimited(await press(test, invoice!.payPath, invoice!.card, randomClientAddress(), 'de'), /Zu viele Zahlungsversuche/);
    await expectLimited(await press(test, invoice!.payPath, invoice!.card, randomClientAddress(), 'fr'), /Trop de tentatives de paiement/);
    expect(initialize.calls()).toBe(10);
    expect(await attemptsOf(test, invoice!.invoiceId)).toHaveLength(10);
  });

  it('are limited per address over many invoices, while another address still pays', async () => {
    const { test, initialize } = await appWithoutReuse();
    const invoices = await sentInvoices(test, 4);
    const flooder = randomClientAddress();
    const statuses = [];
    for (const invoice of invoices) {
      for (let i = 0; i < 8; i++) statuses.push((await press(test, invoice.payPath, invoice.card, flooder)).status);
    }
    expect(statuses.slice(0, 30)).toEqual(new Array(30).fill(303));
    expect(statuses.slice(30)).toEqual([429, 429]);
    await expectLimited(await press(test, invoices[3]!.payPath, invoices[3]!.card, flooder), /Too many payment attempts/);
    expect(initialize.calls()).toBe(30);
    expect((await press(test, invoices[3]!.payPath, invoices[3]!.card, randomClientAddress())).status).toBe(303);
  });

  it('hold as a flood arrives all at once: Saferpay sees at most 10', async () => {
    const initialize = countCalls('/PaymentPage/Initialize');
    const test = await createTestApp({ now: windowClock().now }, { tamper: initialize.tamper });
    const [invoice] = await sentInvoices(test, 1);
    const answers = await Promise.all(Array.from({ length: 40 }, () => press(test, invoice!.payPath, invoice!.card, randomClientAddress())));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.every((status) => status === 303 || status === 429)).toBe(true);
    expect(answers.filter((a) => a.status === 429).every((a) => Number(a.headers.get('Retry-After')) > 0)).toBe(true);
    expect(initialize.calls()).toBeLessThanOrEqual(10);
    expect((await attemptsOf(test, invoice!.invoiceId)).length).toBeLessThanOrEqual(10);
  });

  it('are counted together by two instances sharing the database', async () => {
    const clock = windowClock();
    const one = await appWithoutReuse(clock);
    const two = await appWithoutReuse(clock);
    const [invoice] = await sentInvoices(one.test, 1);
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const instance = i % 2 === 0 ? one.test : two.test;
      statuses.push((await press(instance, invoice!.payPath, invoice!.card, randomClientAddress())).status);
    }
    expect(statuses).toEqual([...new Array(10).fill(303), 429, 429]);
    expect(one.initialize.calls() + two.initialize.calls()).toBe(10);
  });

  it('may be made again once the window has passed', async () => {
    const clock = windowClock();
    const { test } = await appWithoutReuse(clock);
    const [invoice] = await sentInvoices(test, 1);
    for (let i = 0; i < 10; i++) await press(test, invoice!.payPath, invoice!.card, randomClientAddress());
    const refused = await press(test, invoice!.payPath, invoice!.card, randomClientAddress());
    expect(refused.status).toBe(429);
    clock.advance(Number(refused.headers.get('Retry-After')) * 1000);
    expect((await press(test, invoice!.payPath, invoice!.card, randomClientAddress())).status).toBe(303);
  });
});
