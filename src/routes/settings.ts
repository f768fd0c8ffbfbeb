// Tenant settings: creditor address and IBAN for invoices, the system account, the closed
// period, and the SwissBilling item category.
import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { tenants } from '../db/schema.js';
import { isValidIban } from '../documents/payment-reference.js';
import { serviceContext } from '../http/context.js';
import { swissBillingCategories } from '../providers/postfinance/swissbilling.js';
import { apiRoute, createRouter } from '../http/router.js';
import { accountNumberSchema, dateSchema, json, jsonBody } from '../http/schemas.js';
import { updateSettings } from '../services/update-settings.js';

export const settingsRoutes = createRouter();

const text = (max: number) => z.string().trim().min(1).max(max);

const settingsSchema = z
  .object({
    name: z.string(),
    street: z.string().nullable(),
    buildingNumber: z.string().nullable(),
    postalCode: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string(),
    email: z.string().nullable(),
    iban: z.string().nullable(),
    vatNumber: z.string().nullable(),
    baseCurrency: z.string(),
    systemAccount: z.string(),
    booksClosedUntil: z.string().nullable(),
    swissBillingCategory: z.string(),
  })
  .openapi('Settings');

/** Also the back office's settings forms: one set of rules for both. */
export const settingsPatchSchema = z.strictObject({
  name: text(200).optional(),
  street: text(70).nullable().optional(),
  buildingNumber: text(16).nullable().optional(),
  postalCode: text(16).nullable().optional(),
  city: text(35).nullable().optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166 alpha-2 code such as CH' })
    .optional(),
  email: z.email({ error: 'must be an e-mail address' }).nullable().optional(),
  iban: z
    .string()
    .transform((value) => value.replaceAll(' ', '').toUpperCase())
    .pipe(
      z
        .string()
        .regex(/^(CH|LI)\d{7}[A-Z0-9]{12}$/, { error: 'must be a Swiss or Liechtenstein IBAN' })
        // A typo would pass the pattern and fail only later, in every QR-bill of the tenant.
        .refine(isValidIban, { error: 'the check digits do not match: check the IBAN for a typo' }),
    )
    .nullable()
    .optional(),
  vatNumber: text(30).nullable().optional(),
  systemAccount: accountNumberSchema.optional(),
  booksClosedUntil: dateSchema.nullable().optional(),
  swissBillingCategory: z.enum(swissBillingCategories).optional().openapi({
    description: 'The SwissBilling item category of every invoice line (default ServicesForProfessionals)',
  }),
});

const toSettings = (row: typeof tenants.$inferSelect) => {
  const { id: _id, createdAt: _createdAt, ...settings } = row;
  return settings;
};

settingsRoutes.openapi(
  apiRoute('accounts:read', [], {
    method: 'get',
    path: '/settings',
    operationId: 'getSettings',
    tags: ['settings'],
    summary: 'Read the tenant settings',
    responses: { 200: json(settingsSchema, 'Settings') },
  }),
  async (c) => {
    const [row] = await c
      .get('deps')
      .db.select()
      .from(tenants)
      .where(eq(tenants.id, c.get('auth').tenantId));
    if (!row) throw new Error('tenant of an authenticated key vanished');
    return c.json(toSettings(row), 200);
  },
);

settingsRoutes.openapi(
  apiRoute('settings:manage', ['account_unknown'], {
    method: 'patch',
    path: '/settings',
    operationId: 'updateSettings',
    tags: ['settings'],
    summary: 'Change tenant settings',
    description:
      'Changing `systemAccount` is audited and answered with a warning: automatic bookings made before ' +
      'the change stay on the previous account.',
    request: { body: jsonBody(settingsPatchSchema) },
    responses: {
      200: json(settingsSchema.extend({ warnings: z.array(z.string()) }), 'The settings after the change'),
    },
  }),
  async (c) => {
    const { settings, warnings } = await updateSettings({
      ctx: serviceContext(c),
      input: c.req.valid('json'),
    });
    return c.json({ ...toSettings(settings), warnings }, 200);
  },
);
