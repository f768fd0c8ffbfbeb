// Changing a user's role, or disabling and enabling them. A disabled user's API keys stop
// working at the next request (auth checks the user), and come back if the user is enabled
// again; revoke them to end them for good. The tenant keeps at least one active admin, so
// nobody can lock everyone out of users, keys and connections. Each change is audited.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Role } from '../access.js';
import { recordAudit } from '../audit/record.js';
import { type Tx, withTransaction } from '../db/client.js';
import { users } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import type { ServiceContext } from './context.js';

export interface UserPatch {
  role?: Role;
  disabled?: boolean;
}

/**
 * The tenant's active admins, locked in id order before the user's own row: two admins
 * disabling each other at once then take turns (no deadlock), and the second, re-reading
 * the first's changed row, no longer counts it.
 */
function lockActiveAdmins(tx: Tx, tenantId: string) {
  return tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.role, 'admin'), isNull(users.disabledAt)))
    .orderBy(asc(users.id))
    .for('update');
}

export function updateUser({ ctx, input }: { ctx: ServiceContext; input: { id: string; patch: UserPatch } }) {
  return withTransaction(ctx.db, async (tx) => {
    const admins = await lockActiveAdmins(tx, ctx.tenantId);
    const [current] = await tx
      .select()
      .from(users)
      .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, input.id)))
      .for('update');
    if (!current) throw notFound('The user');
    const role = input.patch.role ?? current.role;
    const disabled = input.patch.disabled ?? current.disabledAt !== null;
    const wasActiveAdmin = admins.some((admin) => admin.id === current.id);
    if (wasActiveAdmin && (role !== 'admin' || disabled) && admins.length < 2) {
      throw new DomainError('last_admin', 'This is the last active admin of the tenant: make another user admin first.', {
        errors: [{ field: disabled ? 'disabled' : 'role', message: 'the tenant needs at least one active admin' }],
      });
    }
    const disabledAt = disabled ? (current.disabledAt ?? ctx.now()) : null;
    const [after] = await tx.update(users).set({ role, disabledAt }).where(eq(users.id, current.id)).returning();
    if (!after) throw notFound('The user');
    const base = { tenantId: ctx.tenantId, actorUserId: ctx.userId };
    if (after.role !== current.role) {
      await recordAudit(tx, { ...base, action: 'user.role_changed', details: { userId: after.id, from: current.role, to: after.role } });
    }
    if ((after.disabledAt === null) !== (current.disabledAt === null)) {
      await recordAudit(tx, { ...base, action: after.disabledAt ? 'user.disabled' : 'user.enabled', details: { userId: after.id } });
    }
    return after;
  });
}
