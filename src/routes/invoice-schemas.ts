// The body of POST and PATCH /api/v1/invoices: the API and the back office's draft editor
// validate invoices with these same schemas.
import { z } from '@hono/zod-openapi';
import { currencySchema, dateSchema, maxAmount, uuidSchema } from '../http/schemas.js';
import { vatRates } from '../invoices/totals.js';

export const invoiceLineSchema = z.strictObject({
  description: z.string().trim().min(1, { error: 'must say what is billed' }).max(500),
  quantity: z
    .union([z.number(), z.string()], { error: 'must be a number such as 1.5 (at most 3 decimals)' })
    .openapi({ example: '1.5', description: 'Up to 3 decimals; a decimal string avoids any float doubt.' }),
  unitPrice: z
    .number({ error: 'must be an integer count of minor units' })
    .int({ error: 'must be an integer count of minor units (Rappen, cents), not a decimal' })
    .min(0, { error: 'must not be negative' })
    .max(maxAmount)
    .openapi({ example: 18000, description: 'Net unit price in minor units (CHF 180.00 is 18000).' }),
  vatRate: z
    .number({ error: 'must be one of 8.1, 2.6, 3.8, 0' })
    .refine((rate) => (vatRates as readonly number[]).includes(rate), {
      error: 'must be one of 8.1, 2.6, 3.8, 0',
    })
    .openapi({ example: 8.1 }),
  revenueAccount: z
    .string()
    .regex(/^\d{4}$/, { error: 'must be a 4-digit account number' })
    .optional(),
});

const baseFields = {
  contactId: uuidSchema,
  currency: currencySchema.optional(),
  invoiceDate: dateSchema.optional(),
  dueDate: dateSchema.optional(),
  paymentTermDays: z.number().int().min(0).max(365).optional(),
  referenceText: z.string().trim().max(140).nullable().optional(),
  lines: z.array(invoiceLineSchema).min(1, { error: 'an invoice needs at least one line' }).max(200),
};
export const invoiceCreateSchema = z.strictObject(baseFields);
export const invoicePatchSchema = z.strictObject({
  ...baseFields,
  contactId: uuidSchema.optional(),
  lines: baseFields.lines.optional(),
});
