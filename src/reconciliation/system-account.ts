// The system account at a glance: its open items per payment service and currency with
// their age, its balance, and the two lists that should be empty: money captured at the
// provider but not booked, and money booked but not paid out after the connection's days.
import dayjs from 'dayjs';
import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { connections, invoices, paymentAttempts, tenants } from '../db/schema.js';
import { accountBalance } from '../ledger/balances.js';
import { formatMinor } from '../ledger/currencies.js';
import { csvBom, csvField } from '../ledger/export-csv.js';
import { unbookedCondition } from '../services/book-unbooked-payment.js';
import { openBookedFees } from './fees-booked.js';
import { openItems } from './open-items.js';
import { defaultPayoutAfterDays } from './payout-recognition.js';

export async function systemAccountView(db: Queryable, tenantId: string, today: string) {
  const [tenant] = await db.select({ systemAccount: tenants.systemAccount }).from(tenants).where(eq(tenants.id, tenantId));
  const items = await openItems(db, tenantId);
  const services = await db.select().from(connections).where(eq(connections.tenantId, tenantId));
  const numbers = items.length === 0 ? [] : await db.select({ id: invoices.id, number: invoices.number }).from(invoices).where(inArray(invoices.id, items.map((i) => i.invoiceId)));
  const detailed = items.map((item) => {
    const service = services.find((s) => s.id === item.connectionId);
    const ageDays = dayjs(today).diff(dayjs(item.date), 'day');
    const payoutAfterDays = service?.payoutRecognition.payoutAfterDays ?? defaultPayoutAfterDays;
    return { ...item, invoiceNumber: numbers.find((n) => n.id === item.invoiceId)?.number ?? null, label: service?.label ?? item.provider, ageDays, overdue: ageDays > payoutAfterDays };
  });
  const groups = new Map<string, { connectionId: string; provider: string; label: string; currency: string; total: number; totalChf: number; items: typeof detailed }>();
  for (const item of detailed) {
    const key = `${item.connectionId}|${item.currency}`;
    const group = groups.get(key) ?? { connectionId: item.connectionId, provider: item.provider, label: item.label, currency: item.currency, total: 0, totalChf: 0, items: [] };
    group.total += item.amount;
    group.totalChf += item.amountChf;
    group.items.push(item);
    groups.set(key, group);
  }
  const unbooked = await db
    .select({ id: paymentAttempts.id, invoiceId: paymentAttempts.invoiceId, provider: paymentAttempts.provider, amount: paymentAttempts.capturedAmount, currency: paymentAttempts.capturedCurrency, capturedAt: paymentAttempts.updatedAt })
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.tenantId, tenantId), unbookedCondition()));
  const balance = tenant ? await accountBalance(db, tenantId, tenant.systemAccount, '9999-12-31') : null;
  // Fees booked by hand are open items too (negative) until a payout settles them.
  const feesBooked = await openBookedFees(db, tenantId);
  const openChf = detailed.reduce((sum, item) => sum + item.amountChf, 0) + feesBooked.reduce((sum, fee) => sum + fee.amountChf, 0);
  return {
    account: tenant?.systemAccount ?? '1029',
    balanceChf: balance?.balanceChf ?? 0,
    openItemsChf: openChf,
    groups: [...groups.values()],
    feesBooked,
    capturedNotBooked: unbooked.map((row) => ({ ...row, capturedAt: row.capturedAt.toISOString() })),
    bookedNotPaidOut: detailed.filter((item) => item.overdue),
  };
}

export function openItemsCsv(view: Awaited<ReturnType<typeof systemAccountView>>): string {
  const header = ['Payment service', 'Provider', 'Currency', 'Payment ID', 'Invoice', 'Booked on', 'Age (days)', 'Amount', 'Amount CHF'];
  const rows = view.groups.flatMap((group) =>
    group.items.map((item) => [group.label, group.provider, item.currency, item.attemptId, item.invoiceNumber ?? '', item.date, String(item.ageDays), formatMinor(item.amount, item.currency), formatMinor(item.amountChf, 'CHF')]),
  );
  const fees = view.feesBooked.map((fee) => ['Fee booked by hand', '', fee.currency, fee.entryId, fee.text, fee.date, '', formatMinor(fee.amount, fee.currency), formatMinor(fee.amountChf, 'CHF')]);
  return csvBom + [header, ...rows, ...fees].map((row) => `${row.map(csvField).join(';')}\r\n`).join('');
}
