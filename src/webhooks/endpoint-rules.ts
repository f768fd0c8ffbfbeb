// The checks every endpoint verb shares, as domain errors naming the field.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { webhookEndpoints } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import type { ServiceContext } from '../services/context.js';
import { endpointUrlProblem } from './endpoint-url.js';

export function assertEndpointUrl(url: string, sandboxEnabled: boolean) {
  const problem = endpointUrlProblem(url, sandboxEnabled);
  if (problem) {
    throw new DomainError('webhook_url_not_allowed', `The endpoint URL ${problem}.`, { errors: [{ field: 'url', message: problem }] });
  }
}

export function requireSecretBox(ctx: ServiceContext) {
  // Every entry configures one; without it no secret could be stored, so nothing is.
  if (!ctx.secretBox) throw new Error('no secret box configured: endpoint secrets cannot be sealed');
  return ctx.secretBox;
}

/**
 * The tenant's endpoint, locked for the change; another tenant's id is not found. A change
 * that keeps the row takes NO KEY UPDATE, so events being queued for it do not wait; a
 * deletion takes UPDATE.
 */
export async function lockEndpoint(tx: Tx, tenantId: string, id: string, strength: 'update' | 'no key update' = 'no key update') {
  const [row] = await tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id)))
    .for(strength);
  if (!row) throw notFound('The event endpoint');
  return row;
}
