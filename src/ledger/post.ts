// Posting: the only way rows get into the journal. Checks first (accounts, period,
// balance), then inserts the entry under its idempotency key: a key seen before returns
// the entry booked the first time and books nothing.
import { openBookingDate } from './open-booking-date.js';
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { accounts, journalEntries, tenants } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { type DraftLine, findBalanceProblem, priceLines } from './balance.js';
import { isKnownCurrency } from './currencies.js';
import { eventStatements } from '../webhooks/record-event.js';
import { fixed, listOf, nothing, runFixed } from '../db/fixed-sql.js';

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

/**
 * What a caller already holds, so posting needs no look-up of its own: the tenant's
 * `booksClosedUntil`, read with the tenant row locked FOR SHARE in this transaction (as the
 * database's own check does), and the accounts known to exist. A booking that locked its
 * attempt, invoice and tenant in one statement posts with a single round trip.
 */
export interface PostingFacts {
  closedUntil: string | null;
  knownAccounts: ReadonlySet<string>;
  /**
   * False when the tenant had no enabled webhook endpoint as the caller's transaction began:
   * the statements then carry no event CTEs (on a booking they cost as much as the update they
   * ride on). An endpoint saved while this transaction runs may miss its event either way,
   * since the CTEs' own check sees only what had committed when their statement started.
   */
  reportsEvents?: boolean;
}

/**
 * At most two round trips: one look-up (the idempotency key, the period lock FOR SHARE and the
 * accounts; none when the caller passes `facts`) and one statement that inserts the entry and
 * its lines. A key seen before returns the entry booked the first time and books nothing.
 */
export async function postEntry(tx: Tx, input: PostEntryInput, facts?: PostingFacts): Promise<PostResult> {
  const wanted = [...new Set(input.lines.map((line) => line.account))];
  let known: ReadonlySet<string>;
  let closed: string | null;
  if (facts) {
    known = facts.knownAccounts;
    closed = facts.closedUntil;
  } else {
    const found = await lookUp(tx, input.tenantId, input.idempotencyKey, wanted);
    if (found.existing) return { entryId: found.existing, created: false };
    known = found.known;
    closed = found.closedUntil;
  }

  const rate = resolveRate(input.currency, input.rate);
  assertAccountsExist(input.lines, wanted, known);
  const { date, note } =
    input.inClosedPeriod === 'first_open_day' ? openBookingDate(input.date, closed) : { date: input.date, note: '' };
  assertPeriodOpen(closed, date);
  assertBalanced(input.lines);

  const priced = priceLines(input.lines, input.currency, rate);
  // One statement: the entry (ON CONFLICT guards its key) and, only when it was inserted, its
  // lines and the `journal_entry.posted` event (a repeated key books and reports nothing). The
  // lines' trigger checks the seal and copies the entry's date, seq and currency. The lines go
  // as arrays, so the statement's text is the same whatever their number (db/fixed-sql.ts).
  const event = eventStatements(
    {
      tenantId: input.tenantId,
      type: 'journal_entry.posted',
      data: {
        entryDate: date,
        text: `${input.text}${note}`,
        source: input.source,
        sourceRef: input.sourceRef ?? null,
        currency: input.currency,
        amount: input.lines.reduce((sum, line) => sum + Math.max(line.amount, 0), 0),
        reversesEntryId: input.reversesEntryId ?? null,
      },
      // Posting has no clock of its own (the entry's created_at is the database's): the wall clock.
      now: new Date(),
    },
    { from: 'entry', addData: "jsonb_build_object('entryId', entry.id)" },
  );
  const posted = facts?.reportsEvents === false ? nothing : fixed`, ${event}`;
  const inserted = await runFixed<{ entry_id: string }>(
    tx,
    fixed`with entry as (
      insert into journal_entries (tenant_id, entry_date, text, source, source_ref, idempotency_key, currency,
        reverses_entry_id, created_by_user_id)
      values (${input.tenantId}, ${date}, ${`${input.text}${note}`}, ${input.source}, ${input.sourceRef ?? null},
        ${input.idempotencyKey}, ${input.currency}, ${input.reversesEntryId ?? null}, ${input.createdByUserId ?? null})
      on conflict (tenant_id, idempotency_key) do nothing
      returning id, seq
    )${posted}
    insert into journal_lines (entry_id, tenant_id, line_no, account_number, amount, amount_chf, rate, entry_date, entry_seq, currency)
    select entry.id, ${input.tenantId}::uuid, v.line_no, v.account, v.amount, v.amount_chf, ${rate}::numeric, ${date}::date, entry.seq, ${input.currency}
    from entry cross join unnest(string_to_array(${listOf(priced.map((_, index) => index + 1))}, ',')::integer[],
      string_to_array(${listOf(priced.map((line) => line.account))}, ',')::char(4)[],
      string_to_array(${listOf(priced.map((line) => line.amount))}, ',')::bigint[],
      string_to_array(${listOf(priced.map((line) => line.amountChf))}, ',')::bigint[]) as v(line_no, account, amount, amount_chf)
    returning entry_id`,
  );
  const entryId = inserted[0]?.entry_id;
  if (!entryId) {
    // The key was booked before (or by a concurrent transaction between our look-up and insert).
    const winner = await findEntryIdByKey(tx, input.tenantId, input.idempotencyKey);
    if (!winner) throw new Error(`idempotency key ${input.idempotencyKey} conflicted but no entry was found`);
    return { entryId: winner, created: false };
  }
  return { entryId, created: true };
}

/**
 * The look-up before a posting, in one statement: an entry under the key, the tenant's closed
 * period (FOR SHARE: a period being closed right now is waited for, so the answer is a 422 and
 * not the trigger's refusal at insert) and which of the accounts exist.
 */
async function lookUp(
  tx: Tx,
  tenantId: string,
  key: string,
  wanted: string[],
): Promise<{ existing: string | null; closedUntil: string | null; known: Set<string> }> {
  const accountList = sql.join(wanted.map((number) => sql`${number}`), sql`, `);
  const [row] = await rowsOf<{ existing: string | null; closed_until: string | null; known: string | null }>(
    tx,
    sql`select
        (select e.id from ${journalEntries} e where e.tenant_id = t.id and e.idempotency_key = ${key}) as existing,
        t.books_closed_until::text as closed_until,
        (select string_agg(a.number, ',') from ${accounts} a where a.tenant_id = t.id and a.number in (${accountList})) as known
      from ${tenants} t where t.id = ${tenantId}
      for share of t`,
  );
  return {
    existing: row?.existing ?? null,
    closedUntil: row?.closed_until ?? null,
    known: new Set(row?.known ? row.known.split(',') : []),
  };
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

function assertAccountsExist(lines: DraftLine[], wanted: string[], known: ReadonlySet<string>): void {
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

function assertPeriodOpen(closedUntil: string | null, date: string): void {
  if (closedUntil && date <= closedUntil) {
    throw new DomainError(
      'period_closed',
      `The books are closed up to ${closedUntil}; date the entry after it or reopen the period.`,
      { errors: [{ field: 'date', message: `must be after ${closedUntil}` }] },
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
