// Creating and changing a tenant's payment service. One default per provider: marking a
// connection as default unmarks the others of the same provider.
import type { HashAlgorithm } from '../providers/postfinance/signature.js';
import { and, eq, ne } from 'drizzle-orm';
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

const secretFields = ['password', 'shaIn', 'shaOut', 'directLinkPassphrase'] as const;

export interface ConnectionInput {
  provider: Provider;
  environment: 'sandbox' | 'test' | 'live';
  label: string;
  currencies: string[];
  methods: string[];
  /** Currencies of each method's contract; a method not listed falls back to its own rules. */
  methodCurrencies?: Record<string, string[]>;
  isDefault: boolean;
  credentials?: SaferpayCredentialsInput | PostFinanceCredentialsInput;
}

/** Splits credentials into the readable settings and the sealed secret. */
async function storedCredentials(
  ctx: ServiceContext,
  environment: ConnectionInput['environment'],
  credentials: ConnectionInput['credentials'],
  provider: Provider,
) {
  if (!credentials) return {};
  if (!ctx.secretBox) throw new Error('no secret box configured: credentials cannot be stored');
  const isPostFinance = 'pspid' in credentials;
  if (isPostFinance !== (provider === 'postfinance')) {
    throw new DomainError('validation_failed', `These credentials are not ${providerNames[provider]} credentials.`, {
      errors: [{ field: 'credentials', message: `give the ${provider} fields` }],
    });
  }
  const record = credentials as unknown as Record<string, string | undefined>;
  const secrets = Object.fromEntries(secretFields.filter((f) => record[f] !== undefined).map((f) => [f, record[f]]));
  const settings = Object.fromEntries(Object.entries(record).filter(([key]) => !(secretFields as readonly string[]).includes(key)));
  const defaults = isPostFinance ? { hashAlgorithm: 'SHA-512', mode: 'B2C' } : {};
  return {
    // A base URL of our choosing is allowed for sandboxes only: test and live use the official hosts.
    settings: { ...defaults, ...settings, baseUrl: environment === 'sandbox' ? (record.baseUrl ?? null) : null },
    sealedSecrets: await ctx.secretBox.seal(JSON.stringify(secrets), ctx.tenantId),
  };
}

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
  const { credentials, ...fields } = input;
  const stored = await storedCredentials(ctx, input.environment, credentials, input.provider);
  return withTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .insert(connections)
      .values({ tenantId: ctx.tenantId, ...fields, ...stored })
      .returning();
    if (!row) throw new Error('connection insert returned nothing');
    if (row.isDefault) await unmarkOtherDefaults(tx, ctx.tenantId, row.provider, row.id);
    return row;
  });
}

export function updateConnection({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; patch: Partial<Omit<ConnectionInput, 'provider'>> };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const [current] = await tx
      .select()
      .from(connections)
      .where(and(eq(connections.tenantId, ctx.tenantId), eq(connections.id, input.id)))
      .for('update');
    if (!current) throw notFound('The payment service');
    const next = { ...current, ...input.patch };
    assertOffered(next);
    if (input.patch.methodCurrencies) assertMethodCurrencies(next);
    const [row] = await tx
      .update(connections)
      .set({ ...input.patch, methodCurrencies: input.patch.methodCurrencies ?? pruneMethodCurrencies(next) })
      .where(eq(connections.id, current.id))
      .returning();
    if (!row) throw notFound('The payment service');
    if (row.isDefault) await unmarkOtherDefaults(tx, ctx.tenantId, row.provider, row.id);
    return row;
  });
}
