// A bookkeeper books a bank line nothing matched (a supplier's debit, interest, a payout
// booked by hand) against one account: the bank side is the line itself, so the entry
// always agrees with the statement. Posted through the ledger's checks, as a manual entry
// is (accounts, closed period, rate), and once: `bank:<entry>:manual`.
import { and, eq } from 'drizzle-orm';
import { withTransaction } from '../db/client.js';
import { bankEntries } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import { postEntry } from '../ledger/post.js';
import type { ServiceContext } from './context.js';

export interface BookBankEntryInput {
  entryId: string;
  account: string;
  text?: string;
  date?: string;
  rate?: string;
}

export async function bookBankEntry({ ctx, input }: { ctx: ServiceContext; input: BookBankEntryInput }) {
  return withTransaction(ctx.db, async (tx) => {
    const [line] = await tx
      .select()
      .from(bankEntries)
      .where(and(eq(bankEntries.tenantId, ctx.tenantId), eq(bankEntries.id, input.entryId)))
      .for('update');
    if (!line) throw notFound('The bank entry');
    if (line.status !== 'unmatched') {
      throw new DomainError('conflict', `The bank entry is ${line.status.replace('_', ' ')} already${line.journalEntryId ? ` (journal entry ${line.journalEntryId})` : ''}.`);
    }
    if (input.account === line.ledgerAccount) {
      throw new DomainError('validation_failed', 'The counter account must differ from the bank account.', {
        errors: [{ field: 'account', message: `${line.ledgerAccount} is the bank account of this line` }],
      });
    }
    const signed = line.direction === 'credit' ? line.amount : -line.amount;
    const posted = await postEntry(tx, {
      tenantId: ctx.tenantId,
      date: input.date ?? line.bookingDate,
      text: input.text ?? ([line.counterpartyName, line.remittanceText].filter(Boolean).join(': ') || 'Bank entry'),
      source: 'manual',
      sourceRef: line.id,
      idempotencyKey: `bank:${line.id}:manual`,
      currency: line.currency,
      rate: input.rate,
      lines: [
        { account: line.ledgerAccount, amount: signed },
        { account: input.account, amount: -signed },
      ],
      createdByUserId: ctx.userId,
    });
    const [booked] = await tx
      .update(bankEntries)
      .set({ status: 'booked', journalEntryId: posted.entryId, updatedAt: ctx.now() })
      .where(eq(bankEntries.id, line.id))
      .returning();
    return booked!;
  });
}
