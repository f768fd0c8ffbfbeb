// A bookkeeper corrects an entry by reversing it (dated today unless a date is given).
import { withTransaction } from '../db/client.js';
import { getEntry } from '../ledger/read-entries.js';
import { reverseEntry } from '../ledger/reverse.js';
import { type ServiceContext, swissToday } from './context.js';

export async function reverseJournalEntry({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { entryId: string; date?: string; text?: string };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const result = await reverseEntry(tx, {
      tenantId: ctx.tenantId,
      entryId: input.entryId,
      date: input.date ?? swissToday(ctx.now()),
      text: input.text,
      createdByUserId: ctx.userId,
    });
    const entry = await getEntry(tx, ctx.tenantId, result.entryId);
    if (!entry) throw new Error('reversal not found after posting');
    return { entry, created: result.created };
  });
}
