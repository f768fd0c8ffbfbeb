// The API's shapes of event endpoints and their delivery log; also what the back office validates.
import { z } from '@hono/zod-openapi';
import { webhookDeliveryStatuses } from '../db/schema.js';
import { allEvents, webhookEventTypes } from './event-types.js';

const eventNameSchema = z.enum([allEvents, ...webhookEventTypes], {
  error: `must be one of ${[allEvents, ...webhookEventTypes].join(', ')}`,
});

const fields = {
  url: z.string().trim().min(1, { error: 'must be a URL' }).max(2000, { error: 'must be at most 2000 characters' }).openapi({
    example: 'https://erp.example.ch/hooks/payments',
    description: 'https on a public address; http and local addresses only while the sandbox is on',
  }),
  events: z
    .array(eventNameSchema)
    .min(1, { error: 'must name at least one event type, or "*"' })
    .max(webhookEventTypes.length + 1)
    .refine((events) => new Set(events).size === events.length, { error: 'must not name an event type twice' })
    .openapi({ example: ['invoice.paid', 'invoice.partially_paid'], description: '`*` stands for every type, future ones included' }),
  description: z.string().trim().max(200, { error: 'must be at most 200 characters' }),
};

export const endpointCreateSchema = z.strictObject({ ...fields, description: fields.description.default('') }).openapi('WebhookEndpointCreate');

export const endpointPatchSchema = z
  .strictObject({
    url: fields.url.optional(),
    events: fields.events.optional(),
    description: fields.description.optional(),
    enabled: z.boolean().optional().openapi({ description: 'false switches the endpoint off; true on again (clears the failure record)' }),
  })
  .openapi('WebhookEndpointPatch');

export const endpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    description: z.string(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable().openapi({ description: 'Why it is off: by an admin, or after three days of failed deliveries' }),
    disabledAt: z.string().nullable(),
    consecutiveFailures: z.number().int(),
    failingSince: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('WebhookEndpoint');

export const endpointWithSecretSchema = endpointSchema
  .extend({ secret: z.string().openapi({ description: 'The signing secret, shown this once', example: 'whsec_…' }) })
  .openapi('WebhookEndpointWithSecret');

const deliverySchema = z
  .object({
    id: z.string(),
    status: z.enum(webhookDeliveryStatuses),
    replayOf: z.string().nullable().openapi({ description: 'The delivery this one replays' }),
    event: z.object({ id: z.string(), type: z.string(), created: z.string(), data: z.record(z.string(), z.unknown()) }),
    attempts: z.array(
      z.object({
        attempt: z.number().int(),
        at: z.string(),
        statusCode: z.number().int().nullable().openapi({ description: 'null: no answer came (timeout, refused connection)' }),
        durationMs: z.number().int(),
        error: z.string().nullable(),
      }),
    ),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('WebhookDelivery');

export const deliveryPageSchema = z.object({
  items: z.array(deliverySchema),
  nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next (older) page; null on the last page' }),
});
