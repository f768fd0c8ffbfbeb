// What PostFinance Checkout answers (API v2.0, spec §4, §6, §8, §13), as far as we read it.
// Unknown fields pass; ids are numbers on the platform and kept as strings here.
import { z } from 'zod';

const id = z.union([z.number(), z.string()]).transform(String);

export const transactionStates = ['CREATE', 'PENDING', 'CONFIRMED', 'PROCESSING', 'FAILED', 'AUTHORIZED', 'VOIDED', 'COMPLETED', 'FULFILL', 'DECLINE'] as const;
export type TransactionState = (typeof transactionStates)[number];

export const transactionSchema = z.looseObject({
  id,
  state: z.enum(transactionStates),
  currency: z.string(),
  merchantReference: z.string().nullish(),
  authorizationAmount: z.number().nullish(),
  completedAmount: z.number().nullish(),
  refundedAmount: z.number().nullish(),
  authorizationEnvironment: z.enum(['TEST', 'PRODUCTION']).nullish(),
  failureReason: z.looseObject({ name: z.unknown().optional(), description: z.unknown().optional() }).nullish(),
  userFailureMessage: z.string().nullish(),
  spaceId: id.optional(),
  version: z.number().optional(),
});
export type CheckoutTransaction = z.infer<typeof transactionSchema>;

export const searchSchema = <T extends z.ZodType>(item: T) => z.looseObject({ data: z.array(item), hasMore: z.boolean().optional() });

export const refundStates = ['CREATE', 'SCHEDULED', 'PENDING', 'MANUAL_CHECK', 'FAILED', 'SUCCESSFUL'] as const;
export const refundSchema = z.looseObject({
  id,
  state: z.enum(refundStates),
  externalId: z.string(),
  amount: z.number().nullish(),
  failureReason: z.looseObject({ description: z.unknown().optional() }).nullish(),
});
export type CheckoutRefund = z.infer<typeof refundSchema>;

export const spaceSchema = z.looseObject({ id, name: z.string().nullish(), state: z.string().nullish() });

/** Spec §11: a space's payment method configurations; which currencies each takes is not in it (UNCONFIRMED). */
export const methodConfigurationSchema = z.looseObject({ id, name: z.string(), state: z.string().nullish() });
export type MethodConfiguration = z.infer<typeof methodConfigurationSchema>;

export const encryptionKeySchema = z.union([z.string(), z.looseObject({ id: z.string().optional(), publicKey: z.string() }).transform((k) => k.publicKey)]);

/** v2 `RestApiErrorResponse`. */
export const errorSchema = z.looseObject({ id: z.unknown().optional(), code: z.string().nullish(), message: z.string().nullish() });

/** Webhook body (spec §9.2); `state` only when the listener signs payloads. */
export const webhookSchema = z.looseObject({
  entityId: id,
  eventId: id,
  listenerEntityTechnicalName: z.string().optional(),
  listenerEntityId: z.union([z.number(), z.string()]).optional(),
  spaceId: id,
  state: z.string().optional(),
});
