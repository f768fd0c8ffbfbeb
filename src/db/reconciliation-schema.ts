// Tables of the reconciliation area: the tenant's bank accounts, imported bank statements
// and their lines, payout proposals and which captured payments a payout cleared.
// Kept apart from schema.ts so each area's tables stay readable; schema.ts re-exports them.
import { sql } from 'drizzle-orm';
import { bigint, char, date, index, integer, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { connections, journalEntries, paymentAttempts, tenants, users, invoices } from './schema.js';

const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const money = (name: string) => bigint(name, { mode: 'number' });
const tenantRef = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id);

/** The tenant's bank accounts: a statement for another IBAN is refused. */
export const bankAccounts = pgTable(
  'bank_accounts',
  {
    id: id(),
    tenantId: tenantRef(),
    /** Without spaces, upper case. */
    iban: text('iban').notNull(),
    ledgerAccount: char('ledger_account', { length: 4 }).notNull().default('1020'),
    label: text('label'),
    createdAt: createdAt(),
  },
  (t) => [unique('bank_accounts_tenant_iban_key').on(t.tenantId, t.iban)],
);

export const bankStatements = pgTable(
  'bank_statements',
  {
    id: id(),
    tenantId: tenantRef(),
    /** camt.053 (account statement) or camt.054 (debit/credit notification). */
    kind: text('kind', { enum: ['camt.053', 'camt.054'] }).notNull(),
    namespace: text('namespace').notNull(),
    messageId: text('message_id').notNull(),
    /** Stmt/Id or Ntfctn/Id: with the account IBAN and the kind, the statement's identity. */
    documentId: text('document_id').notNull(),
    accountIban: text('account_iban').notNull(),
    ledgerAccount: char('ledger_account', { length: 4 }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    fromDate: date('from_date', { mode: 'string' }),
    toDate: date('to_date', { mode: 'string' }),
    /** Signed minor units (a debit balance is negative); camt.054 carries none. */
    openingBalance: money('opening_balance'),
    closingBalance: money('closing_balance'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [unique('bank_statements_identity_key').on(t.tenantId, t.accountIban, t.kind, t.documentId)],
);

export const bankEntryStatuses = ['unmatched', 'invoice_paid', 'payout_proposed', 'payout_booked', 'booked', 'ignored'] as const;

/**
 * One line of a statement: an entry, or one transaction detail of a batch entry. `identity`
 * is unique per tenant, so the same entry imported again (the same file, or the camt.054
 * first and the camt.053 later) is stored once (see reconciliation/entry-identity.ts).
 */
export const bankEntries = pgTable(
  'bank_entries',
  {
    id: id(),
    tenantId: tenantRef(),
    statementId: uuid('statement_id')
      .notNull()
      .references(() => bankStatements.id),
    identity: text('identity').notNull(),
    accountIban: text('account_iban').notNull(),
    ledgerAccount: char('ledger_account', { length: 4 }).notNull(),
    /** The entry's AcctSvcrRef (of the whole batch), its detail's position and how many details it has. */
    entryRef: text('entry_ref'),
    detailIndex: integer('detail_index').notNull().default(0),
    detailCount: integer('detail_count').notNull().default(1),
    bookingDate: date('booking_date', { mode: 'string' }).notNull(),
    valueDate: date('value_date', { mode: 'string' }),
    /** Positive minor units; `direction` says which way the money went. */
    amount: money('amount').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    direction: text('direction', { enum: ['credit', 'debit'] }).notNull(),
    acctSvcrRef: text('acct_svcr_ref'),
    endToEndId: text('end_to_end_id'),
    reference: text('reference'),
    referenceType: text('reference_type', { enum: ['QRR', 'SCOR'] }),
    remittanceText: text('remittance_text'),
    counterpartyName: text('counterparty_name'),
    counterpartyIban: text('counterparty_iban'),
    status: text('status', { enum: bankEntryStatuses }).notNull().default('unmatched'),
    /** Why it was matched as it was, or why not: shown to the bookkeeper. */
    note: text('note'),
    invoiceId: uuid('invoice_id').references(() => invoices.id),
    journalEntryId: uuid('journal_entry_id').references(() => journalEntries.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('bank_entries_identity_key').on(t.tenantId, t.identity),
    index('bank_entries_tenant_status_idx').on(t.tenantId, t.status, t.bookingDate),
    index('bank_entries_invoice_idx').on(t.invoiceId),
  ],
);

/**
 * A payout as the provider itself reported it, with exactly the captured payments and the
 * fees it settled (Stripe: the payout's balance transactions). When its credit arrives on
 * the bank statement, the proposal takes these items instead of guessing oldest first.
 */
export const providerPayouts = pgTable(
  'provider_payouts',
  {
    id: id(),
    tenantId: tenantRef(),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id),
    /** The provider's id of the payout (po_…). */
    providerPayoutId: text('provider_payout_id').notNull(),
    amount: money('amount').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    arrivalDate: date('arrival_date', { mode: 'string' }).notNull(),
    attemptIds: uuid('attempt_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** The fee entries (source `fee`) of those payments, which the payout settles. */
    feeEntryIds: uuid('fee_entry_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** What the payout listed that matched none of our payments: shown to the bookkeeper. */
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [unique('provider_payouts_connection_payout_key').on(t.connectionId, t.providerPayoutId)],
);

export const payoutProposals = pgTable(
  'payout_proposals',
  {
    id: id(),
    tenantId: tenantRef(),
    bankEntryId: uuid('bank_entry_id')
      .notNull()
      .references(() => bankEntries.id),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id),
    currency: char('currency', { length: 3 }).notNull(),
    attemptIds: uuid('attempt_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Fees the bookkeeper booked on the system account by hand, which this payout settles too. */
    feeEntryIds: uuid('fee_entry_ids').array().notNull().default(sql`'{}'::uuid[]`),
    itemsTotal: money('items_total').notNull(),
    payoutAmount: money('payout_amount').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['open', 'accepted'] }).notNull().default('open'),
    journalEntryId: uuid('journal_entry_id').references(() => journalEntries.id),
    /** Set when the provider reported the payout's items itself: exactly those are proposed. */
    providerPayoutId: uuid('provider_payout_id').references(() => providerPayouts.id),
    acceptedByUserId: uuid('accepted_by_user_id').references(() => users.id),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [unique('payout_proposals_bank_entry_key').on(t.bankEntryId), index('payout_proposals_tenant_status_idx').on(t.tenantId, t.status)],
);

/** A captured payment a payout cleared from the system account: the primary key clears it once. */
export const payoutClearings = pgTable('payout_clearings', {
  attemptId: uuid('attempt_id')
    .primaryKey()
    .references(() => paymentAttempts.id),
  tenantId: tenantRef(),
  proposalId: uuid('proposal_id')
    .notNull()
    .references(() => payoutProposals.id),
  amount: money('amount').notNull(),
  amountChf: money('amount_chf').notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  createdAt: createdAt(),
});

/**
 * What a payout settled of a fee booked by hand on the system account (debit 6940, credit
 * 1029): the provider kept it from that payout, so the payout's residual must not book it
 * again. A monthly fee may be settled by several payouts, each taking a part.
 */
export const payoutFeeClearings = pgTable(
  'payout_fee_clearings',
  {
    entryId: uuid('entry_id')
      .notNull()
      .references(() => journalEntries.id),
    tenantId: tenantRef(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => payoutProposals.id),
    /** The part settled, positive, in the entry's currency and in CHF. */
    amount: money('amount').notNull(),
    amountChf: money('amount_chf').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: 'payout_fee_clearings_pkey', columns: [t.entryId, t.proposalId] })],
);

/**
 * The tenant's CHF rates by day, entered or imported by a bookkeeper (the service fetches
 * none). Foreign-currency bookings of the reconciliation take the rate of their day here.
 */
export const exchangeRates = pgTable(
  'exchange_rates',
  {
    tenantId: tenantRef(),
    currency: char('currency', { length: 3 }).notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    /** CHF per one unit, as a decimal string. */
    rate: numeric('rate', { precision: 18, scale: 8 }).notNull(),
    source: text('source').notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: 'exchange_rates_pkey', columns: [t.tenantId, t.currency, t.date] })],
);
