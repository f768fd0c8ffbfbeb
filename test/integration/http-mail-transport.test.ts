// The HTTP mail API transport (the mail transport on Cloudflare Workers) against a local
// receiver: what a Resend- or Postmark-shaped service receives, that a refusal or a silence
// leaves the invoice e-mail pending with the reason, and that every try of one message
// carries the same idempotency key, so a service that saw the first try drops the repeat.
import { type IncomingHttpHeaders, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpMailer } from '../../src/http-mail-transport.js';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import { silentLogger } from '../../src/logger.js';
import type { MailMessage } from '../../src/mail.js';
import { deliverOutbox } from '../../src/services/deliver-outbox.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { createContact, createDraftInvoice } from '../helpers/invoices.js';
import { qrCodesIn } from '../helpers/pdf-content.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A mail API on a local port: answers each request with the next status given (200 once they run out). */
async function receiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(text) as Record<string, unknown> });
      const status = statuses.shift() ?? 200;
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(status === 200 ? '{"id":"4ef9a417"}' : '{"message":"The from address is not verified."}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/emails`;
  return { url, received, statuses, close: () => new Promise((resolve) => server.close(resolve)) };
}

let mailApi: Awaited<ReturnType<typeof receiver>>;
let test: TestApp;
beforeAll(async () => {
  mailApi = await receiver();
  test = await createTestApp();
});
afterAll(() => mailApi.close());

const key = 're_test_0123456789abcdef';
const pdfBytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0xff, 0x00, 0x80, 0xe4]);
const message: MailMessage = {
  from: '"Rechnungs AG" <billing@rechnungs-ag.example>',
  to: 'anna@kunde.example',
  replyTo: 'billing@rechnungs-ag.example',
  subject: 'Rechnung RE-2026-0007',
  text: 'Grüezi',
  html: '<p>Grüezi</p>',
  attachments: [{ filename: 'RE-2026-0007.pdf', content: pdfBytes, contentType: 'application/pdf' }],
  idempotencyKey: 'outbox-7',
};

describe('the HTTP mail API transport', () => {
  it("sends Resend's shape: Bearer key, idempotency key, the PDF in base64 byte for byte", async () => {
    await createHttpMailer({ url: mailApi.url, key, format: 'resend' }).send(message);
    const { headers, body } = mailApi.received.at(-1)!;
    expect(headers.authorization).toBe(`Bearer ${key}`);
    expect(headers['idempotency-key']).toBe('outbox-7');
    expect(body).toMatchObject({ from: message.from, to: ['anna@kunde.example'], reply_to: message.replyTo, subject: message.subject, text: 'Grüezi', html: '<p>Grüezi</p>' });
    const [attachment] = body.attachments as { filename: string; content: string; content_type: string }[];
    expect(attachment).toMatchObject({ filename: 'RE-2026-0007.pdf', content_type: 'application/pdf' });
    expect(new Uint8Array(Buffer.from(attachment!.content, 'base64'))).toEqual(pdfBytes);
  });

  it("sends Postmark's shape with its server-token header", async () => {
    await createHttpMailer({ url: mailApi.url, key, format: 'postmark' }).send(message);
    const { headers, body } = mailApi.received.at(-1)!;
    expect(headers['x-postmark-server-token']).toBe(key);
    expect(headers.authorization).toBeUndefined();
    expect(body).toMatchObject({ From: message.from, To: 'anna@kunde.example', ReplyTo: message.replyTo, TextBody: 'Grüezi', HtmlBody: '<p>Grüezi</p>' });
    expect((body.Attachments as { Name: string; ContentType: string }[])[0]).toMatchObject({ Name: 'RE-2026-0007.pdf', ContentType: 'application/pdf' });
  });

  it("fails with the service's status and words, never the key", async () => {
    mailApi.statuses.push(403);
    const sending = createHttpMailer({ url: mailApi.url, key, format: 'resend' }).send(message);
    await expect(sending).rejects.toThrow(/mail API answered 403: .*not verified/);
    await expect(sending).rejects.not.toThrow(key);
  });

  it('delivers an invoice e-mail from the outbox after a refusal, with one idempotency key for both tries', async () => {
    const { accountant, tenant } = await invoicingTenant(test);
    const email = `buchhaltung-${crypto.randomUUID()}@kunde.example`;
    const contactId = await createContact(accountant, { email, language: 'de' });
    const draft = await createDraftInvoice(accountant, contactId);
    expect((await accountant.post(`/api/v1/invoices/${draft.id}/send`)).status).toBe(200);
    let now = new Date();
    const deps = {
      db: test.deps.db,
      mailer: createHttpMailer({ url: mailApi.url, key, format: 'resend' }),
      logger: silentLogger,
      now: () => now,
      publicBaseUrl: 'http://localhost:3000',
      sandboxEnabled: true,
    };
    const tries = () => mailApi.received.filter((r) => Array.isArray(r.body.to) && r.body.to[0] === email);

    mailApi.statuses.push(503);
    await deliverOutbox(deps, 50, { tenantId: tenant.tenantId });
    const refused = await accountant.get<InvoiceView>(`/api/v1/invoices/${draft.id}`);
    expect(refused.body.email).toMatchObject({ status: 'pending', attempts: 1 });
    expect(refused.body.email?.lastError).toMatch(/mail API answered 503/);

    now = new Date(now.getTime() + 10 * 60_000);
    await deliverOutbox(deps, 50, { tenantId: tenant.tenantId });
    expect((await accountant.get<InvoiceView>(`/api/v1/invoices/${draft.id}`)).body.email?.status).toBe('sent');
    expect(tries()).toHaveLength(2);
    expect(tries()[1]!.headers['idempotency-key']).toBe(tries()[0]!.headers['idempotency-key']);
    const pdf = (tries()[1]!.body.attachments as { content: string }[])[0]!;
    expect(qrCodesIn(new Uint8Array(Buffer.from(pdf.content, 'base64'))).some((code) => code.startsWith('SPC'))).toBe(true);
  });
});
