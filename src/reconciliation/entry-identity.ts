// When two imported lines are the same bank entry. The bank's own reference of the entry
// (Ntry/AcctSvcrRef) names it across files: the camt.054 of the morning and the camt.053
// of the month carry the same one. Without it, the entry is named by a hash of what it
// says (dates, amount, direction, references, counterparty, text) plus its occurrence
// among identical entries of the same file, so two equal transfers on one day stay two
// while the same file imported twice yields the same names. A detail of a batch adds its
// position. All of it under the account's IBAN: references are unique per account only.
import type { StatementLine } from './camt-parse.js';

// Web Crypto, not node:crypto: the app core runs on Workers too.
async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function lineIdentities(accountIban: string, lines: readonly StatementLine[]): Promise<string[]> {
  const seen = new Map<string, number>();
  const identities: string[] = [];
  for (const line of lines) {
    if (line.entryRef) {
      identities.push(`${accountIban}|ref:${line.entryRef}|${line.detailIndex}`);
      continue;
    }
    const digest = (
      await sha256Hex(
        JSON.stringify([
          line.bookingDate,
          line.valueDate,
          line.direction,
          line.amount,
          line.currency,
          line.acctSvcrRef,
          line.endToEndId,
          line.reference,
          line.remittanceText,
          line.counterpartyIban,
          line.detailIndex,
        ]),
      )
    ).slice(0, 32);
    const occurrence = (seen.get(digest) ?? 0) + 1;
    seen.set(digest, occurrence);
    identities.push(`${accountIban}|hash:${digest}|${occurrence}`);
  }
  return identities;
}
