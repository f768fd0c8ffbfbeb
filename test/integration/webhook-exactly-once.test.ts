// An invoice paid once is reported once: ten Saferpay notifies racing each other book one
// payment, and the receiver gets exactly one signed `invoice.paid`, however often the
// delivery job runs afterwards.
import { describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import { createTestApp } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, callbackUrlOf, choose } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';
import { deliverRound, eventOf, receivedBy, registerEndpoint } from '../helpers/webhooks.js';

describe('invoice.paid under concurrent duplicate callbacks', () => {
  it('delivers exactly one invoice.paid for an invoice paid once', async () => {
    const app = await createTestApp();
    const setup = await invoicingTenant(app);
    const endpoint = await registerEndpoint(app, setup.admin, ['invoice.paid', 'invoice.partially_paid']);
    await createConnection(setup.admin);
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
    const payPath = new URL(sent.body.payLink!.url).pathname;
    const returnUrl = await act(app, await choose(app, payPath, 'CARD'), 'VISA', 'approve', 'none');
    const callback = new URL(callbackUrlOf(returnUrl)).pathname;

    const answers = await Promise.all(Array.from({ length: 10 }, () => app.app.request(callback)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    // Two instances' delivery jobs at once, then another round: the claim lets one of them send it.
    await Promise.all([deliverRound(app, setup.tenant.tenantId), deliverRound(app, setup.tenant.tenantId)]);
    await deliverRound(app, setup.tenant.tenantId);

    const received = await receivedBy(app, endpoint);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ type: 'invoice.paid', verified: true });
    const event = eventOf(received[0]!);
    expect(event).toMatchObject({ type: 'invoice.paid', tenantId: setup.tenant.tenantId });
    expect(event.id).toBe(received[0]!.eventId);
    expect(event.data).toMatchObject({ invoiceId: draft.id, status: 'paid', currency: 'CHF', total: 253465, paidAmount: 253465 });
    expect(event.data.payment).toMatchObject({ amount: 253465, currency: 'CHF' });

    const log = await setup.admin.get<{ items: { status: string; attempts: { statusCode: number }[] }[] }>(
      `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`,
    );
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({ status: 'delivered', attempts: [{ statusCode: 200 }] });
  });
});
