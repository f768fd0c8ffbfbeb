// Delivers queued e-mails. A message is claimed with FOR UPDATE SKIP LOCKED and leased by
// moving its next attempt into the future, then sent after that short transaction commits,
// so several instances can deliver side by side and a crash only delays a message.
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { outboxMessages, tenants } from '../db/schema.js';
import { renderInvoiceEmail } from '../documents/invoice-email.js';
import { renderInvoicePdf } from '../documents/invoice-pdf.js';
import { loadInvoiceDocument } from '../invoices/document.js';
import type { Logger } from '../logger.js';
import type { MailMessage, Mailer } from '../mail.js';
import { renderAccountEmail } from '../documents/account-email.js';
import type { AccountEmailPayload } from '../web/user-links.js';
import { renderWebhookDisabledEmail } from '../documents/webhook-disabled-email.js';
import type { WebhookDisabledPayload } from '../webhooks/record-attempt.js';

export interface OutboxDeps {
  db: Database;
  mailer: Mailer;
  logger: Logger;
  now: () => Date;
  publicBaseUrl: string;
  /** Whether sandbox payment services can take payments here (so the e-mail may name them). */
  sandboxEnabled: boolean;
}

const leaseMs = 5 * 60_000;
export const maxAttempts = 8;

/** 1, 2, 4, ... minutes, at most six hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(attempts - 1, 0), 6 * 3_600_000);
}

type OutboxRow = typeof outboxMessages.$inferSelect;

async function claimDue(deps: OutboxDeps, limit: number, tenantId: string | undefined): Promise<OutboxRow[]> {
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.status, 'pending'),
          lte(outboxMessages.nextAttemptAt, now),
          tenantId ? eq(outboxMessages.tenantId, tenantId) : undefined,
        ),
      )
      .orderBy(asc(outboxMessages.nextAttemptAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    for (const row of due) {
      await tx
        .update(outboxMessages)
        .set({
          attempts: sql`${outboxMessages.attempts} + 1`,
          nextAttemptAt: new Date(now.getTime() + leaseMs),
        })
        .where(eq(outboxMessages.id, row.id));
    }
    return due.map((row) => ({ ...row, attempts: row.attempts + 1 }));
  });
}

async function composeMessage(deps: OutboxDeps, row: OutboxRow): Promise<MailMessage> {
  if (row.kind === 'account_email') {
    const payload = row.payload as AccountEmailPayload;
    if (!payload.link) throw new Error(`outbox message ${row.id} was sent already; its link is gone`);
    const [tenant] = await deps.db.select({ email: tenants.email }).from(tenants).where(eq(tenants.id, row.tenantId));
    const from = `"${(payload.company ?? 'Back office').replaceAll('"', "'")}" <${tenant?.email ?? 'no-reply@localhost'}>`;
    return { from, to: payload.to, ...renderAccountEmail(payload), attachments: [] };
  }
  if (row.kind === 'webhook_disabled_email') {
    const payload = row.payload as WebhookDisabledPayload;
    const [tenant] = await deps.db.select({ name: tenants.name, email: tenants.email }).from(tenants).where(eq(tenants.id, row.tenantId));
    const from = `"${(tenant?.name ?? 'Back office').replaceAll('"', "'")}" <${tenant?.email ?? 'no-reply@localhost'}>`;
    return { from, to: payload.to, ...renderWebhookDisabledEmail(payload), attachments: [] };
  }
  if (!row.invoiceId) throw new Error(`outbox message ${row.id} has no invoice`);
  const document = await loadInvoiceDocument(deps.db, row.tenantId, row.invoiceId, deps.publicBaseUrl, deps.sandboxEnabled);
  if (!document) throw new Error(`invoice ${row.invoiceId} is not sent`);
  const [tenant] = await deps.db.select().from(tenants).where(eq(tenants.id, row.tenantId));
  const payload = row.payload as { to: string; amount?: number };
  const kind = row.kind === 'receipt_email' ? 'receipt' : 'invoice';
  const rendered = renderInvoiceEmail({ doc: document, payUrl: document.payUrl, kind, amount: payload.amount });
  const attachments =
    kind === 'invoice'
      ? [
          {
            filename: `${document.invoice.number}.pdf`,
            content: await renderInvoicePdf(document),
            contentType: 'application/pdf',
          },
        ]
      : [];
  const senderAddress = tenant?.email ?? 'no-reply@localhost';
  return {
    from: `"${document.creditor.name.replaceAll('"', "'")}" <${senderAddress}>`,
    to: payload.to,
    replyTo: tenant?.email ?? undefined,
    ...rendered,
    attachments,
  };
}

/** `tenantId` limits a run to one tenant: tests sharing a PostgreSQL database keep to their own mail. */
export async function deliverOutbox(deps: OutboxDeps, limit = 10, options: { tenantId?: string } = {}) {
  const claimed = await claimDue(deps, limit, options.tenantId);
  const outcome = { sent: 0, retrying: 0, failed: 0 };
  for (const row of claimed) {
    try {
      // One key per message, whatever the try: a mail API that saw the first try drops the repeat.
      await deps.mailer.send({ ...(await composeMessage(deps, row)), idempotencyKey: `outbox-${row.id}` });
      await deps.db
        .update(outboxMessages)
        // A one-time link is not kept once it has gone out: the copy in the outbox would open the account.
        .set({ status: 'sent', sentAt: deps.now(), lastError: null, ...(row.kind === 'account_email' ? { payload: { ...(row.payload as AccountEmailPayload), link: null } } : {}) })
        .where(eq(outboxMessages.id, row.id));
      outcome.sent++;
    } catch (error) {
      const lastError = error instanceof Error ? error.message : String(error);
      const giveUp = row.attempts >= maxAttempts;
      await deps.db
        .update(outboxMessages)
        .set({
          status: giveUp ? 'failed' : 'pending',
          lastError,
          nextAttemptAt: new Date(deps.now().getTime() + retryDelayMs(row.attempts)),
        })
        .where(eq(outboxMessages.id, row.id));
      deps.logger.warn('e-mail delivery failed', {
        outboxId: row.id,
        attempts: row.attempts,
        giveUp,
        error: lastError,
      });
      if (giveUp) outcome.failed++;
      else outcome.retrying++;
    }
  }
  return outcome;
}
