// PostFinance feedback: the payer's redirect (/pay/feedback/{secret}) and the post-sale
// request (/callbacks/postfinance/{connection}, GET or POST, as the back office is set).
// Both carry the same parameters signed with SHA-OUT; a bad signature gets 400 and changes nothing.
import { createRoute, z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { connections, paymentAttempts } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { createRouter } from '../http/router.js';
import { uuidSchema } from '../http/schemas.js';
import { paymentDeps } from '../payments/deps.js';
import { findAttemptBySecret } from '../payments/find-attempt.js';
import { awaitCapture, settlePostFinanceFeedback, upperKeys, verifiedFeedback } from '../services/settle-postfinance-feedback.js';
import { resultPage } from './payment-result.js';

export const postfinanceCallbackRoutes = createRouter();

async function feedbackParams(c: Context<AppEnv>): Promise<Record<string, string>> {
  const query = c.req.query();
  if (c.req.method !== 'POST') return query;
  const body = await c.req.parseBody().catch(() => ({}));
  return { ...query, ...Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])) };
}

const text = (description: string) => ({ description, content: { 'text/plain': { schema: z.string() } } });
const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

for (const method of ['get', 'post'] as const) {
  postfinanceCallbackRoutes.openapi(
    createRoute({
      method,
      path: '/callbacks/postfinance/{connectionId}',
      tags: ['callbacks'],
      summary: `PostFinance post-sale request (${method.toUpperCase()}), verified with SHA-OUT`,
      request: { params: z.object({ connectionId: uuidSchema }) },
      responses: { 200: text('Handled'), 400: text('Bad signature or connection id: nothing changed'), 404: text('Unknown order') },
    }),
    async (c) => {
      const deps = c.get('deps');
      const payment = paymentDeps(deps);
      const params = await feedbackParams(c);
      const [connection] = await deps.db
        .select()
        .from(connections)
        .where(and(eq(connections.id, c.req.valid('param').connectionId), eq(connections.provider, 'postfinance')));
      if (!connection) return c.text('unknown', 404);
      if (!(await verifiedFeedback(payment, connection, params))) return c.text('bad signature', 400);
      const orderId = upperKeys(params).ORDERID ?? '';
      const [attempt] = await deps.db
        .select()
        .from(paymentAttempts)
        .where(and(eq(paymentAttempts.connectionId, connection.id), eq(paymentAttempts.orderId, orderId)));
      if (!attempt) return c.text('unknown order', 404);
      const settled = await settlePostFinanceFeedback(payment, connection, attempt, params);
      return c.text(settled.state, 200);
    },
  );

  postfinanceCallbackRoutes.openapi(
    createRoute({
      method,
      path: '/pay/feedback/{secret}',
      tags: ['online invoice'],
      summary: `Where PostFinance sends the payer back (${method.toUpperCase()}), with signed feedback`,
      request: { params: z.object({ secret: z.string().max(200) }) },
      responses: { 200: html('Paid, declined or still processing'), 400: html('Bad signature'), 404: html('Unknown attempt') },
    }),
    async (c) => {
      const deps = c.get('deps');
      const found = await findAttemptBySecret(deps.db, c.req.valid('param').secret);
      if (!found || found.attempt.provider !== 'postfinance') return c.text('unknown', 404);
      const [connection] = await deps.db.select().from(connections).where(eq(connections.id, found.attempt.connectionId));
      const payment = paymentDeps(deps);
      const params = await feedbackParams(c);
      const signed = await verifiedFeedback(payment, connection!, params);
      if (!signed || upperKeys(params).ORDERID !== found.attempt.orderId) return c.text('bad signature', 400);
      const attempt = await settlePostFinanceFeedback(payment, connection!, found.attempt, params)
        .then((settled) => awaitCapture(payment, settled))
        .catch((error: unknown) => {
          deps.logger.warn('settling postfinance feedback failed', { attemptId: found.attempt.id, error: String(error) });
          return found.attempt;
        });
      return resultPage(c, attempt, found);
    },
  );
}
