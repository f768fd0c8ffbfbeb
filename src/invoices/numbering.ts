// Invoice numbers per tenant and year without gaps: the counter row is locked by the
// upsert until the sending transaction ends, and a rolled-back send gives its number back.
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { invoiceNumberSequences } from '../db/schema.js';

export async function nextInvoiceNumber(tx: Tx, tenantId: string, year: number): Promise<string> {
  const [row] = await tx
    .insert(invoiceNumberSequences)
    .values({ tenantId, year, lastNumber: 1 })
    .onConflictDoUpdate({
      target: [invoiceNumberSequences.tenantId, invoiceNumberSequences.year],
      set: { lastNumber: sql`${invoiceNumberSequences.lastNumber} + 1` },
    })
    .returning({ lastNumber: invoiceNumberSequences.lastNumber });
  if (!row) throw new Error('invoice number sequence returned nothing');
  return `RE-${year}-${String(row.lastNumber).padStart(4, '0')}`;
}
