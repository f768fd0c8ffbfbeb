// A payer's browser (and Saferpay's notify, which gives up after 10 s) cannot wait as long
// as a provider may take to answer (Saferpay: 100 s). Past `payerWaitMs` the request answers
// with the attempt as it stands ("processing", a page that reloads itself) while the work
// goes on (on Workers kept alive through deps.waitUntil); should the process stop meanwhile,
// the settling lease runs out and the reconciliation job finishes the attempt.
import { eq } from 'drizzle-orm';
import { paymentAttempts } from '../db/schema.js';
import type { PaymentDeps } from './deps.js';

type Attempt = typeof paymentAttempts.$inferSelect;

export async function settleWithinPayerWait(deps: PaymentDeps, attemptId: string, settle: () => Promise<Attempt>): Promise<Attempt> {
  const work = settle().catch((error: unknown) => {
    deps.logger.warn('settling an attempt failed', { attemptId, error: String(error) });
    return null;
  });
  deps.waitUntil?.(work);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), deps.payerWaitMs);
  });
  const settled = await Promise.race([work, deadline]);
  clearTimeout(timer);
  if (settled) return settled;
  const [current] = await deps.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attemptId));
  if (!current) throw new Error(`attempt ${attemptId} vanished`);
  return current;
}
