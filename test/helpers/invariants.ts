// What must hold in the books whatever happened on the way (crashes, duplicate callbacks,
// lost answers), read straight from the database with SQL so no application code can hide
// a fault. Each check is a query that answers the rows that break it; an empty answer is a
// pass. Scoped to one tenant when the database is shared with other tests.
//
// The money rules (ARCHITECTURE.md, accounting): every entry balances; captured money is
// booked once (`payment:<attempt>:capture`) unless no CHF rate was known, and then the
// invoice is flagged; a captured refund is booked once (`refund:<attempt>:<refund>`); the
// system account holds what was captured minus what went back (fees are manual entries and
// payouts clear the account against the bank: both are the bookkeeper's and left out); an
// invoice is paid only with captured money behind it, and its paidAmount is what payments
// credited to the receivable (1100, and an overpayment's excess on 2030) minus refunds.
import { type SQL, and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { invoices, paymentAttempts } from '../../src/db/schema.js';
import { accountNumbers } from '../../src/ledger/chart.js';
import { unbookedCondition } from '../../src/services/book-unbooked-payment.js';

export interface InvariantScope {
  /** Only this tenant's rows (tests share one database). */
  tenantId?: string;
  /** Also demand that nothing is left open: no attempt initiated/authorized, no refund pending. */
  settled?: boolean;
}

type Row = Record<string, unknown>;

/** postgres.js answers an array of rows, PGlite an object holding them. */
async function rowsOf(db: Database, query: SQL): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? (result as Row[]) : (result as { rows: Row[] }).rows;
}

const receivableAccounts = sql.raw(`('${accountNumbers.debtors}', '${accountNumbers.prepayments}')`);

function checks({ tenantId, settled }: InvariantScope): Record<string, SQL> {
  const scope = (alias: string) => (tenantId ? sql`${sql.raw(alias)}.tenant_id = ${tenantId}` : sql`true`);
  const all: Record<string, SQL> = {
    'journal entry not balanced (entry currency or CHF) or with fewer than two lines': sql`
      select e.id, e.idempotency_key as key, coalesce(sum(l.amount), 0)::text as amount,
             coalesce(sum(l.amount_chf), 0)::text as amount_chf, count(l.id)::int as lines
      from journal_entries e left join journal_lines l on l.entry_id = e.id and l.tenant_id = e.tenant_id
      where ${scope('e')}
      group by e.id, e.idempotency_key
      having coalesce(sum(l.amount), 0) <> 0 or coalesce(sum(l.amount_chf), 0) <> 0 or count(l.id) < 2`,

    'journal line whose copied date, sequence or currency differ from its entry': sql`
      select l.id, l.entry_id from journal_lines l join journal_entries e on e.id = l.entry_id
      where ${scope('l')} and (l.entry_date <> e.entry_date or l.entry_seq <> e.seq or l.currency <> e.currency)`,

    // Balances read the months before a date from journal_month_totals (migration 0009).
    'month totals (journal_month_totals) differ from the lines they sum': sql`
      select coalesce(m.tenant_id, l.tenant_id) as tenant_id, coalesce(m.account_number, l.account_number) as account,
             coalesce(m.currency, l.currency) as currency, coalesce(m.month, l.month)::text as month,
             m.debit::text as total_debit, l.debit::text as line_debit, m.credit_chf::text as total_credit_chf,
             l.credit_chf::text as line_credit_chf, m.line_count, l.line_count as lines
      from (select tenant_id, account_number, currency, month, sum(debit) as debit, sum(credit) as credit,
                   sum(debit_chf) as debit_chf, sum(credit_chf) as credit_chf, sum(line_count)::int as line_count
            from journal_month_totals m where ${scope('m')} group by 1, 2, 3, 4) m
      full join (select tenant_id, account_number, currency, date_trunc('month', entry_date)::date as month,
                   coalesce(sum(amount) filter (where amount > 0), 0) as debit,
                   coalesce(-sum(amount) filter (where amount < 0), 0) as credit,
                   coalesce(sum(amount_chf) filter (where amount_chf > 0), 0) as debit_chf,
                   coalesce(-sum(amount_chf) filter (where amount_chf < 0), 0) as credit_chf, count(*)::int as line_count
            from journal_lines l where ${scope('l')} group by 1, 2, 3, 4) l
        on l.tenant_id = m.tenant_id and l.account_number = m.account_number and l.currency = m.currency and l.month = m.month
      where m.tenant_id is null or l.tenant_id is null or m.debit <> l.debit or m.credit <> l.credit
         or m.debit_chf <> l.debit_chf or m.credit_chf <> l.credit_chf or m.line_count <> l.line_count`,

    // Unbooked captured money (no rate known) is checked apart, against the API's own listing.
    'attempt not booked exactly once for what it captured (or booked without a capture)': sql`
      select a.id, a.state, count(e.id)::int as bookings
      from payment_attempts a
      left join journal_entries e on e.tenant_id = a.tenant_id and e.idempotency_key = 'payment:' || a.id || ':capture'
      where ${scope('a')}
      group by a.id, a.state
      having case when a.state in ('captured', 'refunded') then count(e.id) > 1 else count(e.id) <> 0 end`,

    'refund not booked exactly once when captured (or booked while not captured)': sql`
      select r.id, r.attempt_id, r.state, count(e.id)::int as bookings
      from refunds r
      left join journal_entries e on e.tenant_id = r.tenant_id and e.idempotency_key = 'refund:' || r.attempt_id || ':' || r.id
      where ${scope('r')}
      group by r.id, r.attempt_id, r.state
      having count(e.id) <> case when r.state = 'captured' then 1 else 0 end`,

    'payment or refund booking without its attempt': sql`
      select e.id, e.idempotency_key as key
      from journal_entries e
      where ${scope('e')} and e.source in ('payment', 'refund')
        and not exists (select 1 from payment_attempts a where a.id::text = e.source_ref and a.tenant_id = e.tenant_id)`,

    // refundedAmount reserves pending and captured refunds, so two refunds never exceed the capture.
    'attempt whose refunded amount is not its pending and captured refunds': sql`
      select a.id, a.state, a.captured_amount::text as captured, a.refunded_amount::text as refunded,
             coalesce(sum(r.amount) filter (where r.state in ('pending', 'captured')), 0)::text as reserved
      from payment_attempts a left join refunds r on r.attempt_id = a.id
      where ${scope('a')}
      group by a.id, a.state, a.captured_amount, a.refunded_amount
      having a.refunded_amount <> coalesce(sum(r.amount) filter (where r.state in ('pending', 'captured')), 0)
          or a.refunded_amount > a.captured_amount
          or (a.state = 'refunded' and coalesce(sum(r.amount) filter (where r.state = 'captured'), 0) <> a.captured_amount)`,

    'system account balance is not captured minus refunded (per tenant and currency)': sql`
      select x.tenant_id, x.currency, sum(x.booked)::text as booked, sum(x.expected)::text as expected
      from (
        select e.tenant_id, e.currency, l.amount as booked, 0::bigint as expected
        from journal_entries e
        join journal_lines l on l.entry_id = e.id and l.tenant_id = e.tenant_id
        join tenants t on t.id = e.tenant_id and l.account_number = t.system_account
        -- Fees (by hand, or from the provider's data) and payouts move 1029 for reasons of their own.
        where e.source not in ('manual', 'payout', 'fee')
          and not exists (select 1 from journal_entries o where o.id = e.reverses_entry_id and o.source in ('manual', 'payout', 'fee'))
        union all
        select a.tenant_id, a.captured_currency, 0, a.captured_amount
        from payment_attempts a
        where a.state in ('captured', 'refunded') and a.captured_currency is not null
          and exists (select 1 from journal_entries e where e.tenant_id = a.tenant_id and e.idempotency_key = 'payment:' || a.id || ':capture')
        union all
        select r.tenant_id, r.currency, 0, -r.amount from refunds r where r.state = 'captured'
      ) x
      where ${scope('x')}
      group by x.tenant_id, x.currency
      having sum(x.booked) <> sum(x.expected)`,

    'invoice status or paidAmount without captured money behind it': sql`
      select i.id, i.number, i.status, i.paid_amount::text as paid, i.total::text as total, c.covered::text as covered
      from invoices i
      cross join lateral (
        select coalesce(sum(a.captured_amount), 0)
             - coalesce((select sum(r.amount) from refunds r join payment_attempts ra on ra.id = r.attempt_id
                         where ra.invoice_id = i.id and r.state = 'captured' and r.currency = i.currency), 0) as covered
        from payment_attempts a
        where a.invoice_id = i.id and a.state in ('captured', 'refunded') and a.captured_currency = i.currency
      ) c
      where ${scope('i')} and (
        (i.status in ('paid', 'partially_paid') and (i.paid_amount <= 0 or i.paid_amount > c.covered))
        or (i.status = 'paid' and i.paid_amount < i.total)
        or (i.status = 'partially_paid' and i.paid_amount >= i.total)
        or (i.status in ('sent', 'refunded') and i.paid_amount <> 0))`,

    // A cancelled invoice keeps what it had; money arriving afterwards goes to 2030 without counting.
    'invoice paidAmount is not what payments credited to 1100 (and an excess to 2030) minus refunds': sql`
      select i.id, i.number, i.status, i.paid_amount::text as paid, coalesce(sum(-l.amount), 0)::text as booked
      from invoices i
      left join payment_attempts a on a.invoice_id = i.id
      left join journal_entries e on e.tenant_id = i.tenant_id and e.source in ('payment', 'refund') and e.source_ref = a.id::text
      left join journal_lines l on l.entry_id = e.id and l.tenant_id = e.tenant_id and l.account_number in ${receivableAccounts}
      where ${scope('i')} and i.status not in ('draft', 'cancelled')
      group by i.id, i.number, i.status, i.paid_amount
      having i.paid_amount <> coalesce(sum(-l.amount), 0)`,
  };
  if (settled) {
    all['attempt still open after reconciliation'] = sql`
      select a.id, a.provider, a.method, a.state, a.settling_until from payment_attempts a
      where ${scope('a')} and a.state in ('initiated', 'authorized')`;
    all['refund still pending after reconciliation'] = sql`
      select r.id, r.attempt_id, r.failure_reason from refunds r where ${scope('r')} and r.state = 'pending'`;
  }
  return all;
}

/** Captured money listed as unbooked (GET /api/v1/payments?unbooked=true) must be flagged and not be CHF. */
async function unflaggedUnbooked(db: Database, tenantId: string | undefined): Promise<Row[]> {
  const listed = await db
    .select({ id: paymentAttempts.id, currency: paymentAttempts.capturedCurrency, flag: invoices.flagReason })
    .from(paymentAttempts)
    .innerJoin(invoices, eq(invoices.id, paymentAttempts.invoiceId))
    .where(and(tenantId ? eq(paymentAttempts.tenantId, tenantId) : undefined, unbookedCondition()));
  // CHF always has a rate, so unbooked CHF is money lost to the books, not waiting for a rate.
  return listed.filter((row) => !row.flag || row.currency === 'CHF');
}

/** Every broken rule, one line each (empty when all hold). */
export async function checkInvariants(db: Database, scope: InvariantScope = {}): Promise<string[]> {
  const violations: string[] = [];
  for (const [rule, query] of Object.entries(checks(scope))) {
    for (const row of await rowsOf(db, query)) violations.push(`${rule}: ${JSON.stringify(row)}`);
  }
  for (const row of await unflaggedUnbooked(db, scope.tenantId)) {
    violations.push(`captured money unbooked without a flag (or in CHF): ${JSON.stringify(row)}`);
  }
  return violations;
}

/** Throws with the list of broken rules. */
export async function expectInvariants(db: Database, scope: InvariantScope = {}): Promise<void> {
  const violations = await checkInvariants(db, scope);
  if (violations.length > 0) throw new Error(`Invariants broken:\n  ${violations.join('\n  ')}`);
}

/** What the books hold, for a summary line. */
export async function bookingCounts(db: Database, tenantId?: string) {
  const scope = (alias: string) => (tenantId ? sql`${sql.raw(alias)}.tenant_id = ${tenantId}` : sql`true`);
  const [row] = await rowsOf(
    db,
    sql`select
      (select count(*)::int from payment_attempts a where ${scope('a')} and a.state in ('captured', 'refunded')) as captured,
      (select count(*)::int from refunds r where ${scope('r')} and r.state = 'captured') as refunds,
      (select count(*)::int from refunds r where ${scope('r')} and r.state = 'failed') as released,
      (select count(*)::int from payment_attempts a where ${scope('a')} and a.state in ('failed', 'abandoned', 'cancelled')) as unpaid,
      (select count(*)::int from journal_entries e where ${scope('e')}) as entries`,
  );
  return row as { captured: number; refunds: number; released: number; unpaid: number; entries: number };
}
