// An admin (or another role) of a fresh tenant signed in to the back office, in English,
// for the settings pages' tests.
import { eq } from 'drizzle-orm';
import { users } from '../../src/db/schema.js';
import { type TestApp, type TestTenant, createTestApp, createTestTenant } from './app.js';
import { givePassword, officeVisitor } from './office.js';

export type Role = keyof TestTenant['userIds'];

export async function signedIn(t: TestApp, tenant: TestTenant, role: Role = 'admin', language: 'en' | 'de' | 'fr' | 'it' = 'en') {
  const userId = tenant.userIds[role];
  const [user] = await t.database.db.select().from(users).where(eq(users.id, userId));
  await givePassword(t.database.db, userId, 'settings test password');
  const visitor = officeVisitor(t.app);
  const answer = await visitor.signIn(user!.email, 'settings test password');
  if (answer.status !== 303) throw new Error(`sign-in failed: ${answer.status}`);
  await visitor.post('/office/language', { language, next: '/office' });
  await visitor.get('/office');
  return visitor;
}

/** The value of a hidden input of the page, e.g. the wizard's sealed `carry`. */
export function hiddenValue(page: { text: string }, name: string): string {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(page.text)?.[1] ?? '';
}

/** The text of the page with the tags taken out, for what a person reads. */
export function visibleText(page: { text: string }): string {
  return page.text
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&gt;', '>')
    .replaceAll('&lt;', '<')
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ');
}

/** An app, a fresh tenant and its admin signed in: what most settings tests start from. */
export async function settingsStage() {
  const t = await createTestApp();
  const tenant = await createTestTenant(t.database);
  return { t, tenant, visitor: await signedIn(t, tenant) };
}
