// A bookkeeper's own entry: provider fees, corrections. Lines come as positive debit or
// credit amounts; the sign convention stays inside the ledger.
import { withTransaction } from '../db/client.js';
import { DomainError } from '../errors.js';
import { entryDifferences } from '../ledger/entry-differences.js';
import { postEntry } from '../ledger/post.js';
import { getEntry } from '../ledger/read-entries.js';
import type { ServiceContext } from './context.js';

export interface ManualLineInput {
  account: string;
  debit?: number;
  credit?: number;
}

export interface ManualEntryInput {
  date: string;
  text: string;
  currency: string;
  rate?: string;
  reference?: string;
  idempotencyKey?: string;
  lines: ManualLineInput[];
}

export async function postManualEntry({ ctx, input }: { ctx: ServiceContext; input: ManualEntryInput }) {
  const lines = input.lines.map((line, index) => {
    const hasDebit = line.debit !== undefined;
    if (hasDebit === (line.credit !== undefined)) {
      throw new DomainError('amount_invalid', `Line ${index + 1} needs exactly one of debit or credit.`, {
        errors: [{ field: `lines.${index}`, message: 'give either debit or credit' }],
      });
    }
    return { account: line.account, amount: hasDebit ? line.debit! : -line.credit! };
  });
  const idempotencyKey = `manual:${input.idempotencyKey ?? crypto.randomUUID()}`;
  return withTransaction(ctx.db, async (tx) => {
    const result = await postEntry(tx, {
      tenantId: ctx.tenantId,
      date: input.date,
      text: input.text,
      source: 'manual',
      sourceRef: input.reference ?? null,
      idempotencyKey,
      currency: input.currency,
      rate: input.rate,
      lines,
      createdByUserId: ctx.userId,
    });
    const entry = await getEntry(tx, ctx.tenantId, result.entryId);
    if (!entry) throw new Error('posted entry not found');
    const differences = result.created ? [] : entryDifferences(entry, input);
    if (differences.length > 0) {
      throw new DomainError(
        'idempotency_key_reused',
        `The idempotency key ${input.idempotencyKey} was used for entry ${entry.id}, which differs in ${differences
          .map((problem) => problem.field)
          .join(', ')}; nothing was booked.`,
        { errors: differences, entryId: entry.id },
      );
    }
    return { entry, created: result.created };
  });
}
