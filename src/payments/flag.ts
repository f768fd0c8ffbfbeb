// Flags an invoice for a bookkeeper, keeping earlier reasons.
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { invoices } from '../db/schema.js';

export async function flagInvoice(tx: Tx, invoiceId: string, reason: string, now: Date): Promise<void> {
  await tx
    .update(invoices)
    .set({
      flagReason: sql`case when ${invoices.flagReason} is null then ${reason} else ${invoices.flagReason} || E'\\n' || ${reason} end`,
      updatedAt: now,
    })
    .where(eq(invoices.id, invoiceId));
}
