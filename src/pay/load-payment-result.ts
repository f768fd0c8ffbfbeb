// What the result page needs besides the attempt: the invoice's status now (was it paid by
// this money?) and whether the payment service is a sandbox or test one (the TEST banner).
import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { connections, invoices, paymentAttempts } from '../db/schema.js';

export async function loadPaymentResult(db: Queryable, attemptId: string) {
  const [row] = await db
    .select({ invoiceStatus: invoices.status, environment: connections.environment })
    .from(paymentAttempts)
    .innerJoin(invoices, eq(invoices.id, paymentAttempts.invoiceId))
    .innerJoin(connections, eq(connections.id, paymentAttempts.connectionId))
    .where(eq(paymentAttempts.id, attemptId));
  const environment = row?.environment;
  return { invoiceStatus: row?.invoiceStatus ?? 'sent', test: environment === 'sandbox' || environment === 'test' };
}
