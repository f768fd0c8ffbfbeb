// Creating and changing a tenant's payment service. One default per provider: marking a
// connection as default unmarks the others of the same provider. Credentials sent with a
// change rotate at once: merged into the kept ones (fields not sent stay) and sealed again.
import type { HashAlgorithm } from '../providers/postfinance/signature.js';
import { assertKeptCredentialsFit, sealCredentials } from '../connections/credentials.js';
import { assertEnvironmentAllowed } from '../connections/environment.js';
import { and, eq, ne } from 'drizzle-orm';
import { changesOf, recordAudit } from '../audit/record.js';
import { type Tx, withTransaction } from '../db/client.js';
import { connections } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import {
  type Provider,
  assertMethodCurrencies,
  providerCurrencies,
  providerMethods,
  providerNames,
  pruneMethodCurrencies,
} from '../connections/rules.js';
import type { ServiceContext } from './context.js';

export interface SaferpayCredentialsInput {
  customerId: string;
  terminalId: string;
  username: string;
  password: string;
  baseUrl?: string;
}

export interface PostFinanceCredentialsInput {
  pspid: string;
  userId: string;
  password: string;
  shaIn: string;
  shaOut: string;
  directLinkPassphrase: string;
  hashAlgorithm?: HashAlgorithm;
  mode?: 'B2C' | 'B2B';
  baseUrl?: string;
}

export interface PostFinanceCheckoutCredentialsInput {
  spaceId: string;
  userId: string;
  authenticationKey: string;
  webhookSignatures?: 'required' | 'optional';
  baseUrl?: string;
}

export interface StripeCredentialsInput {
  publishableKey: string;
  secretKey: string;
  webhookSecret: string;
  baseUrl?: string;
}

type CredentialsInputOf = SaferpayCredentialsInput | PostFinanceCredentialsInput | PostFinanceCheckoutCredentialsInput | StripeCredentialsInput;

export interface ConnectionInput {
  provider: Provider;
  environment: 'sandbox' | 'test' | 'live';
  label: string;
  currencies: string[];
  methods: string[];
  /** Currencies of each method's contract; a method not listed falls back to its own rules. */
  methodCurrencies?: Record<string, string[]>;
  isDefault: boolean;
  credentials?: CredentialsInputOf;
}

/** A change: any field, and credentials in part (a rotated password alone keeps the rest). */
export type ConnectionPatch = Partial<Omit<ConnectionInput, 'provider' | 'credentials'>> & {
  credentials?: Partial<SaferpayCredentialsInput> | Partial<PostFinanceCredentialsInput> | Partial<PostFinanceCheckoutCredentialsInput> | Partial<StripeCredentialsInput>;
};

function assertOffered(input: Pick<ConnectionInput, 'provider' | 'currencies' | 'methods'>): void {
  const currencies = providerCurrencies[input.provider];
  const badCurrency = input.currencies.findIndex((c) => !currencies.includes(c));
  if (badCurrency >= 0) {
    throw new DomainError(
      'currency_not_enabled',
      `${providerNames[input.provider]} offers ${currencies.join(', ')}; ${input.currencies[badCurrency]} cannot be enabled.`,
      { errors: [{ field: `currencies.${badCurrency}`, message: `one of ${currencies.join(', ')}` }] },
    );
  }
  const methods: readonly string[] = providerMethods[input.provider];
  const badMethod = input.methods.findIndex((m) => !methods.includes(m));
  if (badMethod >= 0) {
    throw new DomainError(
      'validation_failed',
      `${providerNames[input.provider]} offers the methods ${methods.join(', ')}.`,
      {
        errors: [{ field: `methods.${badMethod}`, message: `one of ${methods.join(', ')}` }],
      },
    );
  }
}

async function unmarkOtherDefaults(tx: Tx, tenantId: string, provider: Provider, keepId: string) {
  await tx
    .update(connections)
    .set({ isDefault: false })
    .where(
      and(eq(connections.tenantId, tenantId), eq(connections.provider, provider), ne(connections.id, keepId)),
    );
}

export async function createConnection({ ctx, input }: { ctx: ServiceContext; input: ConnectionInput }) {
  assertOffered(input);
  assertMethodCurrencies({ ...input, methodCurrencies: input.methodCurrencies ?? {} });
  assertEnvironmentAllowed({ environment: input.environment, baseUrlSent: input.credentials?.baseUrl !== undefined }, ctx.sandboxEnabled ?? false);
  const { credentials, ...fields } = input;
  const sealed = credentials && (await sealCredentials(ctx, input.provider, { ...credentials }, undefined, input.environment));
  const stored = sealed ? { settings: sealed.settings, sealedSecrets: sealed.sealedSecrets } : {};
  return withTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .insert(connections)
      .values({ tenantId: ctx.tenantId, ...fields, ...stored })
      .returning();
    if (!row) throw new Error('connection insert returned nothing');
    if (row.isDefault) await unmarkOtherDefaults(tx, ctx.tenantId, row.provider, row.id);
    const { id: connectionId, provider, environment, label, currencies, methods, methodCurrencies, isDefault } = row;
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'connection.created',
      details: { connectionId, provider, environment, label, currencies, methods, methodCurrencies, isDefault, credentials: row.settings, secrets: sealed?.secretsSent ?? [] },
    });
    return row;
  });
}

export function updateConnection({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; patch: ConnectionPatch };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const [current] = await tx
      .select()
      .from(connections)
      .where(and(eq(connections.tenantId, ctx.tenantId), eq(connections.id, input.id)))
      .for('update');
    if (!current) throw notFound('The payment service');
    const { credentials, ...patch } = input.patch;
    const next = { ...current, ...patch };
    assertEnvironmentAllowed({ environment: next.environment, baseUrlSent: credentials?.baseUrl !== undefined }, ctx.sandboxEnabled ?? false);
    assertOffered(next);
    if (input.patch.methodCurrencies) assertMethodCurrencies(next);
    const sealed = credentials && (await sealCredentials(ctx, current.provider, { ...credentials }, current, next.environment));
    if (!credentials && patch.environment && patch.environment !== current.environment) await assertKeptCredentialsFit(ctx, current, patch.environment);
    // Off the sandbox, a simulator's address has no meaning: test and live use the official hosts.
    const kept = (sealed?.settings ?? current.settings) as Record<string, unknown>;
    const settings = next.environment === 'sandbox' ? kept : { ...kept, baseUrl: null };
    const [row] = await tx
      .update(connections)
      .set({
        ...patch,
        settings,
        sealedSecrets: sealed?.sealedSecrets ?? current.sealedSecrets,
        methodCurrencies: input.patch.methodCurrencies ?? pruneMethodCurrencies(next),
      })
      .where(eq(connections.id, current.id))
      .returning();
    if (!row) throw notFound('The payment service');
    if (row.isDefault) await unmarkOtherDefaults(tx, ctx.tenantId, row.provider, row.id);
    await auditChange(ctx, tx, current, row, sealed?.secretsSent ?? []);
    return row;
  });
}

type Connection = typeof connections.$inferSelect;
const auditedFields = ['label', 'environment', 'currencies', 'methods', 'methodCurrencies', 'isDefault'] as const;

/** Readable changes as one row (credential settings as `credentials.<field>`), rotated secrets by name as another. */
async function auditChange(ctx: ServiceContext, tx: Tx, before: Connection, after: Connection, secretsSent: string[]) {
  const settingsBefore = (before.settings ?? {}) as Record<string, unknown>;
  const settingsAfter = (after.settings ?? {}) as Record<string, unknown>;
  const settingChanges = changesOf(settingsBefore, settingsAfter, Object.keys({ ...settingsBefore, ...settingsAfter }));
  const changes = {
    ...changesOf(before, after, auditedFields),
    ...Object.fromEntries(Object.entries(settingChanges).map(([field, change]) => [`credentials.${field}`, change])),
  };
  const base = { tenantId: ctx.tenantId, actorUserId: ctx.userId };
  if (Object.keys(changes).length > 0) {
    await recordAudit(tx, { ...base, action: 'connection.changed', details: { connectionId: after.id, changes } });
  }
  if (secretsSent.length > 0) {
    await recordAudit(tx, { ...base, action: 'connection.credentials_rotated', details: { connectionId: after.id, secrets: secretsSent } });
  }
}
