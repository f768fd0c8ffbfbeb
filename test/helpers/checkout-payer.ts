// A tenant with a PostFinance Checkout sandbox service, and a payer going through the
// simulated payment page: a button on the online invoice, a method and an outcome there,
// the webhooks as chosen, and the way back.
import { expect } from 'vitest';
import { defaultPostFinanceCheckoutSandbox } from '../../src/sandbox/postfinance-checkout/state.js';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import type { EntryView } from '../../src/ledger/read-entries.js';
import type { PayChoice } from '../../src/providers/types.js';
import { type TestApp, requestUrl } from './app.js';
import { choose as pressChoice } from './saferpay-payer.js';
import { createDraftInvoice } from './invoices.js';
import { invoicingTenant } from './sent-invoice.js';

const [user, userWithoutRole] = defaultPostFinanceCheckoutSandbox.users;
export const checkoutCredentials = { spaceId: '405', userId: user!.userId, authenticationKey: user!.authenticationKey };
export const noRoleCredentials = { spaceId: '405', userId: userWithoutRole!.userId, authenticationKey: userWithoutRole!.authenticationKey };

export type CheckoutOutcome = 'approve' | 'authorize' | 'decline' | 'cancel' | 'pending';
export type WebhookMode = 'once' | 'twice' | 'late' | 'out_of_order' | 'never';

const json = (body: unknown) => ({ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** A sent invoice whose only payment service is a PostFinance Checkout sandbox connection with its webhook URL registered. */
export async function checkoutInvoice(test: TestApp, connection: Record<string, unknown> = {}) {
  const setup = await invoicingTenant(test);
  const created = await setup.admin.post<{ id: string }>('/api/v1/connections', {
    provider: 'postfinance-checkout',
    environment: 'sandbox',
    label: 'PostFinance Checkout sandbox',
    currencies: ['CHF'],
    methods: ['POSTFINANCE_CARD', 'POSTFINANCE_EFINANCE', 'VISA', 'MASTERCARD', 'TWINT'],
    isDefault: true,
    credentials: checkoutCredentials,
    ...connection,
  });
  expect(created.status, created.text).toBe(201);
  const connectionId = created.body.id;
  await registerWebhookUrl(test, connectionId);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
  const payPath = new URL(sent.body.payLink!.url).pathname;
  const invoice = async () => (await setup.accountant.get<InvoiceView>(`/api/v1/invoices/${draft.id}`)).body;
  const payments = async () => (await setup.admin.get<{ items: EntryView[] }>('/api/v1/journal/entries?source=payment')).body.items;
  return { ...setup, connectionId, payPath, invoice, payments, invoiceId: draft.id, total: draft.total };
}

/** As the portal's setting: the space's webhooks go to this connection's URL. */
export async function registerWebhookUrl(test: TestApp, connectionId: string) {
  const url = `${test.deps.publicBaseUrl}/callbacks/postfinance-checkout/${connectionId}`;
  const response = await requestUrl(test, '/sandbox/postfinance-checkout/test/spaces/405/webhook-url', { method: 'PUT', ...json({ url }) });
  expect(response.status).toBe(200);
}

/** Presses a button on the online invoice (PostFinance Card / e-finance unless told); answers the payment page URL. */
export const choose = (test: TestApp, payPath: string, choice: PayChoice = 'POSTFINANCE') => pressChoice(test, payPath, choice);

/** Acts on the simulated payment page with the first method offered; answers where the browser goes. */
export async function act(test: TestApp, pageUrl: string, outcome: CheckoutOutcome, webhooks: WebhookMode = 'once') {
  const html = await (await requestUrl(test, pageUrl)).text();
  const method = /name="method" value="([^"]+)"/.exec(html)?.[1];
  expect(method, 'no method on the payment page').toBeTruthy();
  const response = await requestUrl(test, pageUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ method: method!, outcome, webhooks }).toString(),
  });
  expect(response.status).toBe(303);
  return response.headers.get('Location')!;
}

export async function returnTo(test: TestApp, returnUrl: string) {
  const response = await requestUrl(test, returnUrl);
  return { status: response.status, html: await response.text() };
}

export const transactionIdOf = (pageUrl: string) => new URL(pageUrl, 'http://localhost:3000').pathname.split('/').pop()!;

/** Moves the transaction on at the simulated processor, with its webhook. */
export async function moveTransaction(test: TestApp, transactionId: string, state: string, webhooks: WebhookMode = 'once') {
  const response = await requestUrl(test, `/sandbox/postfinance-checkout/test/transactions/${transactionId}/state`, { method: 'POST', ...json({ state, webhooks }) });
  expect(response.status).toBe(200);
}
