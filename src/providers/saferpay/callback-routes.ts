// Saferpay's notify calls: a GET with nothing but our own URL, no body and no signature.
// The per-attempt secret in the URL finds the attempt; Assert decides what happened.
import { z } from '@hono/zod-openapi';
import { createRouter, publicRoute } from '../../http/router.js';
import { paymentDeps } from '../../payments/deps.js';
import { findAttemptBySecret } from '../../payments/find-attempt.js';
import { settleWithinPayerWait } from '../../payments/payer-wait.js';
import { settleSaferpayAttempt } from './settle-attempt.js';

export const saferpayCallbackRoutes = createRouter();

saferpayCallbackRoutes.openapi(
  publicRoute([], {
    method: 'get',
    path: '/callbacks/saferpay/{secret}',
    operationId: 'receiveSaferpayNotification',
    tags: ['callbacks'],
    summary: "Saferpay's success and fail notification (asserted with Saferpay before anything changes)",
    request: { params: z.object({ secret: z.string().max(200) }) },
    responses: {
      200: { description: 'Handled', content: { 'text/plain': { schema: z.string() } } },
      404: { description: 'Unknown attempt: nothing changed', content: { 'text/plain': { schema: z.string() } } },
      503: { description: 'Saferpay could not be asked; Saferpay calls again', content: { 'text/plain': { schema: z.string() } } },
    },
  }),
  async (c) => {
    const deps = c.get('deps');
    const found = await findAttemptBySecret(deps.db, c.req.valid('param').secret);
    if (!found) return c.text('unknown', 404);
    const payment = paymentDeps(deps);
    let failed = false;
    // Saferpay waits 10 s for the answer; past the payer wait the work goes on and the notify gets 200.
    const attempt = await settleWithinPayerWait(payment, found.attempt.id, () =>
      settleSaferpayAttempt(payment, found.attempt.id, 'notify').catch((error: unknown) => {
        failed = true;
        throw error;
      }),
    );
    // Saferpay could not be asked: it calls again (at most three times), and the job asks too.
    return failed ? c.text('retry', 503) : c.text(attempt.state, 200);
  },
);
