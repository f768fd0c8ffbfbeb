// Stripe's webhooks, one URL per connection: /callbacks/stripe/{connectionId} (spec §7).
// The `Stripe-Signature` header is checked on the raw body with the connection's signing
// secret by the library's WebCrypto verifier (every v1 signature, constant time, 300 s
// tolerance; a timestamp that far in the future is refused too); a bad or stale one gets
// 400 and changes nothing. The event must be of the connection's mode and new (each event
// id is handled once). Even then the body is a hint only: the session, refund or payout it
// names is read from Stripe, and what Stripe says decides.
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq, or } from 'drizzle-orm';
import type Stripe from 'stripe';
import { connections, paymentAttempts, refunds } from '../../db/schema.js';
import { createRouter } from '../../http/router.js';
import { uuidSchema } from '../../http/schemas.js';
import { type PaymentDeps, paymentDeps } from '../../payments/deps.js';
import { applyRefundOutcome } from '../../payments/refund-outcome.js';
import { livemodeFits, stripeCrypto, stripeWebhooks } from './client-for.js';
import { stripeSecrets } from './credentials.js';
import { recordStripePayout } from './payouts.js';
import { checkRefundAtStripe } from './refund.js';
import { settleStripeAttempt } from './settle.js';
import { handleWebhookOnce, recordRefusedWebhook, webhookConnection } from '../webhook-inbox.js';

export const stripeWebhookRoutes = createRouter();
const provider = 'stripe';
type Connection = typeof connections.$inferSelect;
/** stripe-node's DEFAULT_TOLERANCE (spec §7.2). */
export const toleranceSeconds = 300;

/** The event, if the header signs this body with the secret now; null otherwise. */
async function verifiedEvent(deps: PaymentDeps, raw: string, header: string | undefined, secret: string): Promise<Stripe.Event | null> {
  if (!header) return null;
  const nowMs = deps.now().getTime();
  const timestamp = Number(/(?:^|,)\s*t=(\d+)/.exec(header)?.[1]);
  // The library checks age only; a clock far ahead is no more trusted than one far behind.
  if (!Number.isSafeInteger(timestamp) || timestamp * 1000 - nowMs > toleranceSeconds * 1000) return null;
  try {
    return await stripeWebhooks.constructEventAsync(raw, header, secret, toleranceSeconds, stripeCrypto, nowMs);
  } catch {
    return null;
  }
}

const text = (description: string) => ({ description, content: { 'text/plain': { schema: z.string() } } });

stripeWebhookRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/callbacks/stripe/{connectionId}',
    operationId: 'receiveStripeWebhook',
    security: [],
    tags: ['callbacks'],
    summary: 'Stripe webhook (signature checked, then the session, refund or payout is read from Stripe)',
    request: { params: z.object({ connectionId: uuidSchema }) },
    responses: {
      200: text('Handled, or not ours (an unknown session, an event already handled, a type we do not act on): nothing changed'),
      400: text('Missing, wrong or stale signature, or an event of the other mode (test/live): nothing changed'),
      404: text('Unknown connection'),
      503: text('Stripe could not be asked: it sends again, and the job asks too'),
    },
  }),
  async (c) => {
    const deps = paymentDeps(c.get('deps'));
    const connection = await webhookConnection(deps, provider, c.req.valid('param').connectionId);
    if (!connection?.sealedSecrets || !deps.secretBox) return c.text('unknown', 404);
    const raw = await c.req.text();
    const { webhookSecret } = await stripeSecrets(connection, deps.secretBox);
    const event = await verifiedEvent(deps, raw, c.req.header('stripe-signature'), webhookSecret);
    if (!event) {
      await recordRefusedWebhook(deps, provider, connection, 'signature missing, wrong or outside the tolerance', raw);
      return c.text('bad signature', 400);
    }
    if (!livemodeFits(connection, event)) {
      await recordRefusedWebhook(deps, provider, connection, `event ${event.id} has livemode ${event.livemode}; this payment service is ${connection.environment}`, raw);
      return c.text('wrong mode', 400);
    }
    const payload = { id: event.id, type: event.type, created: event.created, object: event.data.object };
    const answer = await handleWebhookOnce(deps, { provider, connection, eventId: event.id, payload }, () => handleEvent(deps, connection, event));
    return c.text(answer.text, answer.status);
  },
);

/** Acts on what the event names, read afresh from Stripe; answers the attempt it concerned, or null. */
async function handleEvent(deps: PaymentDeps, connection: Connection, event: Stripe.Event): Promise<string | null> {
  const object = event.data.object as { id?: unknown; object?: unknown; metadata?: Record<string, string> | null };
  const id = typeof object.id === 'string' ? object.id : '';
  if (event.type.startsWith('checkout.session.')) {
    const [attempt] = await deps.db
      .select({ id: paymentAttempts.id })
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.connectionId, connection.id), eq(paymentAttempts.providerToken, id)));
    if (!attempt) return null;
    await settleStripeAttempt(deps, attempt.id, 'notify');
    return attempt.id;
  }
  if (object.object === 'refund') {
    // By Stripe's id, or, when the create's answer was lost, by our id in its metadata.
    const ours = object.metadata?.refundId;
    const [row] = await deps.db
      .select({ refund: refunds, attempt: paymentAttempts })
      .from(refunds)
      .innerJoin(paymentAttempts, eq(paymentAttempts.id, refunds.attemptId))
      .where(
        and(
          eq(paymentAttempts.connectionId, connection.id),
          or(eq(refunds.providerTransactionId, id), ours && /^[0-9a-f-]{36}$/.test(ours) ? eq(refunds.id, ours) : undefined),
        ),
      );
    if (!row) return null;
    if (row.refund.state === 'pending') {
      const refund = row.refund.providerTransactionId ? row.refund : { ...row.refund, providerTransactionId: id };
      if (!row.refund.providerTransactionId) await deps.db.update(refunds).set({ providerTransactionId: id }).where(eq(refunds.id, row.refund.id));
      const outcome = await checkRefundAtStripe(deps, { attempt: row.attempt, connection, refund });
      await applyRefundOutcome(deps, { refundId: row.refund.id, outcome, userId: null });
    }
    return row.attempt.id;
  }
  if (event.type === 'payout.paid' || event.type === 'payout.reconciliation_completed') {
    await recordStripePayout(deps, connection, id);
    return null;
  }
  return null;
}
