// The platform's webhooks, one URL per connection: /callbacks/postfinance-checkout/{connectionId}
// (spec §9.4). The raw body's signature is checked first (ECDSA P-256 with the platform's key,
// fetched by keyId and cached); then the space must be the connection's own, the event new,
// and the entity one of this connection's transactions or refunds. Even then the body is a
// hint only: the entity is read from the platform, and what it says decides.
import { z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { connections, paymentAttempts, refunds } from '../../db/schema.js';
import { createRouter, publicRoute } from '../../http/router.js';
import { uuidSchema } from '../../http/schemas.js';
import { type PaymentDeps, paymentDeps } from '../../payments/deps.js';
import { applyRefundOutcome } from '../../payments/refund-outcome.js';
import { checkoutClientFor } from './client-for.js';
import { checkoutSettingsSchema } from './credentials.js';
import { checkRefundAtCheckout } from './refund.js';
import { webhookSchema } from './schemas.js';
import { handleWebhookOnce, recordRefusedWebhook, webhookConnection } from '../webhook-inbox.js';
import { settleCheckoutAttempt } from './settle.js';
import { parseSignatureHeader, verifyWebhookSignature } from './webhook-signature.js';

export const checkoutWebhookRoutes = createRouter();
const provider = 'postfinance-checkout';
type Connection = typeof connections.$inferSelect;

/** Public keys by keyId. Bounded: a flood of invented keyIds cannot grow it without end. */
const keyCache = new Map<string, string>();
const maxCachedKeys = 100;

async function publicKey(deps: PaymentDeps, connection: Connection, keyId: string): Promise<string | null> {
  const cached = keyCache.get(keyId);
  if (cached) return cached;
  const key = await (await checkoutClientFor(deps, connection)).encryptionKey(keyId).catch(() => null);
  if (key) {
    if (keyCache.size >= maxCachedKeys) keyCache.delete(keyCache.keys().next().value!);
    keyCache.set(keyId, key);
  }
  return key;
}

/**
 * Whether the body is the platform's. Unsigned bodies pass only where the connection says the
 * space's listeners do not sign (`webhookSignatures: optional`); they are re-read all the same.
 */
async function signedByPlatform(deps: PaymentDeps, connection: Connection, header: string | undefined, body: Uint8Array<ArrayBuffer>): Promise<boolean> {
  const parsed = parseSignatureHeader(header);
  if (!parsed) return header === undefined && (connection.settings as { webhookSignatures?: unknown }).webhookSignatures === 'optional';
  // Key ids are UUIDs: anything else is not looked up, so forged headers cannot make us call out.
  if (parsed.algorithm !== 'SHA256withECDSA' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(parsed.keyId)) return false;
  const key = await publicKey(deps, connection, parsed.keyId);
  return key !== null && verifyWebhookSignature(body, parsed.signature, key);
}

const text = (description: string) => ({ description, content: { 'text/plain': { schema: z.string() } } });

checkoutWebhookRoutes.openapi(
  // A body over 64 KiB is refused before it is read.
  publicRoute(['payload_too_large'], {
    method: 'post',
    path: '/callbacks/postfinance-checkout/{connectionId}',
    operationId: 'receivePostFinanceCheckoutWebhook',
    tags: ['callbacks'],
    summary: 'PostFinance Checkout webhook (signature checked, then the entity is read from the platform)',
    request: { params: z.object({ connectionId: uuidSchema }) },
    responses: {
      200: text('Handled, or not ours (another space, an unknown entity, an event already handled): nothing changed'),
      400: text('Not a webhook body'),
      401: text('Missing or wrong signature: nothing changed'),
      404: text('Unknown connection'),
      503: text('The platform could not be asked: it sends again, and the job asks too'),
    },
  }),
  async (c) => {
    const deps = paymentDeps(c.get('deps'));
    const connection = await webhookConnection(deps, provider, c.req.valid('param').connectionId);
    if (!connection?.sealedSecrets) return c.text('unknown', 404);
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const bodyText = new TextDecoder().decode(raw);
    if (!(await signedByPlatform(deps, connection, c.req.header('x-signature'), raw))) {
      await recordRefusedWebhook(deps, provider, connection, 'signature missing or wrong', bodyText);
      return c.text('bad signature', 401);
    }
    let json: unknown;
    try {
      json = JSON.parse(bodyText);
    } catch {
      return c.text('not JSON', 400);
    }
    const parsed = webhookSchema.safeParse(json);
    if (!parsed.success) return c.text('not a webhook body', 400);
    const event = parsed.data;
    if (event.spaceId !== checkoutSettingsSchema.parse(connection.settings).spaceId) {
      await recordRefusedWebhook(deps, provider, connection, `space ${event.spaceId} is not this connection's`, bodyText);
      return c.text('ignored', 200);
    }
    const answer = await handleWebhookOnce(deps, { provider, connection, eventId: event.eventId, payload: event }, () =>
      handleEntity(deps, connection, event.listenerEntityTechnicalName ?? 'Transaction', event.entityId),
    );
    return c.text(answer.text, answer.status);
  },
);

/** Reads and applies the entity; answers the attempt it concerned, or null when it is not this connection's. */
async function handleEntity(deps: PaymentDeps, connection: Connection, entity: string, entityId: string): Promise<string | null> {
  if (entity === 'Refund') {
    const [row] = await deps.db
      .select({ refund: refunds, attempt: paymentAttempts })
      .from(refunds)
      .innerJoin(paymentAttempts, eq(paymentAttempts.id, refunds.attemptId))
      .where(and(eq(paymentAttempts.connectionId, connection.id), eq(refunds.providerTransactionId, entityId)));
    if (!row) return null;
    if (row.refund.state === 'pending') {
      const outcome = await checkRefundAtCheckout(deps, { attempt: row.attempt, connection, refund: row.refund });
      await applyRefundOutcome(deps, { refundId: row.refund.id, outcome, userId: null });
    }
    return row.attempt.id;
  }
  // Transaction, and its completion and void: all lead to the transaction's own state.
  const [attempt] = await deps.db
    .select()
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.connectionId, connection.id), eq(paymentAttempts.providerToken, entityId)));
  if (!attempt) return null;
  await settleCheckoutAttempt(deps, attempt.id, 'notify');
  return attempt.id;
}
