// A tenant with a Stripe sandbox service, and a payer going through the simulated Checkout
// page: a button on the online invoice, a method and an outcome there, the webhooks as
// chosen, and the way back.
import { expect } from 'vitest';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import type { EntryView } from '../../src/ledger/read-entries.js';
import type { PayChoice } from '../../src/providers/types.js';
import { defaultStripeSandbox } from '../../src/sandbox/stripe/state.js';
import { type TestApp, requestUrl } from './app.js';
import { createDraftInvoice } from './invoices.js';
import { choose as pressChoice } from './saferpay-payer.js';
import { invoicingTenant } from './sent-invoice.js';

const [shop, noBank, live] = defaultStripeSandbox.accounts;
const keysOf = (account: typeof shop) => ({ publishableKey: account!.publishableKey, secretKey: account!.secretKeys[0]!, webhookSecret: account!.webhookSecret });
export const stripeCredentials = keysOf(shop);
export const noBankCredentials = keysOf(noBank);
export const liveCredentials = keysOf(live);
export const shopAccountId = shop!.id;

export type StripeOutcome = 'approve' | 'decline' | 'processing' | 'cancel';
export type WebhookMode = 'once' | 'twice' | 'late' | 'out_of_order' | 'never';

const json = (body: unknown) => ({ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** A sent invoice whose only payment service is a Stripe sandbox connection with its webhook endpoint registered. */
export async function stripeInvoice(test: TestApp, connection: Record<string, unknown> = {}) {
  const setup = await invoicingTenant(test);
  const created = await setup.admin.post<{ id: string }>('/api/v1/connections', {
    provider: 'stripe',
    environment: 'sandbox',
    label: 'Stripe sandbox',
    currencies: ['CHF'],
    methods: ['VISA', 'MASTERCARD', 'TWINT'],
    isDefault: true,
    credentials: stripeCredentials,
    ...connection,
  });
  expect(created.status, created.text).toBe(201);
  const connectionId = created.body.id;
  await registerWebhookUrl(test, connectionId);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
  const payPath = new URL(sent.body.payLink!.url).pathname;
  const invoice = async () => (await setup.accountant.get<InvoiceView>(`/api/v1/invoices/${draft.id}`)).body;
  const entries = async (source: string) => (await setup.admin.get<{ items: EntryView[] }>(`/api/v1/journal/entries?source=${source}`)).body.items;
  return { ...setup, connectionId, payPath, invoice, payments: () => entries('payment'), entries, invoiceId: draft.id, total: draft.total };
}

/** As the Dashboard's webhook endpoint: the account's events go to this connection's URL. */
export async function registerWebhookUrl(test: TestApp, connectionId: string, account = shopAccountId) {
  const url = `${test.deps.publicBaseUrl}/callbacks/stripe/${connectionId}`;
  const response = await requestUrl(test, `/sandbox/stripe/test/accounts/${account}/webhook-url`, { method: 'PUT', ...json({ url }) });
  expect(response.status).toBe(200);
}

/** Presses a button on the online invoice (card unless told); answers the Checkout page URL. */
export const choose = (test: TestApp, payPath: string, choice: PayChoice = 'CARD') => pressChoice(test, payPath, choice);

export const sessionIdOf = (pageUrl: string) => new URL(pageUrl, 'http://localhost:3000').pathname.split('/').pop()!;

/** Acts on the simulated Checkout page; answers the response (a redirect, or the page again after a decline). */
export async function act(test: TestApp, pageUrl: string, outcome: StripeOutcome, webhooks: WebhookMode = 'once', method?: string) {
  const html = await (await requestUrl(test, pageUrl)).text();
  const chosen = method ?? /name="method" value="([^"]+)"/.exec(html)?.[1];
  expect(chosen, 'no method on the payment page').toBeTruthy();
  return requestUrl(test, pageUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ method: chosen!, outcome, webhooks }).toString(),
  });
}

/** Pays on the page and answers where the browser goes. */
export async function pay(test: TestApp, pageUrl: string, webhooks: WebhookMode = 'once', method?: string) {
  const response = await act(test, pageUrl, 'approve', webhooks, method);
  expect(response.status).toBe(303);
  return response.headers.get('Location')!;
}

export async function returnTo(test: TestApp, returnUrl: string) {
  const response = await requestUrl(test, returnUrl);
  return { status: response.status, html: await response.text() };
}

/** A test switch of the simulator (expire, async outcome, refund outcome, payout). */
export async function sandboxSwitch<T = Record<string, unknown>>(test: TestApp, path: string, body: Record<string, unknown>) {
  const response = await requestUrl(test, `/sandbox/stripe/test/${path}`, { method: 'POST', ...json(body) });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as T;
}
