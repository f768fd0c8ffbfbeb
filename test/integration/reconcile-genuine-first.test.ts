// A flood of attempts nobody acted on must not delay a genuine payment whose notify was
// lost: the reconciliation job checks attempts a payer acted on (a return or notify came,
// a transaction exists) before the untouched ones, however many and however old those are.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { paymentAttempts } from '../../src/db/schema.js';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import { reconcileOpenAttempts } from '../../src/services/reconcile-attempts.js';
import { createTestApp, later, loseAnswers } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, callbackUrlOf, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

describe('reconciliation', () => {
  it.each(['return', 'notify'] as const)(
    'settles a genuine attempt (its %s came, Saferpay could not be asked) before 200 older untouched ones',
    async (signal) => {
      let assertLost = true;
      const test = await createTestApp({}, { tamper: loseAnswers('/PaymentPage/Assert', () => assertLost) });
      const setup = await invoicingTenant(test);
      await createConnection(setup.admin);
      const draft = await createDraftInvoice(setup.accountant, setup.contactId);
      const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
      const payPath = new URL(sent.body.payLink!.url).pathname;

      // The payer pays; Saferpay's notify never comes, and the one signal we got could not be checked.
      const returnUrl = await act(test, await choose(test, payPath, 'CARD'), 'VISA', 'approve', 'none');
      if (signal === 'return') expect((await returnTo(test, returnUrl)).html).toContain('being processed');
      else expect(await (await test.app.request(new URL(callbackUrlOf(returnUrl)).pathname)).text()).toBe('initiated');
      const [genuine] = await test.database.db.select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, draft.id));
      expect(genuine!.state).toBe('initiated');

      // A flood from before: Initialized, then left; older, so first in line by age alone.
      const floodedAt = new Date(Date.now() - 20 * 60_000);
      await test.database.db.insert(paymentAttempts).values(
        Array.from({ length: 200 }, (_, i) => ({
          tenantId: genuine!.tenantId,
          invoiceId: genuine!.invoiceId,
          connectionId: genuine!.connectionId,
          provider: genuine!.provider,
          method: genuine!.method,
          amount: genuine!.amount,
          currency: genuine!.currency,
          secret: `flood${crypto.randomUUID().replaceAll('-', '')}`,
          orderId: genuine!.orderId,
          providerToken: `untouched${i}`,
          redirectUrl: 'https://test.saferpay.com/untouched',
          expiresAt: new Date(Date.now() + 60 * 60_000),
          createdAt: floodedAt,
          updatedAt: floodedAt,
        })),
      );

      assertLost = false;
      await reconcileOpenAttempts(later(test, 6), { limit: 5, tenantId: genuine!.tenantId });
      const [settled] = await test.database.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, genuine!.id));
      expect(settled!.state).toBe('captured');
      expect((await setup.accountant.get<InvoiceView>(`/api/v1/invoices/${draft.id}`)).body.status).toBe('paid');
    },
  );
});
