// The audit trail of what matters for security: payment services and their credentials,
// API keys, users and roles, tenant settings, accounts and the closed period. A verb
// writes its row with the same transaction handle as the change, so both commit or neither
// does. Rows name who (the acting user; null for the operator's CLI and first start), what
// and the non-secret values before and after; never a secret, a key or a key's hash.
import type { Tx } from '../db/client.js';
import { auditLog } from '../db/schema.js';

export const auditActions = [
  'connection.created',
  'connection.changed',
  'connection.credentials_rotated',
  'connection.deleted',
  'connection.payout_recognition.changed',
  'api_key.issued',
  'api_key.revoked',
  'user.created',
  'user.role_changed',
  'user.disabled',
  'user.enabled',
  'user.invited',
  'user.signed_in',
  'user.sign_in_failed',
  'user.password_set',
  'user.password_reset_requested',
  'settings.changed',
  'system_account.changed',
  /** The closed period: entries dated on or before it are refused. */
  'books_closed_until.changed',
  'account.created',
  'account.renamed',
  'webhook_endpoint.created',
  'webhook_endpoint.changed',
  'webhook_endpoint.secret_rotated',
  'webhook_endpoint.deleted',
  /** Switched off by the delivery job after three days of failures (no actor). */
  'webhook_endpoint.disabled',
  'webhook_delivery.replayed',
] as const;
export type AuditAction = (typeof auditActions)[number];

export interface AuditEntry {
  tenantId: string;
  actorUserId: string | null;
  action: AuditAction;
  details: Record<string, unknown>;
}

export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values(entry);
}

export type Changes = Record<string, { from: unknown; to: unknown }>;

/** The fields of `after` whose value differs from `before`, with both values. */
export function changesOf(before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[]): Changes {
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return Object.fromEntries(
    fields.filter((field) => field in after && !same(before[field], after[field])).map((field) => [field, { from: before[field] ?? null, to: after[field] ?? null }]),
  );
}
