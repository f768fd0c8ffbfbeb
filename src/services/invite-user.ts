// An admin adds a user by e-mail: the user is created with the role and gets a seven-day
// link to choose a password. No admin ever knows or sets another person's password.
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record.js';
import { withTransaction } from '../db/client.js';
import { tenants } from '../db/schema.js';
import type { Language } from '../i18n.js';
import { queueUserLink } from '../web/user-links.js';
import type { ServiceContext } from './context.js';
import { type CreateUserInput, insertUser } from './create-user.js';

export function inviteUser({ ctx, input, publicBaseUrl }: { ctx: ServiceContext; input: CreateUserInput & { language: Language }; publicBaseUrl: string }) {
  return withTransaction(ctx.db, async (tx) => {
    const user = await insertUser(tx, ctx.tenantId, input, ctx.userId);
    const [tenant] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, ctx.tenantId));
    await queueUserLink(tx, user, 'invitation', { now: ctx.now(), publicBaseUrl, language: input.language, company: tenant?.name });
    await recordAudit(tx, { tenantId: ctx.tenantId, actorUserId: ctx.userId, action: 'user.invited', details: { userId: user.id, email: user.email } });
    return user;
  });
}
