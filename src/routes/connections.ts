// Payment services (connections): a tenant's contract with Saferpay or SwissBilling:
// provider, environment, credentials (rotated by a PATCH), currencies, methods, the
// currencies of each method's contract and the default flag; and the provider's verdict.
import { z } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import { environments, paymentMethods, providers } from '../connections/rules.js';
import { connections } from '../db/schema.js';
import { hashAlgorithms } from '../providers/postfinance/signature.js';
import { verifyResults } from '../providers/types.js';
import { notFound } from '../errors.js';
import { serviceContext } from '../http/context.js';
import { apiRoute, createRouter } from '../http/router.js';
import { currencySchema, idParamSchema, json, jsonBody } from '../http/schemas.js';
import { paymentDeps } from '../payments/deps.js';
import { deleteConnection } from '../services/delete-connection.js';
import { createConnection, updateConnection } from '../services/save-connection.js';
import { verifyConnection } from '../services/verify-connection.js';

export const connectionRoutes = createRouter();

const methodCurrenciesSchema = z.record(z.string().max(30), z.array(z.string().max(10)).max(10)).openapi({
  description:
    'Currencies of each method\'s contract ({ "TWINT": ["CHF"], "VISA": ["CHF", "EUR"] }); verify fills them from ' +
    "Saferpay's terminal. A method not listed has the connection's currencies it can exist in (TWINT and SwissBilling: CHF).",
  example: { TWINT: ['CHF'], VISA: ['CHF', 'EUR'], MASTERCARD: ['CHF', 'EUR'] },
});

export const connectionSchema = z
  .object({
    id: z.string(),
    provider: z.enum(providers),
    environment: z.enum(environments),
    label: z.string(),
    currencies: z.array(z.string()),
    methods: z.array(z.string()),
    methodCurrencies: methodCurrenciesSchema,
    isDefault: z.boolean(),
    credentials: z.record(z.string(), z.unknown()).nullable().openapi({
      description: 'The non-secret settings (customer and terminal id, user, PSPID, ...) and `passwordSet`.',
    }),
    createdAt: z.string(),
  })
  .openapi('Connection');

export const saferpayCredentialsSchema = z
  .strictObject({
    customerId: z.string().regex(/^\d{1,8}$/, { error: 'must be the numeric Saferpay customer id (first part of the account id)' }),
    terminalId: z.string().regex(/^\d{8}$/, { error: 'must be the 8-digit Saferpay terminal id' }),
    username: z.string().trim().min(1).max(100),
    password: z.string().min(1).max(200),
    baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(300).optional().openapi({
      description: 'Sandbox only, while the sandbox is enabled: another Saferpay simulator. Test and live always use the official hosts; a baseUrl for them is refused (422).',
    }),
  })
  .openapi('SaferpayCredentials');

export const postfinanceCredentialsSchema = z
  .strictObject({
    pspid: z.string().trim().min(1).max(30),
    userId: z.string().trim().min(1).max(100).openapi({ description: 'DirectLink API user' }),
    password: z.string().min(1).max(200).openapi({ description: 'DirectLink API user password' }),
    shaIn: z.string().min(8).max(200),
    shaOut: z.string().min(8).max(200),
    directLinkPassphrase: z.string().min(8).max(200).openapi({ description: 'DirectLink SHA-IN passphrase' }),
    hashAlgorithm: z.enum(hashAlgorithms).optional().openapi({ description: 'Default SHA-512' }),
    mode: z.enum(['B2C', 'B2B']).optional(),
    baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(300).optional().openapi({
      description: 'Sandbox only, while the sandbox is enabled: another PostFinance simulator. Test and live always use the official hosts; a baseUrl for them is refused (422).',
    }),
  })
  .openapi('PostFinanceCredentials');

const postfinanceCheckoutCredentialsSchema = z
  .strictObject({
    spaceId: z.string().regex(/^\d{1,18}$/, { error: 'must be the numeric PostFinance Checkout space id' }),
    userId: z.string().regex(/^\d{1,18}$/, { error: 'must be the numeric id of the application user' }),
    authenticationKey: z.base64({ error: "must be the application user's authentication key (base64)" }).min(16).max(200),
    webhookSignatures: z.enum(['required', 'optional']).optional().openapi({
      description: "Default required: webhooks without the platform's signature are refused. optional: the space's listeners do not sign; bodies are only a hint to read the transaction.",
    }),
    baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(300).optional().openapi({
      description: 'Sandbox only, while the sandbox is enabled: another PostFinance Checkout simulator.',
    }),
  })
  .openapi('PostFinanceCheckoutCredentials');

const stripeCredentialsSchema = z
  .strictObject({
    publishableKey: z.string().regex(/^pk_(test|live)_[A-Za-z0-9]{8,250}$/, { error: 'must be a Stripe publishable key (pk_test_… or pk_live_…)' }),
    secretKey: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]{8,250}$/, { error: 'must be a Stripe secret or restricted key (sk_… or rk_…, test or live)' }),
    webhookSecret: z.string().regex(/^whsec_[A-Za-z0-9]{8,250}$/, { error: "must be the webhook endpoint's signing secret (whsec_…)" }),
    baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(300).optional().openapi({
      description: 'Sandbox only, while the sandbox is enabled: another Stripe simulator.',
    }),
  })
  .openapi('StripeCredentials', {
    description: 'A live service takes only live keys, a test or sandbox service only test keys (422 keys_wrong_mode otherwise).',
  });

const fields = {
  environment: z.enum(environments),
  label: z.string().trim().min(1).max(100),
  currencies: z.array(currencySchema).min(1).max(10),
  methods: z.array(z.enum(paymentMethods)).min(1).max(10),
  methodCurrencies: methodCurrenciesSchema,
  isDefault: z.boolean(),
  credentials: z.union([saferpayCredentialsSchema, postfinanceCredentialsSchema, postfinanceCheckoutCredentialsSchema, stripeCredentialsSchema]).optional().openapi({
    description: 'Provider credentials. Passwords and passphrases are stored encrypted and never returned.',
  }),
};

/** Also the back office's forms (web/settings): one set of rules for both. */
export const connectionCreateSchema = z.strictObject({
  provider: z.enum(providers),
  ...fields,
  currencies: fields.currencies.default(['CHF']),
  methodCurrencies: fields.methodCurrencies.default({}),
  isDefault: fields.isDefault.default(false),
});
export const connectionPatchSchema = z.strictObject({
  label: fields.label.optional(),
  environment: fields.environment.optional(),
  currencies: fields.currencies.optional(),
  methods: fields.methods.optional(),
  methodCurrencies: fields.methodCurrencies.optional(),
  isDefault: fields.isDefault.optional(),
  credentials: z.union([saferpayCredentialsSchema.partial(), postfinanceCredentialsSchema.partial(), postfinanceCheckoutCredentialsSchema.partial(), stripeCredentialsSchema.partial()]).optional().openapi({
    description:
      'Rotates credentials at once: the fields sent replace the stored ones, the others are kept ' +
      '(`{ "password": "…" }` changes only the password). Audited by field name, never by value.',
  }),
});

export const toConnection = (row: typeof connections.$inferSelect) => ({
  id: row.id,
  provider: row.provider,
  environment: row.environment,
  label: row.label,
  currencies: row.currencies,
  methods: row.methods,
  methodCurrencies: row.methodCurrencies,
  isDefault: row.isDefault,
  credentials: row.sealedSecrets ? { ...(row.settings as Record<string, unknown>), passwordSet: true } : null,
  createdAt: row.createdAt.toISOString(),
});

connectionRoutes.openapi(
  apiRoute('invoices:read', [], {
    method: 'get',
    path: '/connections',
    operationId: 'listConnections',
    tags: ['payment services'],
    summary: 'List payment services',
    responses: { 200: json(z.object({ items: z.array(connectionSchema) }), 'Payment services') },
  }),
  async (c) => {
    const rows = await c
      .get('deps')
      .db.select()
      .from(connections)
      .where(eq(connections.tenantId, c.get('auth').tenantId))
      .orderBy(asc(connections.createdAt));
    return c.json({ items: rows.map(toConnection) }, 200);
  },
);

connectionRoutes.openapi(
  apiRoute('invoices:read', ['not_found'], {
    method: 'get',
    path: '/connections/{id}',
    operationId: 'getConnection',
    tags: ['payment services'],
    summary: 'One payment service',
    request: { params: idParamSchema },
    responses: { 200: json(connectionSchema, 'The payment service') },
  }),
  async (c) => {
    const [row] = await c
      .get('deps')
      .db.select()
      .from(connections)
      .where(
        and(eq(connections.tenantId, c.get('auth').tenantId), eq(connections.id, c.req.valid('param').id)),
      );
    if (!row) throw notFound('The payment service');
    return c.json(toConnection(row), 200);
  },
);

connectionRoutes.openapi(
  apiRoute('connections:manage', ['currency_not_enabled', 'method_not_enabled', 'sandbox_disabled', 'base_url_not_allowed', 'keys_wrong_mode'], {
    method: 'post',
    path: '/connections',
    operationId: 'createConnection',
    tags: ['payment services'],
    summary: 'Add a payment service',
    description:
      'Currencies: CHF by default; EUR, GBP, USD (Saferpay) once the provider contract covers them.',
    request: { body: jsonBody(connectionCreateSchema) },
    responses: { 201: json(connectionSchema, 'The new payment service') },
  }),
  async (c) => {
    const row = await createConnection({ ctx: serviceContext(c), input: c.req.valid('json') });
    return c.json(toConnection(row), 201);
  },
);

connectionRoutes.openapi(
  apiRoute('connections:manage', ['not_found', 'currency_not_enabled', 'method_not_enabled', 'sandbox_disabled', 'base_url_not_allowed', 'keys_wrong_mode'], {
    method: 'patch',
    path: '/connections/{id}',
    operationId: 'updateConnection',
    tags: ['payment services'],
    summary: 'Change a payment service',
    request: { params: idParamSchema, body: jsonBody(connectionPatchSchema) },
    responses: { 200: json(connectionSchema, 'The payment service') },
  }),
  async (c) => {
    const row = await updateConnection({
      ctx: serviceContext(c),
      input: { id: c.req.valid('param').id, patch: c.req.valid('json') },
    });
    return c.json(toConnection(row), 200);
  },
);

connectionRoutes.openapi(
  apiRoute('connections:manage', ['not_found', 'connection_in_use'], {
    method: 'delete',
    path: '/connections/{id}',
    operationId: 'deleteConnection',
    tags: ['payment services'],
    summary: 'Delete a payment service that no invoice or payment refers to',
    description: 'A service attached to an invoice (even a draft) or with payment attempts is kept (409 `connection_in_use`). Audited.',
    request: { params: idParamSchema },
    responses: { 204: { description: 'Deleted' } },
  }),
  async (c) => {
    await deleteConnection({ ctx: serviceContext(c), input: { id: c.req.valid('param').id } });
    return c.body(null, 204);
  },
);

connectionRoutes.openapi(
  apiRoute('connections:manage', ['not_found', 'method_unavailable', 'sandbox_disabled'], {
    method: 'post',
    path: '/connections/{id}/verify',
    operationId: 'verifyConnection',
    tags: ['payment services'],
    summary: 'Ask the provider whether the credentials work, answered in plain words',
    request: { params: idParamSchema },
    responses: {
      200: json(
        z.object({
          result: z.enum(verifyResults),
          message: z.string().openapi({ description: 'In plain words; names each method that lacks an enabled currency' }),
          methodCurrencies: methodCurrenciesSchema.optional(),
          missing: z.array(z.object({ method: z.string(), currency: z.string() })).optional().openapi({
            description: "Enabled methods and currencies the contract does not cover: the online invoice leaves them out",
          }),
        }),
        'The verdict',
      ),
    },
  }),
  async (c) => {
    const verdict = await verifyConnection(paymentDeps(c.get('deps')), {
      tenantId: c.get('auth').tenantId,
      connectionId: c.req.valid('param').id,
    });
    return c.json(verdict, 200);
  },
);
