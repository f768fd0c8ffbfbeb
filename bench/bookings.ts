// Captured payments booked, 8 at a time, against the ceiling: the same five writes (attempt,
// entry, lines, invoice, receipt e-mail) by hand with postgres.js in one transaction each.
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Database } from '../src/db/client.js';
import { withTransaction } from '../src/db/client.js';
import { preparingEveryStatement } from '../src/db/prepared-statements.js';
import * as schema from '../src/db/schema.js';
import { bookCapturedPayment } from '../src/payments/book-captured-payment.js';

export interface Demo {
  tenantId: string;
  invoiceId: string;
  connectionId: string;
}

let batchNo = 0;

/** `count` sent CHF invoices of CHF 100.00, each with an open card attempt, copied from the demo invoice. */
export async function openAttempts(sql: postgres.Sql, demo: Demo, count: number): Promise<{ id: string; invoiceId: string; orderId: string }[]> {
  const batch = `${process.pid}-${Date.now().toString(36)}-${++batchNo}`;
  return sql`
    with i as (
      insert into invoices (tenant_id, contact_id, number, status, currency, invoice_date, due_date, payment_reference, net_total, total, sent_at)
      select d.tenant_id, d.contact_id, 'BENCH-' || ${batch} || '-' || g, 'sent', 'CHF', d.invoice_date, d.due_date,
             'RF-BENCH-' || ${batch} || '-' || g, 10000, 10000, now()
      from invoices d cross join generate_series(1, ${count}::int) g where d.id = ${demo.invoiceId}
      returning id, tenant_id, number
    )
    insert into payment_attempts (tenant_id, invoice_id, connection_id, provider, method, amount, currency, secret, order_id)
    select i.tenant_id, i.id, ${demo.connectionId}, 'saferpay', 'VISA', 10000, 'CHF', gen_random_uuid()::text, i.number
    from i
    returning id, invoice_id as "invoiceId", order_id as "orderId"`;
}

/** Runs `work` over `items` with `concurrency` workers; answers items per second. */
export async function rate<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
  return (items.length / (performance.now() - started)) * 1000;
}

export function bookingJobs(url: string, demo: Demo, options: { perRound: number; concurrency: number }) {
  const sql = postgres(url, { max: options.concurrency, onnotice: () => {} });
  const db = drizzle(preparingEveryStatement(sql), { schema }) as unknown as Database;
  let run = 0;
  const book = (attempt: { id: string; orderId: string }) =>
    withTransaction(db, (tx) =>
      bookCapturedPayment(tx, attempt.id, { amount: 10000, currency: 'CHF', orderId: attempt.orderId, transactionId: `T-${attempt.id}`, captureId: null }, new Date()),
    );
  // The ceiling: what a booking must write, in the fewest statements, nothing read first.
  const ceiling = (attempt: { id: string; invoiceId: string }) =>
    sql.begin(async (tx) => {
      await tx`update payment_attempts set state = 'captured', captured_amount = 10000, captured_currency = 'CHF', updated_at = now() where id = ${attempt.id}`;
      const [entry] = await tx`insert into journal_entries (tenant_id, entry_date, text, source, source_ref, idempotency_key, currency)
        values (${demo.tenantId}, current_date, 'Payment (ceiling)', 'payment', ${attempt.id}, ${`ceiling:${attempt.id}:${++run}`}, 'CHF') returning id`;
      await tx`insert into journal_lines (entry_id, tenant_id, line_no, account_number, amount, amount_chf, rate, entry_date, entry_seq, currency)
        values (${entry!.id}, ${demo.tenantId}, 1, '1029', 10000, 10000, 1, current_date, 0, 'CHF'),
               (${entry!.id}, ${demo.tenantId}, 2, '1100', -10000, -10000, 1, current_date, 0, 'CHF')`;
      await tx`update invoices set paid_amount = 10000, status = 'paid', paid_at = now(), updated_at = now() where id = ${attempt.invoiceId}`;
      await tx`insert into outbox_messages (tenant_id, kind, invoice_id, payload) values (${demo.tenantId}, 'receipt_email', ${attempt.invoiceId}, '{}'::jsonb)`;
    });
  return {
    booked: async () => rate(await openAttempts(sql, demo, options.perRound), options.concurrency, book),
    ceiling: async () => rate(await openAttempts(sql, demo, options.perRound), options.concurrency, ceiling),
    close: () => sql.end({ timeout: 5 }),
  };
}

/** The statements one booking sends (BEGIN and COMMIT included), counted on the wire. */
export async function roundTripsPerBooking(url: string, demo: Demo): Promise<number> {
  let statements = 0;
  const sql = postgres(url, { max: 1, onnotice: () => {}, debug: () => statements++ });
  const db = drizzle(preparingEveryStatement(sql), { schema }) as unknown as Database;
  const [attempt] = await openAttempts(sql, demo, 1);
  statements = 0;
  await withTransaction(db, (tx) =>
    bookCapturedPayment(tx, attempt!.id, { amount: 10000, currency: 'CHF', orderId: attempt!.orderId, transactionId: 'T-count', captureId: null }, new Date()),
  );
  const counted = statements;
  await sql.end({ timeout: 5 });
  return counted;
}
