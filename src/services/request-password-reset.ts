// "Forgot your password?": e-mails a one-hour link to every active user with the address.
// The answer is the same whether or not the address belongs to anyone.
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record.js';
import type { Database } from '../db/client.js';
import { tenants, users } from '../db/schema.js';
import type { Language } from '../i18n.js';
import { enforceLimit } from '../rate-limit/counter.js';
import { resetsPerAccount, resetsPerAddress } from '../rate-limit/limits.js';
import { queueUserLink } from '../web/user-links.js';

export async function requestPasswordReset(
  deps: { db: Database; now: () => Date; publicBaseUrl: string },
  input: { email: string; address: string; language: Language },
) {
  const email = input.email.trim().toLowerCase();
  const now = deps.now();
  // Every try counts, before anything is looked up: per address, then per account.
  await enforceLimit(deps.db, resetsPerAddress, input.address, now, 'Too many password-reset requests.');
  await enforceLimit(deps.db, resetsPerAccount, email, now, 'Too many password-reset requests.');
  await deps.db.transaction(async (tx) => {
    const found = await tx
      .select({ id: users.id, tenantId: users.tenantId, email: users.email, name: users.name, language: users.language, company: tenants.name })
      .from(users)
      .innerJoin(tenants, eq(tenants.id, users.tenantId))
      .where(and(eq(users.email, email), isNull(users.disabledAt)));
    for (const user of found) {
      const language = user.language ?? input.language;
      await queueUserLink(tx, user, 'password_reset', { now, publicBaseUrl: deps.publicBaseUrl, language, company: user.company });
      await recordAudit(tx, { tenantId: user.tenantId, actorUserId: null, action: 'user.password_reset_requested', details: { userId: user.id } });
    }
  });
}
