// The drizzle schema: the single description of every table, for both the embedded
// database (PGlite) and PostgreSQL. drizzle-kit generates migrations/ from it.
// Money columns are bigint minor units read as JS numbers; the API bounds every amount
// to the safe-integer range, so reading them as numbers loses nothing.
import { sql } from 'drizzle-orm';
import { providers } from '../connections/rules.js';
import {
  bigint,
  bigserial,
  boolean,
  char,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const money = (name: string) => bigint(name, { mode: 'number' });
/** A 64-bit transaction id (PostgreSQL's xid8), read as its decimal text. */
const transactionId = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

export const tenants = pgTable('tenants', {
  id: id(),
  name: text('name').notNull(),
  street: text('street'),
  buildingNumber: text('building_number'),
  postalCode: text('postal_code'),
  city: text('city'),
  country: char('country', { length: 2 }).notNull().default('CH'),
  email: text('email'),
  iban: text('iban'),
  vatNumber: text('vat_number'),
  baseCurrency: char('base_currency', { length: 3 }).notNull().default('CHF'),
  systemAccount: char('system_account', { length: 4 }).notNull().default('1029'),
  // Entries dated on or before this day are refused: the books up to it are closed.
  booksClosedUntil: date('books_closed_until', { mode: 'string' }),
  /** SwissBilling's item category for every line this tenant sends (its list: providers/postfinance/swissbilling.ts). */
  swissBillingCategory: text('swissbilling_category').notNull().default('ServicesForProfessionals'),
  createdAt: createdAt(),
});

export const users = pgTable(
  'users',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    role: text('role', { enum: ['admin', 'accountant', 'bookkeeper'] }).notNull(),
    /** PBKDF2-SHA256 (web/password.ts); null until the user sets a password from an invitation. */
    passwordHash: text('password_hash'),
    /** The back office's language, as the user last chose it (de, fr, it, en). */
    language: text('language', { enum: ['de', 'fr', 'it', 'en'] }),
    // A disabled user's API keys stop working at once; the user and the keys stay for the record.
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [unique('users_tenant_email_key').on(t.tenantId, t.email)],
);

export const apiKeys = pgTable('api_keys', {
  id: id(),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  label: text('label').notNull(),
  // The first characters of the key, shown in listings so a person can tell keys apart.
  displayPrefix: text('display_prefix').notNull(),
  // SHA-256 of the whole key: keys carry 192 random bits, so a slow hash would add nothing.
  keyHash: text('key_hash').notNull().unique(),
  createdAt: createdAt(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

export const accounts = pgTable(
  'accounts',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    number: char('number', { length: 4 }).notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['asset', 'liability', 'equity', 'revenue', 'expense'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: 'accounts_pkey', columns: [t.tenantId, t.number] })],
);

export const journalEntries = pgTable(
  'journal_entries',
  {
    id: id(),
    // A global, gap-tolerant sequence that gives the journal a stable order.
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    entryDate: date('entry_date', { mode: 'string' }).notNull(),
    text: text('text').notNull(),
    source: text('source', {
      enum: ['invoice', 'payment', 'refund', 'manual', 'payout', 'fx', 'reversal', 'fee'],
    }).notNull(),
    sourceRef: text('source_ref'),
    idempotencyKey: text('idempotency_key').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    reversesEntryId: uuid('reverses_entry_id'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    createdAt: createdAt(),
    // The transaction that posted the entry, set by the database (migration 0005): lines are
    // accepted only from it, so a committed entry is sealed.
    postedInXact: transactionId('posted_in_xact').notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [
    unique('journal_entries_tenant_idempotency_key').on(t.tenantId, t.idempotencyKey),
    unique('journal_entries_id_tenant_key').on(t.id, t.tenantId),
    // An entry can be reversed once; the reversal points at it.
    unique('journal_entries_reverses_key').on(t.reversesEntryId),
    foreignKey({
      name: 'journal_entries_reverses_fkey',
      columns: [t.reversesEntryId, t.tenantId],
      foreignColumns: [t.id, t.tenantId],
    }),
    // Journal pages in booking order, keyset-paged on (date, seq).
    index('journal_entries_tenant_date_idx').on(t.tenantId, t.entryDate, t.seq),
    index('journal_entries_tenant_source_date_seq_idx').on(t.tenantId, t.source, t.entryDate, t.seq),
  ],
);

export const journalLines = pgTable(
  'journal_lines',
  {
    id: id(),
    entryId: uuid('entry_id').notNull(),
    tenantId: uuid('tenant_id').notNull(),
    lineNo: integer('line_no').notNull(),
    accountNumber: char('account_number', { length: 4 }).notNull(),
    // Signed: debit positive, credit negative, in minor units of the entry currency.
    amount: money('amount').notNull(),
    // The same line in Rappen at the recorded rate; balanced on its own.
    amountChf: money('amount_chf').notNull(),
    // CHF per one unit of the entry currency, as a decimal string ("1" for CHF).
    rate: numeric('rate', { precision: 18, scale: 8 }).notNull(),
    createdAt: createdAt(),
    // Copies of the entry's date, booking sequence and currency, so that balances and
    // account pages read the lines alone (migration 0009). The database sets them from the
    // entry whatever the insert sent, so they cannot disagree with it.
    entryDate: date('entry_date', { mode: 'string' }).notNull(),
    entrySeq: bigint('entry_seq', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
  },
  (t) => [
    foreignKey({
      name: 'journal_lines_entry_fkey',
      columns: [t.entryId, t.tenantId],
      foreignColumns: [journalEntries.id, journalEntries.tenantId],
    }),
    foreignKey({
      name: 'journal_lines_account_fkey',
      columns: [t.tenantId, t.accountNumber],
      foreignColumns: [accounts.tenantId, accounts.number],
    }),
    unique('journal_lines_entry_line_key').on(t.entryId, t.lineNo),
    // Account pages and account balances: the lines of one account in booking order.
    index('journal_lines_tenant_account_date_idx').on(t.tenantId, t.accountNumber, t.entryDate, t.entrySeq),
    // Trial balance (the lines of the date's month) and the CSV export (lines in journal order).
    index('journal_lines_tenant_date_idx').on(t.tenantId, t.entryDate, t.entrySeq, t.lineNo),
  ],
);

/**
 * Totals per tenant, account, currency and month, kept by the database at the commit of each
 * entry (migration 0009), so a balance at a date reads the months before it from here and
 * only the lines of its own month. Rows are spread over a few slots per month (by entry) so
 * that concurrent postings on the same account rarely wait for each other; a balance sums
 * the slots. Only the database's trigger writes here: the service's role may only read.
 */
export const journalMonthTotals = pgTable(
  'journal_month_totals',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    accountNumber: char('account_number', { length: 4 }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    slot: integer('slot').notNull(),
    debit: money('debit').notNull(),
    credit: money('credit').notNull(),
    debitChf: money('debit_chf').notNull(),
    creditChf: money('credit_chf').notNull(),
    lineCount: integer('line_count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.accountNumber, t.month, t.currency, t.slot] })],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    // The stable order of the log, for cursor paging (created_at is shared by a transaction's rows).
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    action: text('action').notNull(),
    details: jsonb('details').notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_tenant_idx').on(t.tenantId, t.createdAt),
    index('audit_log_tenant_seq_idx').on(t.tenantId, t.seq),
    index('audit_log_tenant_action_seq_idx').on(t.tenantId, t.action, t.seq),
  ],
);

export const contacts = pgTable(
  'contacts',
  {
  id: id(),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id),
  kind: text('kind', { enum: ['company', 'person'] }).notNull(),
  companyName: text('company_name'),
  firstName: text('first_name'),
  lastName: text('last_name'),
  street: text('street').notNull(),
  buildingNumber: text('building_number'),
  postalCode: text('postal_code').notNull(),
  city: text('city').notNull(),
  country: char('country', { length: 2 }).notNull(),
  email: text('email').notNull(),
  language: text('language', { enum: ['de', 'fr', 'it', 'en'] }).notNull(),
  customerNumber: text('customer_number'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // The back office's contact list, newest first, paged by (created_at, id).
  (t) => [index('contacts_tenant_created_idx').on(t.tenantId, t.createdAt, t.id)],
);

// `refunded`: everything that was paid came back; the invoice no longer asks to be paid.
export const invoiceStatuses = ['draft', 'sent', 'partially_paid', 'paid', 'refunded', 'cancelled'] as const;

export const invoices = pgTable(
  'invoices',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id),
    // Assigned when sent, gap-free per tenant and year: RE-2026-0001.
    number: text('number'),
    status: text('status', { enum: invoiceStatuses }).notNull().default('draft'),
    currency: char('currency', { length: 3 }).notNull(),
    invoiceDate: date('invoice_date', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    referenceText: text('reference_text'),
    // QR reference or ISO 11649 creditor reference; also the order id sent to providers.
    paymentReference: text('payment_reference'),
    netTotal: money('net_total').notNull().default(0),
    vatTotal: money('vat_total').notNull().default(0),
    roundingAmount: money('rounding_amount').notNull().default(0),
    total: money('total').notNull().default(0),
    paidAmount: money('paid_amount').notNull().default(0),
    // Set when something needs a bookkeeper's eyes (mismatching payment, overpayment, ...).
    flagReason: text('flag_reason'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('invoices_tenant_number_key').on(t.tenantId, t.number),
    unique('invoices_tenant_payment_reference_key').on(t.tenantId, t.paymentReference),
    index('invoices_tenant_created_idx').on(t.tenantId, t.createdAt),
    // The back office's list: newest invoice date first, paged by (invoice_date, id).
    index('invoices_tenant_date_idx').on(t.tenantId, t.invoiceDate, t.id),
    // The same list filtered by one contact.
    index('invoices_contact_date_idx').on(t.contactId, t.invoiceDate, t.id),
  ],
);

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    id: id(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    description: text('description').notNull(),
    // Thousandths of a unit: 1.5 hours is 1500.
    quantityMilli: bigint('quantity_milli', { mode: 'number' }).notNull(),
    unitPrice: money('unit_price').notNull(),
    // Basis points: 8.1 % is 810.
    vatRateBp: integer('vat_rate_bp').notNull(),
    revenueAccount: char('revenue_account', { length: 4 }).notNull(),
    netAmount: money('net_amount').notNull(),
  },
  (t) => [unique('invoice_lines_position_key').on(t.invoiceId, t.position)],
);

export const invoiceNumberSequences = pgTable(
  'invoice_number_sequences',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ name: 'invoice_number_sequences_pkey', columns: [t.tenantId, t.year] })],
);

export const connections = pgTable('connections', {
  id: id(),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id),
  provider: text('provider', { enum: providers }).notNull(),
  environment: text('environment', { enum: ['sandbox', 'test', 'live'] }).notNull(),
  label: text('label').notNull(),
  currencies: text('currencies').array().notNull(),
  methods: text('methods').array().notNull(),
  /**
   * Currencies each method's contract covers ({ TWINT: ['CHF'], VISA: ['CHF', 'EUR'] }), as
   * verify read them from the provider or the admin set them; a method not listed falls back
   * to `currencies` narrowed by the method's own rules (TWINT and SwissBilling: CHF only).
   */
  methodCurrencies: jsonb('method_currencies').$type<Record<string, string[]>>().notNull().default(sql`'{}'::jsonb`),
  isDefault: boolean('is_default').notNull().default(false),
  // Non-secret provider settings (customer id, terminal id, base URL of a sandbox, ...).
  settings: jsonb('settings').notNull().default(sql`'{}'::jsonb`),
  // AES-256-GCM sealed JSON of the secrets; never returned by the API.
  sealedSecrets: text('sealed_secrets'),
  /**
   * How this provider's payouts are recognised on the bank statement (counterparty IBANs,
   * name or text patterns), the days before a payout its items may date from, and after how
   * many days a booked payment not paid out is listed (reconciliation/payout-recognition.ts).
   */
  payoutRecognition: jsonb('payout_recognition')
    .$type<{ ibans?: string[]; patterns?: string[]; windowDays?: number; payoutAfterDays?: number }>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  createdAt: createdAt(),
});

export const invoicePaymentServices = pgTable(
  'invoice_payment_services',
  {
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id),
  },
  (t) => [primaryKey({ name: 'invoice_payment_services_pkey', columns: [t.invoiceId, t.connectionId] })],
);

export const payLinks = pgTable('pay_links', {
  id: id(),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id),
  invoiceId: uuid('invoice_id')
    .notNull()
    .references(() => invoices.id),
  // 160 random bits, base64url. Kept readable: it grants only the public page and must
  // be shown again to the accountant.
  token: text('token').notNull().unique(),
  createdAt: createdAt(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    kind: text('kind', { enum: ['invoice_email', 'receipt_email', 'account_email', 'webhook_disabled_email'] }).notNull(),
    invoiceId: uuid('invoice_id').references(() => invoices.id),
    payload: jsonb('payload').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_messages_due_idx').on(t.status, t.nextAttemptAt)],
);

export const attemptStates = [
  'initiated',
  'authorized',
  'captured',
  'failed',
  'cancelled',
  'refunded',
  'abandoned',
] as const;

export const paymentAttempts = pgTable(
  'payment_attempts',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    connectionId: uuid('connection_id')
      .notNull()
      .references(() => connections.id),
    provider: text('provider', { enum: providers }).notNull(),
    /** What the payer chose: CARD, TWINT or SWISSBILLING. */
    method: text('method').notNull(),
    amount: money('amount').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    state: text('state', { enum: attemptStates }).notNull().default('initiated'),
    /** 160 random bits in the notify and return URLs: a callback without it is forged. */
    secret: text('secret').notNull().unique(),
    orderId: text('order_id').notNull(),
    providerToken: text('provider_token'),
    /** Saferpay's RedirectUrl for the token: a payer who presses the same method again goes back to it. */
    redirectUrl: text('redirect_url'),
    providerTransactionId: text('provider_transaction_id'),
    providerCaptureId: text('provider_capture_id'),
    capturedAmount: money('captured_amount').notNull().default(0),
    /** The currency the provider captured in; it differs from `currency` only when the provider deviated. */
    capturedCurrency: char('captured_currency', { length: 3 }),
    refundedAmount: money('refunded_amount').notNull().default(0),
    failureReason: text('failure_reason'),
    /** The provider's error name when it failed (NO_CONTRACT takes the method off the invoice's page). */
    failureCode: text('failure_code'),
    payerMessage: text('payer_message'),
    language: text('language').notNull().default('de'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** When the reconciliation job may ask the provider again (a lease, then a backoff). */
    nextCheckAt: timestamp('next_check_at', { withTimezone: true }),
    /** A caller settling it (Assert, Capture) holds it until then; others wait and read the result. */
    settlingUntil: timestamp('settling_until', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('payment_attempts_open_idx').on(t.state, t.createdAt),
    index('payment_attempts_invoice_idx').on(t.invoiceId),
  ],
);

export const providerEvents = pgTable(
  'provider_events',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    attemptId: uuid('attempt_id').references(() => paymentAttempts.id),
    provider: text('provider', { enum: providers }).notNull(),
    /** What happened: notify, return, assert, capture, refund, reconcile, ... */
    kind: text('kind').notNull(),
    /** The provider's reference for it (transaction id, capture id, token) or our own. */
    reference: text('reference').notNull(),
    payload: jsonb('payload').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('provider_events_reference_kind_key').on(t.provider, t.reference, t.kind),
    // Whether a payer acted on an attempt is asked of its events (payments/payer-acted.ts).
    index('provider_events_attempt_idx').on(t.attemptId),
  ],
);

export const refundStates = ['pending', 'captured', 'failed'] as const;

export const refunds = pgTable('refunds', {
  id: id(),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id),
  attemptId: uuid('attempt_id')
    .notNull()
    .references(() => paymentAttempts.id),
  amount: money('amount').notNull(),
  currency: char('currency', { length: 3 }).notNull(),
  // `pending` until the provider's own record says captured or failed; never released on a guess.
  state: text('state', { enum: refundStates })
    .notNull()
    .default('pending'),
  /** The provider's id of the refund as soon as it exists (Saferpay's refund authorisation), to ask and cancel it by. */
  providerTransactionId: text('provider_transaction_id'),
  providerRefundId: text('provider_refund_id'),
  failureReason: text('failure_reason'),
  /** Why the accountant gave the money back (goods returned, duplicate payment), for the books. */
  reason: text('reason'),
  createdByUserId: uuid('created_by_user_id').references(() => users.id),
  createdAt: createdAt(),
});

export * from './schema-rate-limits.js';
export * from './reconciliation-schema.js';
export * from './schema-web.js';
export * from './schema-webhooks.js';
