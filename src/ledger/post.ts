// Posting: the only way rows get into the journal. Checks first (accounts, period,
// balance), then inserts the entry under its idempotency key: a key seen before returns
// the entry booked the first time and books nothing.
import { openBookingDate } from './open-booking-date.js';
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { accounts, journalEntries, journalLines, tenants } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { type DraftLine, findBalanceProblem, priceLines } from './balance.js';
import { isKnownCurrency } from './currencies.js';

export type EntrySource = (typeof journalEntries.source.enumValues)[number];

export interface PostEntryInput {
  tenantId: string;
  date: string;
  text: string;
  source: EntrySource;
  sourceRef?: string | null;
  idempotencyKey: string;
  currency: string;
  /** CHF per unit of `currency`; must be "1" (or absent) for CHF entries. */
  rate?: string;
  lines: DraftLine[];
  reversesEntryId?: string | null;
  createdByUserId?: string | null;
  /**
   * An automatic booking of money that has moved (a capture, a refund) must not fail on a closed
   * period: it is booked on the first open day, its text naming its own date. Others are refused.
   */
  inClosedPeriod?: 'refuse' | 'first_open_day';
}

export interface PostResult {
  entryId: string;
  created: boolean;
}

export async function postEntry(tx: Tx, input: PostEntryInput): Promise<PostResult> {
  const existing = await findEntryIdByKey(tx, input.tenantId, input.idempotencyKey);
  if (existing) return { entryId: existing, created: false };

  const rate = resolveRate(input.currency, input.rate);
  await assertAccountsExist(tx, input.tenantId, input.lines);
  const { date, note } =
    input.inClosedPeriod === 'first_open_day' ? openBookingDate(input.date, await closedUntil(tx, input.tenantId)) : { date: input.date, note: '' };
  await assertPeriodOpen(tx, input.tenantId, date);
  assertBalanced(input.lines);

  const [inserted] = await tx
    .insert(journalEntries)
    .values({
      tenantId: input.tenantId,
      entryDate: date,
      text: `${input.text}${note}`,
      source: input.source,
      sourceRef: input.sourceRef ?? null,
      idempotencyKey: input.idempotencyKey,
      currency: input.currency,
      reversesEntryId: input.reversesEntryId ?? null,
      createdByUserId: input.createdByUserId ?? null,
    })
    .onConflictDoNothing({ target: [journalEntries.tenantId, journalEntries.idempotencyKey] })
    .returning({ id: journalEntries.id });

  if (!inserted) {
    // A concurrent transaction booked the same key between our look-up and our insert.
    const winner = await findEntryIdByKey(tx, input.tenantId, input.idempotencyKey);
    if (!winner) throw new Error(`idempotency key ${input.idempotencyKey} conflicted but no entry was found`);
    return { entryId: winner, created: false };
  }

  const priced = priceLines(input.lines, input.currency, rate);
  await tx.insert(journalLines).values(
    priced.map((line, index) => ({
      entryId: inserted.id,
      tenantId: input.tenantId,
      lineNo: index + 1,
      accountNumber: line.account,
      amount: line.amount,
      amountChf: line.amountChf,
      rate,
    })),
  );
  return { entryId: inserted.id, created: true };
}

async function findEntryIdByKey(tx: Tx, tenantId: string, key: string): Promise<string | null> {
  const [row] = await tx
    .select({ id: journalEntries.id })
    .from(journalEntries)
    .where(and(eq(journalEntries.tenantId, tenantId), eq(journalEntries.idempotencyKey, key)));
  return row?.id ?? null;
}

function resolveRate(currency: string, rate: string | undefined): string {
  if (!isKnownCurrency(currency)) {
    throw new DomainError('currency_unknown', `${currency} is not an ISO 4217 currency this service knows.`, {
      errors: [{ field: 'currency', message: 'unknown ISO 4217 code' }],
    });
  }
  if (currency === 'CHF') {
    if (rate !== undefined && Number(rate) !== 1) {
      throw new DomainError('amount_invalid', 'A CHF entry has the rate 1.', {
        errors: [{ field: 'rate', message: 'must be 1 or left out for CHF' }],
      });
    }
    return '1';
  }
  if (rate === undefined) {
    throw new DomainError('amount_invalid', `A ${currency} entry needs the CHF rate it was booked at.`, {
      errors: [{ field: 'rate', message: `CHF per 1 ${currency}, for example "0.9412"` }],
    });
  }
  return rate;
}

async function assertAccountsExist(tx: Tx, tenantId: string, lines: DraftLine[]): Promise<void> {
  const wanted = [...new Set(lines.map((line) => line.account))];
  const found = await tx
    .select({ number: accounts.number })
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), inArray(accounts.number, wanted)));
  const known = new Set(found.map((row) => row.number));
  const errors = lines.flatMap((line, index) =>
    known.has(line.account)
      ? []
      : [{ field: `lines.${index}.account`, message: `account ${line.account} does not exist` }],
  );
  if (errors.length > 0) {
    const missing = wanted.filter((number) => !known.has(number));
    throw new DomainError('account_unknown', `No account ${missing.join(', ')} in the chart of accounts.`, {
      errors,
    });
  }
}

async function closedUntil(tx: Tx, tenantId: string): Promise<string | null> {
  // FOR SHARE, as the database's own check (migration 0005) does: a period being closed right
  // now is waited for, so the answer is this 422 and not the trigger's refusal at insert.
  const [tenant] = await tx
    .select({ closedUntil: tenants.booksClosedUntil })
    .from(tenants)
    .where(eq(tenants.id, tenantId))
    .for('share');
  return tenant?.closedUntil ?? null;
}

async function assertPeriodOpen(tx: Tx, tenantId: string, date: string): Promise<void> {
  const tenant = { closedUntil: await closedUntil(tx, tenantId) };
  if (tenant.closedUntil && date <= tenant.closedUntil) {
    throw new DomainError(
      'period_closed',
      `The books are closed up to ${tenant.closedUntil}; date the entry after it or reopen the period.`,
      { errors: [{ field: 'date', message: `must be after ${tenant.closedUntil}` }] },
    );
  }
}

function assertBalanced(lines: DraftLine[]): void {
  const problem = findBalanceProblem(lines);
  if (!problem) return;
  const detail =
    problem.kind === 'too_few_lines'
      ? 'An entry needs at least one debit and one credit line.'
      : problem.kind === 'zero_line'
        ? `Line ${problem.index + 1} has no amount.`
        : `Debits exceed credits by ${problem.difference} minor units (negative: credits exceed debits).`;
  throw new DomainError('entry_unbalanced', detail, { errors: [{ field: 'lines', message: detail }] });
}
