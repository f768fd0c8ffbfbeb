// PostFinance feedback: the payer's redirect (/pay-feedback/{secret}) and the post-sale
// request (/callbacks/postfinance/{connection}, GET or POST, as the back office is set).
// Both carry the same parameters signed with SHA-OUT; a bad signature gets 400 and changes nothing.
import { z } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { connections, paymentAttempts } from '../../db/schema.js';
import type { AppEnv } from '../../http/env.js';
import { createRouter, publicRoute } from '../../http/router.js';
import { uuidSchema } from '../../http/schemas.js';
import { paymentDeps } from '../../payments/deps.js';
import { findAttemptBySecret } from '../../payments/find-attempt.js';
import { payerFeedbackPaths } from '../../pay/return-paths.js';
import { isKnownCurrency } from '../../ledger/currencies.js';
import { recordProviderEvent } from '../../payments/events.js';
import { settleWithinPayerWait } from '../../payments/payer-wait.js';
import { awaitSettled } from '../../payments/settling.js';
import { settlePostFinanceFeedback, upperKeys, verifiedFeedback } from './settle-feedback.js';
import { feedbackRefusedPage, notFoundPage, resultPage } from '../../routes/payment-result.js';

export const postfinanceCallbackRoutes = createRouter();

/**
 * The feedback's parameters, query and form body together, or the name that appears more
 * than once. The platform sends each parameter once; names are compared without case (we read
 * them upper-cased), so `CURRENCY=&currency=EUR` is ambiguous. An empty parameter is left out
 * of SHA-OUT, so anyone could add one to a genuinely signed message: refused before anything else.
 */
async function feedbackParams(c: Context<AppEnv>): Promise<{ params: Record<string, string> } | { ambiguous: string }> {
  const pairs: [string, string][] = Object.entries(c.req.queries()).flatMap(([name, values]) => values.map((v): [string, string] => [name, v]));
  if (c.req.method === 'POST') {
    const body = await c.req.parseBody({ all: true }).catch(() => ({}));
    for (const [name, value] of Object.entries(body)) {
      for (const one of Array.isArray(value) ? value : [value]) pairs.push([name, typeof one === 'string' ? one : '']);
    }
  }
  const seen = new Set<string>();
  for (const [name] of pairs) {
    if (seen.has(name.toUpperCase())) return { ambiguous: name };
    seen.add(name.toUpperCase());
  }
  return { params: Object.fromEntries(pairs) };
}

/** What a signed message may still not carry: a currency that is empty or no ISO 4217 code. */
function unusableFeedback(params: Record<string, string>): string | null {
  const currency = upperKeys(params).CURRENCY;
  if (currency !== undefined && !isKnownCurrency(currency)) return `CURRENCY ${JSON.stringify(currency)} is not an ISO 4217 currency`;
  return null;
}

async function recordRefusedFeedback(deps: AppEnv['Variables']['deps'], connection: { id: string; tenantId: string }, attemptId: string | null, why: string, params: Record<string, string>) {
  await deps.db.transaction((tx) =>
    recordProviderEvent(tx, {
      tenantId: connection.tenantId,
      attemptId,
      provider: 'postfinance',
      kind: 'feedback:refused',
      reference: `${connection.id}:${crypto.randomUUID()}`,
      payload: { why, params },
    }),
  );
}

const text = (description: string) => ({ description, content: { 'text/plain': { schema: z.string() } } });
const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });

// A form body (POST) over 64 KiB is refused before it is read.
const bodyProblems = { get: [], post: ['payload_too_large'] } as const;
const operationSuffixes = { get: 'ByGet', post: 'ByPost' } as const;

for (const method of ['get', 'post'] as const) {
  postfinanceCallbackRoutes.openapi(
    publicRoute([...bodyProblems[method]], {
      method,
      path: '/callbacks/postfinance/{connectionId}',
      operationId: `receivePostFinancePostSale${operationSuffixes[method]}`,
      tags: ['callbacks'],
      summary: `PostFinance post-sale request (${method.toUpperCase()}), verified with SHA-OUT`,
      request: { params: z.object({ connectionId: uuidSchema }) },
      responses: {
        200: text('Handled'),
        400: text('Bad signature, a parameter given twice, or a bad connection id: nothing changed'),
        404: text('Unknown order'),
        422: text('Signed, but with a currency that is empty or unknown: recorded, nothing changed'),
        503: text('PostFinance could not be asked (querydirect) right now: send again'),
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const payment = paymentDeps(deps);
      const feedback = await feedbackParams(c);
      if ('ambiguous' in feedback) return c.text(`ambiguous parameter ${feedback.ambiguous}`, 400);
      const { params } = feedback;
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
      const unusable = unusableFeedback(params);
      if (unusable) {
        await recordRefusedFeedback(deps, connection, attempt?.id ?? null, unusable, params);
        return c.text(unusable, 422);
      }
      if (!attempt) return c.text('unknown order', 404);
      try {
        const settled = await settlePostFinanceFeedback(payment, connection, attempt, params);
        return c.text(settled.state, 200);
      } catch (error) {
        // PostFinance could not be asked: the platform sends the post-sale again, and the job asks too.
        deps.logger.warn('postfinance post-sale could not be checked', { attemptId: attempt.id, error: String(error) });
        return c.text('retry', 503);
      }
    },
  );

  // Documented under the current path; the old one answers the same, outside the document.
  for (const [base, hide] of [[payerFeedbackPaths.current, false], [payerFeedbackPaths.before, true]] as const) {
    postfinanceCallbackRoutes.openapi(
      {
        ...publicRoute([...bodyProblems[method]], {
          method,
          path: `${base}/{secret}`,
          operationId: `showPostFinanceFeedback${operationSuffixes[method]}`,
          tags: ['online invoice'],
          summary: `Where PostFinance sends the payer back (${method.toUpperCase()}), with signed feedback`,
          request: { params: z.object({ secret: z.string().max(200) }) },
          responses: {
            200: html('Paid, declined or still processing'),
            400: html('Bad signature or a parameter given twice'),
            404: html('Unknown attempt'),
            422: html('Signed, but with a currency that is empty or unknown'),
          },
        }),
        hide,
      },
      async (c) => {
        const deps = c.get('deps');
        const found = await findAttemptBySecret(deps.db, c.req.valid('param').secret);
        // The payer's browser is here: pages, not the plain text the post-sale request gets.
        if (!found || found.attempt.provider !== 'postfinance') return notFoundPage(c);
        const [connection] = await deps.db.select().from(connections).where(eq(connections.id, found.attempt.connectionId));
        const payment = paymentDeps(deps);
        const feedback = await feedbackParams(c);
        if ('ambiguous' in feedback) return feedbackRefusedPage(c, found, 400);
        const { params } = feedback;
        const signed = await verifiedFeedback(payment, connection!, params);
        if (!signed || upperKeys(params).ORDERID !== found.attempt.orderId) return feedbackRefusedPage(c, found, 400);
        const unusable = unusableFeedback(params);
        if (unusable) {
          await recordRefusedFeedback(deps, connection!, found.attempt.id, unusable, params);
          return feedbackRefusedPage(c, found, 422);
        }
        // A post-sale may be settling this attempt right now: then wait a little for its result.
        const attempt = await settleWithinPayerWait(payment, found.attempt.id, async () =>
          awaitSettled(payment, (await settlePostFinanceFeedback(payment, connection!, found.attempt, params)).id),
        );
        return resultPage(c, attempt, found);
      },
    );
  }
}
