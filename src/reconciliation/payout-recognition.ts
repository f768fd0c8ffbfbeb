// Which payment service a bank credit comes from. Each connection may list the IBANs its
// provider pays out from and words that appear in the payer name or text of its payouts
// ("Worldline", "SIX Payment Services", "PostFinance"). Words are matched as plain text,
// case-insensitively: a bookkeeper's pattern must never be able to hang the import.
import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { type bankEntries, connections } from '../db/schema.js';

export const defaultWindowDays = 31;
export const defaultPayoutAfterDays = 7;

export async function recognisePayout(db: Queryable, tenantId: string, line: typeof bankEntries.$inferSelect) {
  if (line.direction !== 'credit') return null;
  const candidates = await db.select().from(connections).where(eq(connections.tenantId, tenantId));
  const haystack = `${line.counterpartyName ?? ''} ${line.remittanceText ?? ''}`.toLowerCase();
  for (const connection of candidates) {
    const { ibans = [], patterns = [] } = connection.payoutRecognition;
    if (line.counterpartyIban && ibans.map((iban) => iban.replaceAll(' ', '').toUpperCase()).includes(line.counterpartyIban)) {
      return { connection, why: `the counterparty IBAN ${line.counterpartyIban} is a payout account of ${connection.label}` };
    }
    const word = patterns.find((pattern) => pattern.trim() && haystack.includes(pattern.trim().toLowerCase()));
    if (word) return { connection, why: `"${word}" appears in the payer or text, a payout pattern of ${connection.label}` };
  }
  return null;
}
