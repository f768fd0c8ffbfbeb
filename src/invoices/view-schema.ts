// The invoice as the API shows it; shared by the CRUD and the action routes.
import { z } from '@hono/zod-openapi';
import { invoiceStatuses } from '../db/schema.js';

export const invoiceViewSchema = z
  .object({
    id: z.string(),
    number: z.string().nullable(),
    status: z.enum(invoiceStatuses),
    currency: z.string(),
    contactId: z.string(),
    contact: z.object({ id: z.string(), name: z.string(), email: z.string(), language: z.string() }),
    invoiceDate: z.string(),
    dueDate: z.string(),
    referenceText: z.string().nullable(),
    paymentReference: z.string().nullable(),
    lines: z.array(
      z.object({
        position: z.number().int(),
        description: z.string(),
        quantity: z.string().openapi({ example: '1.5' }),
        unitPrice: z.number().int(),
        vatRate: z.number(),
        revenueAccount: z.string(),
        netAmount: z.number().int(),
      }),
    ),
    vatGroups: z.array(
      z.object({ vatRate: z.number(), netAmount: z.number().int(), vatAmount: z.number().int() }),
    ),
    netTotal: z.number().int(),
    vatTotal: z.number().int(),
    roundingAmount: z.number().int(),
    total: z.number().int(),
    paidAmount: z.number().int(),
    openAmount: z.number().int(),
    flagReason: z.string().nullable(),
    paymentServices: z.array(
      z.object({
        connectionId: z.string(),
        provider: z.string(),
        environment: z.string(),
        label: z.string(),
      }),
    ),
    payLink: z.object({ url: z.string(), createdAt: z.string() }).nullable(),
    email: z
      .object({
        status: z.enum(['pending', 'sent', 'failed']),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
        sentAt: z.string().nullable(),
      })
      .nullable(),
    /** Bank statement lines that paid it (QR-bill, bank transfer): where the money came from. */
    bankPayments: z.array(
      z.object({
        bankEntryId: z.string(),
        bookingDate: z.string(),
        amount: z.number().int(),
        currency: z.string(),
        reference: z.string().nullable(),
        bankReference: z.string().nullable(),
        payer: z.string().nullable(),
        journalEntryId: z.string().nullable(),
      }),
    ),
    lastPayment: z
      .object({
        id: z.string(),
        provider: z.string(),
        method: z.string(),
        state: z.string(),
        amount: z.number().int(),
        failureReason: z.string().nullable().openapi({ description: 'Why the attempt failed, in words for the accountant' }),
        createdAt: z.string(),
      })
      .nullable(),
    sentAt: z.string().nullable(),
    paidAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Invoice');

export type InvoiceView = z.infer<typeof invoiceViewSchema>;
