// When two imported lines are the same bank entry. The bank's own reference of the entry
// (Ntry/AcctSvcrRef) names it across files: the camt.054 of the morning and the camt.053
// of the month carry the same one. Without it, the entry is named by a hash of what it
// says (dates, amount, direction, references, counterparty, text) plus its occurrence
// among identical entries of the same file, so two equal transfers on one day stay two
// while the same file imported twice yields the same names. A detail of a batch adds its
// position. All of it under the account's IBAN: references are unique per account only.
import { createHash } from 'node:crypto';
import type { StatementLine } from './camt-parse.js';

export function lineIdentities(accountIban: string, lines: readonly StatementLine[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    if (line.entryRef) return `${accountIban}|ref:${line.entryRef}|${line.detailIndex}`;
    const digest = createHash('sha256')
      .update(
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
      .digest('hex')
      .slice(0, 32);
    const occurrence = (seen.get(digest) ?? 0) + 1;
    seen.set(digest, occurrence);
    return `${accountIban}|hash:${digest}|${occurrence}`;
  });
}
