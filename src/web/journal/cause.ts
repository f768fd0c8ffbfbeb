// What caused a journal entry, read from what its idempotency key and source reference name:
// the invoice it receivable, the payment attempt and the provider's answers, the bank
// statement line, the payout proposal. Every read is by id within the tenant.
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { bankEntries, invoices, paymentAttempts, payoutProposals, providerEvents } from '../../db/schema.js';
import type { EntryView } from './read.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface EntryCause {
  invoice: { id: string; number: string | null } | null;
  attempt: { id: string; provider: string; method: string; state: string } | null;
  events: { kind: string; reference: string; receivedAt: Date }[];
  bankLine: typeof bankEntries.$inferSelect | null;
  proposal: { id: string; reason: string } | null;
}

async function invoiceOf(db: Queryable, tenantId: string, id: string) {
  const [row] = await db.select({ id: invoices.id, number: invoices.number }).from(invoices).where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, id)));
  return row ?? null;
}

async function bankLineOf(db: Queryable, tenantId: string, id: string) {
  const [row] = await db.select().from(bankEntries).where(and(eq(bankEntries.tenantId, tenantId), eq(bankEntries.id, id)));
  return row ?? null;
}

export async function readEntryCause(db: Queryable, tenantId: string, entry: EntryView): Promise<EntryCause> {
  const cause: EntryCause = { invoice: null, attempt: null, events: [], bankLine: null, proposal: null };
  const ref = entry.sourceRef && uuid.test(entry.sourceRef) ? entry.sourceRef : null;
  if (!ref || entry.source === 'reversal') return cause;
  const kind = entry.idempotencyKey.split(':')[0];
  if (entry.source === 'invoice') cause.invoice = await invoiceOf(db, tenantId, ref);
  else if (kind === 'payment' || kind === 'refund') {
    const [attempt] = await db.select().from(paymentAttempts).where(and(eq(paymentAttempts.tenantId, tenantId), eq(paymentAttempts.id, ref)));
    if (attempt) {
      cause.attempt = { id: attempt.id, provider: attempt.provider, method: attempt.method, state: attempt.state };
      cause.invoice = await invoiceOf(db, tenantId, attempt.invoiceId);
      cause.events = await db
        .select({ kind: providerEvents.kind, reference: providerEvents.reference, receivedAt: providerEvents.receivedAt })
        .from(providerEvents)
        .where(and(eq(providerEvents.tenantId, tenantId), eq(providerEvents.attemptId, attempt.id)))
        .orderBy(asc(providerEvents.receivedAt))
        .limit(50);
    }
  } else if (kind === 'bank') {
    cause.bankLine = await bankLineOf(db, tenantId, ref);
    if (cause.bankLine?.invoiceId) cause.invoice = await invoiceOf(db, tenantId, cause.bankLine.invoiceId);
  } else if (kind === 'payout') {
    const [proposal] = await db.select().from(payoutProposals).where(and(eq(payoutProposals.tenantId, tenantId), eq(payoutProposals.id, ref)));
    if (proposal) {
      cause.proposal = { id: proposal.id, reason: proposal.reason };
      cause.bankLine = await bankLineOf(db, tenantId, proposal.bankEntryId);
    }
  }
  return cause;
}
