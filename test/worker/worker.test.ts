// The worker in workerd (`wrangler dev`) against a fresh PostgreSQL database, driven over HTTP
// as an accounting system, a payer and Cloudflare's cron would: an invoice created, sent, its
// PDF's QR-bill decoded, paid on the Saferpay simulator, the booking read from the journal,
// and the scheduled handler delivering the e-mails to an HTTP mail API. `npm run test:worker`.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema.js';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import type { EntryView } from '../../src/ledger/read-entries.js';
import { openPostgresDatabase } from '../../src/node/database.js';
import { hashPassword } from '../../src/web/password.js';
import { type TestApp, apiClient } from '../helpers/app.js';
import { officeVisitor } from '../helpers/office.js';
import { createConnection, createContact, createDraftInvoice } from '../helpers/invoices.js';
import { qrCodesIn } from '../helpers/pdf-content.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { type LocalWorker, cli, freshDatabase, mailReceiver, startWorker } from './local-worker.js';

const appSecret = 'worker-test-secret-0123456789abcdef';
const mailKey = 'mail-api-key-for-the-test';

let database: Awaited<ReturnType<typeof freshDatabase>>;
let mail: Awaited<ReturnType<typeof mailReceiver>>;
let worker: LocalWorker;
let apiKey: string;
let adminId: string;
/** The helpers speak to an app through `app.request(path, init)`; here that is HTTP to workerd. */
let remote: TestApp;

beforeAll(async () => {
  database = await freshDatabase();
  expect(await cli(database.url, appSecret, 'db:migrate')).toContain('migrations applied');
  const created = await cli(database.url, appSecret, 'tenant:create', '--name', 'Worker AG', '--admin-email', 'admin@worker-ag.example');
  apiKey = /api key (\S+)/.exec(created)![1]!;
  adminId = /admin +(\S+)/.exec(created)![1]!;
  mail = await mailReceiver();
  worker = await startWorker({ APP_SECRET: appSecret, MAIL_API_URL: mail.url, MAIL_API_KEY: mailKey, SANDBOX_ENABLED: 'true' }, database.hyperdriveUrl);
  console.log(`wrangler dev answered its first request ${worker.startMs} ms after it was started (bundling included)`);
  const request = (path: string, init?: RequestInit) => fetch(new URL(path, worker.baseUrl), { ...init, redirect: 'manual' });
  remote = { app: { request } } as unknown as TestApp;
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await mail?.close();
  await database?.drop();
});

const amountText = (minor: number) => `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
async function runCron() {
  const answer = await fetch(`${worker.baseUrl}/__scheduled?cron=${encodeURIComponent('* * * * *')}`);
  expect(answer.status).toBe(200);
}

const swissQr = (pdf: Uint8Array) => qrCodesIn(pdf).find((code) => code.startsWith('SPC'))?.split(/\r?\n/);

describe('the worker in workerd', () => {
  it('invoices, renders the QR-bill, takes a Saferpay payment, books it on 1029 and mails on its cron', async () => {
    const api = apiClient(remote.app, apiKey);
    const settings = await api.patch('/api/v1/settings', {
      street: 'Bahnhofstrasse',
      buildingNumber: '1',
      postalCode: '8001',
      city: 'Zürich',
      country: 'CH',
      email: 'billing@worker-ag.example',
      iban: 'CH93 0076 2011 6238 5295 7',
    });
    expect(settings.status, settings.text).toBe(200);
    const connectionId = await createConnection(api);
    // The credentials are sealed with APP_SECRET in workerd and opened again to ask the simulator.
    expect((await api.post<{ result: string }>(`/api/v1/connections/${connectionId}/verify`)).body.result).toBe('ok');
    const contactId = await createContact(api);
    const draft = await createDraftInvoice(api, contactId);
    const sent = await api.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body.payLink!.url.startsWith(worker.baseUrl)).toBe(true);

    const pdf = await remote.app.request(`/api/v1/invoices/${draft.id}/pdf`, { headers: { Authorization: `Bearer ${apiKey}` } });
    expect(pdf.headers.get('Content-Type')).toContain('application/pdf');
    const qrBill = swissQr(new Uint8Array(await pdf.arrayBuffer()));
    expect(qrBill?.slice(18, 20)).toEqual([amountText(draft.total), 'CHF']);
    expect(qrBill).toContain(sent.body.paymentReference);

    // Nothing goes out until Cloudflare's cron runs the scheduled handler.
    expect(mail.received).toEqual([]);
    await runCron();
    expect(mail.received).toHaveLength(1);
    const invoiceMail = mail.received[0]!;
    expect(invoiceMail.authorization).toBe(`Bearer ${mailKey}`);
    expect(invoiceMail.idempotencyKey).toMatch(/^outbox-/);
    expect(invoiceMail.body.to).toEqual(['compta@muster-treuhand.example']);
    const attachment = invoiceMail.body.attachments[0]!;
    expect(attachment).toMatchObject({ filename: `${sent.body.number}.pdf`, content_type: 'application/pdf' });
    expect(swissQr(new Uint8Array(Buffer.from(attachment.content, 'base64')))?.slice(18, 20)).toEqual([amountText(draft.total), 'CHF']);
    expect((await api.get<InvoiceView>(`/api/v1/invoices/${draft.id}`)).body.email).toMatchObject({ status: 'sent', attempts: 1 });

    const pageUrl = await choose(remote, new URL(sent.body.payLink!.url).pathname, 'CARD');
    expect(pageUrl.startsWith(`${worker.baseUrl}/sandbox/saferpay/`)).toBe(true);
    const returnUrl = await act(remote, pageUrl, 'VISA', 'approve');
    expect((await returnTo(remote, returnUrl)).html).toContain('your payment was received');

    const invoice = await api.get<InvoiceView>(`/api/v1/invoices/${draft.id}`);
    expect(invoice.body).toMatchObject({ status: 'paid', paidAmount: draft.total });
    const payments = (await api.get<{ items: EntryView[] }>('/api/v1/journal/entries?source=payment')).body.items;
    expect(payments.map((entry) => entry.lines.map((l) => [l.account, l.debit, l.credit]))).toEqual([
      [
        ['1029', draft.total, 0],
        ['1100', 0, draft.total],
      ],
    ]);

    // The receipt waits for the next cron too; the invoice e-mail is not sent again.
    await runCron();
    expect(mail.received).toHaveLength(2);
    expect(mail.received[1]!.body.to).toEqual(['compta@muster-treuhand.example']);
    expect(mail.received[1]!.idempotencyKey).not.toBe(invoiceMail.idempotencyKey);
  });

  it('signs the admin in to the back office with a password stored as the service stores it', async () => {
    // 600,000 PBKDF2 iterations, beyond what workerd's WebCrypto computes (100,000).
    const direct = await openPostgresDatabase(database.url, { max: 1 });
    try {
      await direct.db.update(users).set({ passwordHash: await hashPassword('office password 1') }).where(eq(users.id, adminId));
    } finally {
      await direct.close();
    }
    const visitor = officeVisitor(remote.app, { origin: worker.baseUrl });
    expect((await visitor.signIn('admin@worker-ag.example', 'wrong password 1')).status).not.toBe(303);
    const signedIn = await visitor.signIn('admin@worker-ag.example', 'office password 1');
    expect(signedIn.status).toBe(303);
    expect((await visitor.get('/office/invoices')).status).toBe(200);
  });

  it('names the binding that is wrong instead of serving with it', async () => {
    const broken = await startWorker({ APP_SECRET: 'too short', MAIL_API_URL: mail.url, MAIL_API_KEY: mailKey }, database.hyperdriveUrl);
    try {
      const answer = await fetch(`${broken.baseUrl}/api/v1/me`);
      expect(answer.status).toBe(500);
      const problem = (await answer.json()) as { detail: string };
      expect(problem.detail).toContain('APP_SECRET: must be at least 32 characters');
      expect(problem.detail).not.toContain('too short');
    } finally {
      await broken.stop();
    }
  });
});
