// A payer paying by invoice through the PostFinance sandbox: presses "Pay by invoice" on the
// online invoice, receives the auto-submitting form, posts it to the hosted page, picks an
// outcome there and follows the redirect back with the signed feedback.
import { expect } from 'vitest';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import type { EntryView } from '../../src/ledger/read-entries.js';
import { type TestApp, requestUrl } from './app.js';
import { createContact, createDraftInvoice, createSwissBillingConnection } from './invoices.js';
import { invoicingTenant } from './sent-invoice.js';

export type SwissBillingOutcome = 'approve' | 'decline' | 'cancel' | 'uncertain';
export type PostSaleMode = 'online' | 'deferred' | 'repeated' | 'lost';

const formPost = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

const decode = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Presses Pay by invoice; answers the page the payer's browser gets. */
export async function pressPayByInvoice(test: TestApp, payPath: string, language = 'en') {
  const html = await (await requestUrl(test, `${payPath}?lang=${language}`)).text();
  const option = [...html.matchAll(/name="option" value="([^"]+)"/g)].map((m) => m[1]!).find((o) => o.endsWith(':SWISSBILLING'));
  expect(option, 'no Pay by invoice button').toBeTruthy();
  const response = await requestUrl(test, `${payPath}/attempts?lang=${language}`, formPost({ option: option! }));
  return { status: response.status, html: await response.text() };
}

/** The hidden fields and target of the auto-submitting form. */
export function providerForm(html: string) {
  const action = decode(/<form id="provider-form" method="post" action="([^"]+)"/.exec(html)?.[1] ?? '');
  const fields = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, decode(m[2]!)]),
  );
  return { action, fields };
}

/** Posts the form to the hosted page; answers the sandbox page (its status and HTML). */
export async function postToHostedPage(test: TestApp, form: { action: string; fields: Record<string, string> }) {
  const response = await requestUrl(test, form.action, formPost(form.fields));
  return { status: response.status, html: await response.text() };
}

/** Picks the outcome on the hosted page; answers the feedback URL the browser is sent to. */
export async function decide(test: TestApp, hostedHtml: string, outcome: SwissBillingOutcome, postsale: PostSaleMode = 'online') {
  const action = /<form method="post" action="([^"]+)"/.exec(hostedHtml)?.[1];
  expect(action, 'no outcome form on the hosted page').toBeTruthy();
  const response = await requestUrl(test, action!, formPost({ outcome, postsale }));
  expect(response.status).toBe(303);
  return response.headers.get('Location')!;
}

export async function followFeedback(test: TestApp, url: string) {
  const response = await requestUrl(test, url);
  return { status: response.status, html: await response.text() };
}

/** The whole way from Pay now to the hosted page's answer. */
export async function payByInvoice(test: TestApp, payPath: string, outcome: SwissBillingOutcome, postsale: PostSaleMode = 'online') {
  const pressed = await pressPayByInvoice(test, payPath);
  expect(pressed.status).toBe(200);
  const form = providerForm(pressed.html);
  const hosted = await postToHostedPage(test, form);
  expect(hosted.status, hosted.html).toBe(200);
  const feedbackUrl = await decide(test, hosted.html, outcome, postsale);
  return { form, feedbackUrl };
}

const anna = { kind: 'person', companyName: null, firstName: 'Anna', lastName: 'Muster', language: 'de' };

/** A tenant with a SwissBilling connection and a sent invoice to a person who may pay by invoice. */
export async function swissBillingInvoice(
  app: TestApp,
  options: { contact?: Record<string, unknown>; invoice?: Record<string, unknown>; connection?: Record<string, unknown> } = {},
) {
  const setup = await invoicingTenant(app);
  const connectionId = await createSwissBillingConnection(setup.admin, options.connection);
  const contactId = await createContact(setup.accountant, { ...anna, ...options.contact });
  const draft = await createDraftInvoice(setup.accountant, contactId, options.invoice);
  const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
  if (sent.status !== 200) throw new Error(`not sent: ${sent.text}`);
  const payPath = new URL(sent.body.payLink!.url).pathname;
  const invoice = async () => (await setup.accountant.get<InvoiceView>(`/api/v1/invoices/${draft.id}`)).body;
  const journal = async (source: string) => (await setup.admin.get<{ items: EntryView[] }>(`/api/v1/journal/entries?source=${source}`)).body.items;
  return { ...setup, connectionId, payPath, invoice, journal, invoiceId: draft.id };
}

export const feedbackParams = (url: string) => Object.fromEntries(new URL(url).searchParams);

/** PostFinance's post-sale request, as a form POST. */
export function postSale(app: TestApp, connectionId: string, params: Record<string, string> | string) {
  return app.app.request(`/callbacks/postfinance/${connectionId}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: typeof params === 'string' ? params : new URLSearchParams(params).toString(),
  });
}
