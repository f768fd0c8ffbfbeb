// Saferpay JSON API shapes (Spec 1.53, shared/specs/saferpay.md). Responses are parsed
// loosely: unknown fields are kept, so a newer Saferpay release does not break us.
import { z } from 'zod';

export const specVersion = '1.53';

const amountSchema = z.looseObject({ Value: z.string().regex(/^\d+$/), CurrencyCode: z.string().length(3) });

export const errorSchema = z.looseObject({
  Behavior: z.string(),
  ErrorName: z.string(),
  ErrorMessage: z.string().optional(),
  ErrorDetail: z.array(z.string()).optional(),
  TransactionId: z.string().optional(),
  OrderId: z.string().optional(),
  PayerMessage: z.string().optional(),
});

export const initializeResponseSchema = z.looseObject({
  Token: z.string(),
  Expiration: z.string(),
  RedirectUrl: z.string(),
});

export const transactionSchema = z.looseObject({
  Type: z.string(),
  Status: z.string(),
  Id: z.string(),
  CaptureId: z.string().optional(),
  Amount: amountSchema,
  OrderId: z.string().optional(),
});

export const assertResponseSchema = z.looseObject({
  Transaction: transactionSchema,
  PaymentMeans: z.looseObject({ Brand: z.looseObject({ PaymentMethod: z.string().optional(), Name: z.string() }) }).optional(),
});

export const captureResponseSchema = z.looseObject({
  CaptureId: z.string().optional(),
  Status: z.enum(['CAPTURED', 'PENDING']),
  Date: z.string().optional(),
});

export const cancelResponseSchema = z.looseObject({ TransactionId: z.string() });

export const refundResponseSchema = z.looseObject({ Transaction: transactionSchema });

export type SaferpayTransaction = z.infer<typeof transactionSchema>;

export const terminalSchema = z.looseObject({
  TerminalId: z.string(),
  PaymentMethods: z.array(z.looseObject({ PaymentMethod: z.string(), Currencies: z.array(z.string()).optional() })).optional(),
});
