// The README's verification snippet (docs/verify-webhook.ts, quoted in the README word for
// word) accepts what the service sends and refuses a changed body, another secret and an
// old timestamp.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../docs/verify-webhook.js';
import { createTestApp } from '../helpers/app.js';
import { createDraftInvoice } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';
import { deliverRound, eventOf, receivedBy, registerEndpoint } from '../helpers/webhooks.js';

describe("the README's signature check", () => {
  it('is the snippet in docs/, word for word', async () => {
    const snippet = await readFile(new URL('../../docs/verify-webhook.ts', import.meta.url), 'utf8');
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${snippet}\`\`\``);
  });

  it('verifies the events an endpoint receives, and nothing altered', async () => {
    const app = await createTestApp();
    const setup = await invoicingTenant(app);
    const endpoint = await registerEndpoint(app, setup.admin, ['*']);
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    await setup.accountant.post(`/api/v1/invoices/${draft.id}/send`);
    await deliverRound(app, setup.tenant.tenantId);

    const received = await receivedBy(app, endpoint);
    expect(received.map((r) => r.type).sort()).toEqual(['invoice.sent', 'journal_entry.posted']);
    const sent = received.find((r) => r.type === 'invoice.sent')!;
    expect(eventOf(sent).data).toMatchObject({ invoiceId: draft.id, status: 'sent', total: 253465, currency: 'CHF' });
    for (const request of received) {
      expect(await verifyWebhook(request.body, request.signature!, endpoint.secret)).toBe(true);
      expect(request.verified).toBe(true);
    }
    const altered = sent.body.replace('253465', '253466');
    expect(altered).not.toBe(sent.body);
    expect(await verifyWebhook(altered, sent.signature!, endpoint.secret)).toBe(false);
    expect(await verifyWebhook(sent.body, sent.signature!, `${endpoint.secret}x`)).toBe(false);
    expect(await verifyWebhook(sent.body, sent.signature!, endpoint.secret, Date.now() / 1000 + 600)).toBe(false);
    expect(await verifyWebhook(sent.body, 'v1=00', endpoint.secret)).toBe(false);
  });

  it('signs with the new secret after a rotation, which the old one no longer verifies', async () => {
    const app = await createTestApp();
    const setup = await invoicingTenant(app);
    const endpoint = await registerEndpoint(app, setup.admin, ['invoice.sent']);
    const rotated = await setup.admin.post<{ secret: string }>(`/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    await setup.accountant.post(`/api/v1/invoices/${draft.id}/send`);
    await deliverRound(app, setup.tenant.tenantId);
    const [request] = await receivedBy(app, endpoint);
    // The inbox still holds the old secret and refuses the request, as a receiver should.
    expect(request!.verified).toBe(false);
    expect(await verifyWebhook(request!.body, request!.signature!, rotated.body.secret)).toBe(true);
    expect(await verifyWebhook(request!.body, request!.signature!, endpoint.secret)).toBe(false);
  });
});
