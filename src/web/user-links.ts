// One-time links for people: a password reset (valid one hour) and an invitation (valid
// seven days). Only the token's hash is stored; the link goes out once, by e-mail through
// the outbox, whose copy of the link is blanked once the message is sent.
import { randomToken, sha256Hex } from '../crypto.js';
import type { Tx } from '../db/client.js';
import { outboxMessages, userTokens } from '../db/schema.js';
import type { Language } from '../i18n.js';

export const linkLifetimeMs = { password_reset: 60 * 60_000, invitation: 7 * 24 * 60 * 60_000 } as const;
export type LinkPurpose = keyof typeof linkLifetimeMs;

export interface AccountEmailPayload {
  to: string;
  name: string;
  purpose: LinkPurpose;
  language: Language;
  /** Blanked after sending. */
  link: string | null;
  /** The company inviting (invitations). */
  company?: string;
}

/** Stores a new link for the user and answers its URL (the operator's CLI prints it). */
export async function createUserLink(tx: Tx, user: { id: string; tenantId: string }, purpose: LinkPurpose, options: { now: Date; publicBaseUrl: string }) {
  const token = randomToken(32);
  await tx.insert(userTokens).values({
    tokenHash: await sha256Hex(token),
    tenantId: user.tenantId,
    userId: user.id,
    purpose,
    createdAt: options.now,
    expiresAt: new Date(options.now.getTime() + linkLifetimeMs[purpose]),
  });
  return `${options.publicBaseUrl}/office/password/${token}`;
}

/** A new link for the user, e-mailed through the outbox. */
export async function queueUserLink(
  tx: Tx,
  user: { id: string; tenantId: string; email: string; name: string },
  purpose: LinkPurpose,
  options: { now: Date; publicBaseUrl: string; language: Language; company?: string },
) {
  const link = await createUserLink(tx, user, purpose, options);
  const payload: AccountEmailPayload = { to: user.email, name: user.name, purpose, language: options.language, link, company: options.company };
  await tx.insert(outboxMessages).values({ tenantId: user.tenantId, kind: 'account_email', payload });
}
