// The tenant the fuzzer attacks as its admin: a contact, a draft, a sent invoice with its pay
// link, a paid one (a captured card payment), a SwissBilling order waiting at the hosted page,
// both kinds of payment service, a manual journal entry, a second user with a key.
import { errorCodes } from '../../../src/errors.js';
import type { TestApp } from '../app.js';
import { createConnection, createContact, createDraftInvoice, createSwissBillingConnection } from '../invoices.js';
import { act, choose, returnTo } from '../saferpay-payer.js';
import { invoicingTenant } from '../sent-invoice.js';
import { postToHostedPage, pressPayByInvoice, providerForm } from '../swissbilling-payer.js';
import type { FuzzContext } from './openapi-requests.js';
import type { SandboxValues } from './sandbox-requests.js';
import { templates } from './templates.js';

type Api = Awaited<ReturnType<typeof invoicingTenant>>['admin'];

async function created(api: Api, path: string, body: unknown): Promise<string> {
  const response = await api.post<{ id: string }>(path, body);
  if (response.status !== 201) throw new Error(`${path}: ${response.status} ${response.text}`);
  return response.body.id;
}

async function sent(api: Api, contactId: string) {
  const draft = await createDraftInvoice(api, contactId);
  const response = await api.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
  if (response.status !== 200) throw new Error(`not sent: ${response.text}`);
  return { id: draft.id, path: new URL(response.body.payLink.url).pathname };
}

export async function fuzzTenant(test: TestApp) {
  const { tenant, admin, accountant, contactId } = await invoicingTenant(test);
  const saferpayId = await createConnection(admin);
  const postfinanceId = await createSwissBillingConnection(admin, { isDefault: true });
  const personId = await createContact(accountant, { kind: 'person', companyName: null, firstName: 'Anna', lastName: 'Muster', language: 'de' });
  const userId = await created(admin, '/api/v1/users', { name: 'Fuzzy', email: 'fuzzy@example.ch', role: 'bookkeeper' });
  const apiKeyId = await created(admin, `/api/v1/users/${userId}/api-keys`, { label: 'fuzz' });
  const entryId = await created(admin, '/api/v1/journal/manual-entries', {
    date: '2026-04-01',
    text: 'Provider fee',
    currency: 'CHF',
    lines: [
      { account: '6940', debit: 340 },
      { account: '1029', credit: 340 },
    ],
  });
  const draft = await createDraftInvoice(accountant, contactId);
  const open = await sent(accountant, contactId);
  const paid = await sent(accountant, contactId);
  const paidReturnUrl = await act(test, await choose(test, paid.path, 'CARD'), 'VISA', 'approve', 'none');
  await returnTo(test, paidReturnUrl);
  const pageUrl = await choose(test, open.path, 'CARD');
  const payments = await admin.get<{ items: { id: string }[] }>(`/api/v1/payments?invoiceId=${paid.id}`);
  const billed = await sent(accountant, personId);
  const form = providerForm((await pressPayByInvoice(test, billed.path)).html);
  const hosted = await postToHostedPage(test, form);
  const orderKey = /\/sandbox\/postfinance\/pay\/([\w-]+)/.exec(hosted.html)?.[1];
  const secrets = [form.fields.ACCEPTURL, paidReturnUrl].map((url) => /\/pay\/(?:feedback|return)\/([^/?]+)/.exec(url ?? '')?.[1]);
  const tokens = [open.path, paid.path, billed.path].map((path) => path.split('/').pop()!);
  const paymentId = payments.body.items[0]!.id;
  const context: Omit<FuzzContext, 'resolve'> = {
    pool: {
      ids: {
        contacts: [contactId, personId],
        invoices: [draft.id, open.id, paid.id, billed.id],
        connections: [saferpayId, postfinanceId],
        payments: [paymentId],
        users: [userId],
        'api-keys': [apiKeyId],
        journal: [entryId],
      },
      accountNumbers: ['1029', '1100', '2200', '3200', '6940', '1020'],
    },
    pathValues: {
      token: tokens,
      secret: secrets.filter((s): s is string => !!s),
      connectionId: [postfinanceId, saferpayId],
      number: ['1029', '1100', '3200', '6940'],
      code: [...errorCodes],
    },
    formValues: {
      option: [saferpayId, postfinanceId].flatMap((id) => ['CARD', 'TWINT', 'SWISSBILLING'].map((choice) => `${id}:${choice}`)).concat('not-a-uuid:CARD'),
      ORDERID: [form.fields.ORDERID ?? ''],
      STATUS: ['5', '9', '2', '1', '52', '0', '-1'],
      AMOUNT: [form.fields.AMOUNT ?? '', '1.5', '0'],
      CURRENCY: ['CHF', 'EUR', '', 'chf'],
    },
    templates: templates({ contactId, saferpayId, postfinanceId }),
    adminKey: tenant.keys.admin,
    otherKeys: [tenant.keys.accountant, tenant.keys.bookkeeper],
  };
  const sandbox: SandboxValues = {
    pageTokens: [pageUrl.split('/').pop()!],
    orderKeys: orderKey ? [orderKey] : [],
    orderIds: [form.fields.ORDERID ?? ''],
  };
  return { tenantId: tenant.tenantId, context, sandbox };
}
