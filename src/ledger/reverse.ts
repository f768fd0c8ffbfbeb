// Corrections are reversals: a mirror entry that points at the original. The original
// stays as it was; an entry can be reversed once.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { journalEntries, journalLines } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import { type PostResult, postEntry } from './post.js';

export interface ReverseEntryInput {
  tenantId: string;
  entryId: string;
  date: string;
  text?: string;
  createdByUserId?: string | null;
  /** Defaults to `reversal:<entry id>`, so asking twice reverses once. */
  idempotencyKey?: string;
}

export async function reverseEntry(tx: Tx, input: ReverseEntryInput): Promise<PostResult> {
  const [original] = await tx
    .select()
    .from(journalEntries)
    .where(and(eq(journalEntries.tenantId, input.tenantId), eq(journalEntries.id, input.entryId)));
  if (!original) throw notFound('The journal entry');
  if (original.source === 'reversal') {
    throw new DomainError(
      'entry_already_reversed',
      'A reversal cannot itself be reversed; post a new entry instead.',
    );
  }
  const idempotencyKey = input.idempotencyKey ?? `reversal:${original.id}`;
  const [existing] = await tx
    .select({ id: journalEntries.id, key: journalEntries.idempotencyKey })
    .from(journalEntries)
    .where(eq(journalEntries.reversesEntryId, original.id));
  if (existing) {
    if (existing.key === idempotencyKey) return { entryId: existing.id, created: false };
    throw new DomainError(
      'entry_already_reversed',
      `Entry ${original.id} was already reversed by ${existing.id}.`,
      {
        reversedByEntryId: existing.id,
      },
    );
  }
  const lines = await tx
    .select({ account: journalLines.accountNumber, amount: journalLines.amount, rate: journalLines.rate })
    .from(journalLines)
    .where(eq(journalLines.entryId, original.id))
    .orderBy(journalLines.lineNo);
  return postEntry(tx, {
    tenantId: input.tenantId,
    date: input.date,
    text: input.text ?? `Reversal of: ${original.text}`,
    source: 'reversal',
    sourceRef: original.id,
    idempotencyKey,
    currency: original.currency,
    rate: lines[0]?.rate,
    lines: lines.map((line) => ({ account: line.account, amount: -line.amount })),
    reversesEntryId: original.id,
    createdByUserId: input.createdByUserId ?? null,
  });
}
