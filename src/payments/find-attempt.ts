// Finds a payment attempt by the secret in its callback and return URLs, with what the
// payer's pages need. A wrong secret finds nothing.
import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { connections, invoices, payLinks, paymentAttempts } from '../db/schema.js';

export async function findAttemptBySecret(db: Queryable, secret: string) {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(secret)) return null;
  const [row] = await db
    .select({ attempt: paymentAttempts, number: invoices.number, token: payLinks.token })
    .from(paymentAttempts)
    .innerJoin(invoices, eq(invoices.id, paymentAttempts.invoiceId))
    .leftJoin(payLinks, and(eq(payLinks.invoiceId, invoices.id), isNull(payLinks.revokedAt)))
    .where(eq(paymentAttempts.secret, secret))
    .limit(1);
  return row ? { attempt: row.attempt, number: row.number ?? '', token: row.token ?? '' } : null;
}

/** An attempt with its connection, for a settler about to ask the provider. */
export async function loadAttemptWithConnection(db: Queryable, attemptId: string) {
  const [row] = await db
    .select({ attempt: paymentAttempts, connection: connections })
    .from(paymentAttempts)
    .innerJoin(connections, eq(connections.id, paymentAttempts.connectionId))
    .where(eq(paymentAttempts.id, attemptId));
  if (!row) throw new Error(`attempt ${attemptId} not found`);
  return row;
}
