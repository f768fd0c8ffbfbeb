// Response and request schemas of the journal routes.
import { z } from '@hono/zod-openapi';
import { decodeCursor } from '../ledger/journal-order.js';
import { accountNumberSchema, currencySchema, dateSchema, minorAmountSchema, rateSchema } from '../http/schemas.js';

export const sources = ['invoice', 'payment', 'refund', 'manual', 'payout', 'fx', 'reversal', 'fee'] as const;

export const entryLineSchema = z.object({
  lineNo: z.number().int(),
  account: z.string(),
  accountName: z.string(),
  debit: z.number().int(),
  credit: z.number().int(),
  debitChf: z.number().int(),
  creditChf: z.number().int(),
  rate: z.string(),
});

export const entrySchema = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    date: z.string(),
    text: z.string(),
    source: z.enum(sources),
    sourceRef: z.string().nullable(),
    idempotencyKey: z.string(),
    currency: z.string(),
    reversesEntryId: z.string().nullable(),
    reversedByEntryId: z.string().nullable(),
    createdByUserId: z.string().nullable(),
    createdAt: z.string(),
    lines: z.array(entryLineSchema),
  })
  .openapi('JournalEntry');

export const accountTotalsSchema = z
  .object({
    account: z.string(),
    name: z.string(),
    debitChf: z.number().int(),
    creditChf: z.number().int(),
    balanceChf: z.number().int(),
    byCurrency: z.array(
      z.object({
        currency: z.string(),
        debit: z.number().int(),
        credit: z.number().int(),
        balance: z.number().int(),
      }),
    ),
  })
  .openapi('AccountTotals');

export const entryFilterSchema = z.object({
  from: dateSchema.optional(),
  to: dateSchema.optional(),
  account: accountNumberSchema.optional(),
  source: z.enum(sources).optional(),
  text: z.string().max(200).optional(),
});

export const cursorQuerySchema = z
  .string()
  .refine((value) => decodeCursor(value) !== null, { error: 'send nextCursor of the previous page as it is' })
  .optional()
  .openapi({
    description: "The previous page's `nextCursor`: the entries after it. Takes the place of `page`.",
    example: '2026-03-31_48213',
  });

export const manualEntrySchema = z.strictObject({
  date: dateSchema,
  text: z.string().trim().min(1, { error: 'must say what the entry is for' }).max(500),
  currency: currencySchema,
  rate: rateSchema
    .optional()
    .openapi({ description: 'CHF per unit of the currency; required unless the currency is CHF.' }),
  reference: z.string().max(200).optional(),
  idempotencyKey: z
    .string()
    .min(8)
    .max(100)
    .optional()
    .openapi({
      description:
        'Send the same key when retrying: the entry is booked once. The same key with any other field gets 409 idempotency_key_reused.',
    }),
  lines: z
    .array(
      z.strictObject({
        account: accountNumberSchema,
        debit: minorAmountSchema.optional(),
        credit: minorAmountSchema.optional(),
      }),
    )
    .min(2, { error: 'an entry needs at least one debit and one credit line' })
    .max(100),
});
