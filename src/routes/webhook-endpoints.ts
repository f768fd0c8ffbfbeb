// Event endpoints (webhooks for the company's own systems): admins register the URLs that
// receive signed events, read each endpoint's delivery log and replay a delivery.
import { z } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import { webhookEndpoints } from '../db/schema.js';
import { notFound } from '../errors.js';
import { serviceContext } from '../http/context.js';
import { apiRoute, createRouter } from '../http/router.js';
import { idParamSchema, json, jsonBody, uuidSchema } from '../http/schemas.js';
import { createWebhookEndpoint } from '../services/create-webhook-endpoint.js';
import { deleteWebhookEndpoint } from '../services/delete-webhook-endpoint.js';
import { replayWebhookDelivery } from '../services/replay-webhook-delivery.js';
import { rotateWebhookSecret } from '../services/rotate-webhook-secret.js';
import { updateWebhookEndpoint } from '../services/update-webhook-endpoint.js';
import { toWebhookEndpoint } from '../webhooks/endpoint-view.js';
import { deliveryPageSchema, endpointCreateSchema, endpointPatchSchema, endpointSchema, endpointWithSecretSchema } from '../webhooks/endpoint-schemas.js';
import { deliveryQuerySchema, readDeliveries } from '../webhooks/read-deliveries.js';

export const webhookEndpointRoutes = createRouter();

const tags = ['events'];
const deliveryParamSchema = z.object({
  id: uuidSchema.openapi({ param: { name: 'id', in: 'path' } }),
  deliveryId: uuidSchema.openapi({ param: { name: 'deliveryId', in: 'path' } }),
});

webhookEndpointRoutes.openapi(
  apiRoute('webhooks:manage', [], {
    method: 'get',
    path: '/webhook-endpoints',
    operationId: 'listWebhookEndpoints',
    tags,
    summary: 'List the endpoints that receive events',
    responses: { 200: json(z.object({ items: z.array(endpointSchema) }), 'Event endpoints, oldest first') },
  }),
  async (c) => {
    const rows = await c
      .get('deps')
      .db.select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.tenantId, c.get('auth').tenantId))
      .orderBy(asc(webhookEndpoints.createdAt));
    return c.json({ items: rows.map(toWebhookEndpoint) }, 200);
  },
);

webhookEndpointRoutes.openapi(
  apiRoute('webhooks:manage', ['webhook_url_not_allowed'], {
    method: 'post',
    path: '/webhook-endpoints',
    operationId: 'createWebhookEndpoint',
    tags,
    summary: 'Register an endpoint for events',
    description:
      'The answer carries the signing `secret` this once: keep it where the receiver can read it. ' +
      'Each event is POSTed as JSON with the headers `Webhook-Id` (the event id, to deduplicate), `Webhook-Type` and ' +
      '`Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`. Audited.',
    request: { body: jsonBody(endpointCreateSchema) },
    responses: { 201: json(endpointWithSecretSchema, 'The new endpoint, with its secret') },
  }),
  async (c) => {
    const { row, secret } = await createWebhookEndpoint({ ctx: serviceContext(c), input: c.req.valid('json') });
    return c.json({ ...toWebhookEndpoint(row), secret }, 201);
  },
);

webhookEndpointRoutes.openapi(
  apiRoute('webhooks:manage', ['not_found'], {
    method: 'get',
    path: '/webhook-endpoints/{id}',
    operationId: 'getWebhookEndpoint',
    tags,
    summary: 'One event endpoint',
    request: { params: idParamSchema },
    responses: { 200: json(endpointSchema, 'The endpoint') },
  }),
  async (c) => {
    const [row] = await c
      .get('deps')
      .db.select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.tenantId, c.get('auth').tenantId), eq(webhookEndpoints.id, c.req.valid('param').id)));
    if (!row) throw notFound('The event endpoint');
    return c.json(toWebhookEndpoint(row), 200);
  },
);

webhookEndpointRoutes.openapi(
  apiRoute('webhooks:manage', ['not_found', 'webhook_url_not_allowed'], {
    method: 'patch',
    path: '/webhook-endpoints/{id}',
    operationId: 'updateWebhookEndpoint',
    tags,
    summary: 'Change an event endpoint, or switch it on or off',
    description: 'Switching a disabled endpoint on clears its failure record; its pending deliveries resume. Audited.',
    request: { params: idParamSchema, body: jsonBody(endpointPatchSchema) },
    responses: { 200: json(endpointSchema, 'The endpoint') },
  }),
  async (c) => {
    const row = await updateWebhookEndpoint({ ctx: serviceContext(c), input: { id: c.req.valid('param').id, patch: c.req.valid('json') } });
    return c.json(toWebhookEndpoint(row), 200);
  },
);

webhookEndpointRoutes.openapi(
  apiRoute('webhooks:manage', ['not_found'], {
    method: 'delete',
    path: '/webhook-endpoints/{id}',
    operationId: 'deleteWebhookEndpoint',
    tags,
    summary: 'Delete an event endpoint and its delivery log',
    description: 'Audited.',
    request: { params: idParamSchema },
    responses: { 204: { description: 'Deleted' } },
  }),
  async (c) => {
    await deleteWebhookEndpoint({ ctx: serviceContext(c), input: { id: c.req.valid('param').id } });
    return c.body(null, 204);
  },
);

webhookEndpointRoutes.openapi(
  apiRoute('webhooks:manage', ['not_found'], {
    method: 'post',
    path: '/webhook-endpoints/{id}/rotate-secret',
    operationId: 'rotateWebhookSecret',
    tags,
    summary: "Replace an endpoint's signing secret",
    description: 'The new secret is answered this once and signs every request from now on, retries of older events included. Audited.',
    request: { params: idParamSchema },
    responses: { 200: json(endpointWithSecretSchema, 'The endpoint, with its new secret') },
  }),
  async (c) => {
    const { row, secret } = await rotateWebhookSecret({ ctx: serviceContext(c), input: { id: c.req.valid('param').id } });
    return c.json({ ...toWebhookEndpoint(row), secret }, 200);
  },
);

webhookEndpointRoutes.openapi(
  apiRoute('webhooks:manage', ['not_found'], {
    method: 'get',
    path: '/webhook-endpoints/{id}/deliveries',
    operationId: 'listWebhookDeliveries',
    tags,
    summary: "An endpoint's delivery log, newest first, paged",
    request: { params: idParamSchema, query: deliveryQuerySchema },
    responses: { 200: json(deliveryPageSchema, 'One page of deliveries with their attempts') },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const db = c.get('deps').db;
    const [endpoint] = await db
      .select({ id: webhookEndpoints.id })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.tenantId, c.get('auth').tenantId), eq(webhookEndpoints.id, id)));
    if (!endpoint) throw notFound('The event endpoint');
    return c.json(await readDeliveries(db, endpoint.id, c.req.valid('query')), 200);
  },
);

webhookEndpointRoutes.openapi(
  apiRoute('webhooks:manage', ['not_found', 'webhook_endpoint_disabled'], {
    method: 'post',
    path: '/webhook-endpoints/{id}/deliveries/{deliveryId}/replay',
    operationId: 'replayWebhookDelivery',
    tags,
    summary: 'Send a delivered or failed event to the endpoint again',
    description: 'Queues a new delivery of the same event (same event id) at once, retried like any other. Audited.',
    request: { params: deliveryParamSchema },
    responses: { 202: json(z.object({ id: z.string(), replayOf: z.string(), status: z.literal('pending') }), 'The new delivery, queued') },
  }),
  async (c) => {
    const { id, deliveryId } = c.req.valid('param');
    const replay = await replayWebhookDelivery({ ctx: serviceContext(c), input: { endpointId: id, deliveryId } });
    return c.json({ id: replay.id, replayOf: deliveryId, status: 'pending' as const }, 202);
  },
);
