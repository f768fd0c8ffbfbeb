// Adds a user with a role to the tenant; audited with who added them.
import { recordAudit } from '../audit/record.js';
import { DomainError } from '../errors.js';
import type { Role } from '../access.js';
import { type Tx, withTransaction } from '../db/client.js';
import { users } from '../db/schema.js';
import type { ServiceContext } from './context.js';

export interface CreateUserInput {
  name: string;
  email: string;
  role: Role;
}

export async function insertUser(tx: Tx, tenantId: string, input: CreateUserInput, actorUserId: string | null) {
  const [user] = await tx
    .insert(users)
    .values({ tenantId, name: input.name, email: input.email.toLowerCase(), role: input.role })
    .onConflictDoNothing({ target: [users.tenantId, users.email] })
    .returning();
  if (!user) {
    throw new DomainError('conflict', `A user with the e-mail ${input.email} exists already.`, {
      errors: [{ field: 'email', message: 'already in use in this tenant' }],
    });
  }
  await recordAudit(tx, {
    tenantId,
    actorUserId,
    action: 'user.created',
    details: { userId: user.id, name: user.name, email: user.email, role: user.role },
  });
  return user;
}

export function createUser({ ctx, input }: { ctx: ServiceContext; input: CreateUserInput }) {
  return withTransaction(ctx.db, (tx) => insertUser(tx, ctx.tenantId, input, ctx.userId));
}
