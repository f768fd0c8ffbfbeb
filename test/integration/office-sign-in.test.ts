import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { users, outboxMessages, webSessions } from '../../src/db/schema.js';
import { deliverOutbox } from '../../src/services/deliver-outbox.js';
import { passwordIterations } from '../../src/web/password.js';
import { sessionIdleMs } from '../../src/web/sessions.js';
import { RecordingMailer } from '../fakes/mailer.js';
import { type TestApp, type TestTenant, createTestApp, createTestTenant } from '../helpers/app.js';
import { givePassword, officeVisitor } from '../helpers/office.js';

let t: TestApp;
let tenant: TestTenant;
let adminEmail: string;

beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTestTenant(t.database);
  const [admin] = await t.database.db.select().from(users).where(eq(users.id, tenant.userIds.admin));
  adminEmail = admin!.email;
  await givePassword(t.database.db, tenant.userIds.admin, 'correct horse battery');
});

describe('back office sign-in', () => {
  it('asks to sign in first, then comes back to the page asked for', async () => {
    const visitor = officeVisitor(t.app);
    const first = await visitor.get('/office/invoices?status=sent');
    expect(first.status).toBe(303);
    expect(first.location).toBe('/office/sign-in?next=%2Foffice%2Finvoices%3Fstatus%3Dsent');
    await visitor.get(first.location!);
    const signedIn = await visitor.post(first.location!, { email: adminEmail.toUpperCase(), password: 'correct horse battery' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/office/invoices?status=sent');
    const home = await visitor.get('/office');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Ada Admin');
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, and keeps the page out of caches', async () => {
    const visitor = officeVisitor(t.app);
    await visitor.get('/office/sign-in');
    const response = await t.app.request('/office/sign-in', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: 'http://localhost:3000',
        Cookie: [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
      body: new URLSearchParams({ _csrf: visitor.cookies.get('office_form')!, email: adminEmail, password: 'correct horse battery' }),
    });
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('office_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
  });

  it('refuses a wrong password and an unknown address with the same words', async () => {
    const visitor = officeVisitor(t.app);
    const wrong = await visitor.signIn(adminEmail, 'not the password');
    const unknown = await visitor.signIn('nobody@example.ch', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.text).toContain('E-Mail-Adresse oder Passwort ist falsch.');
    expect(unknown.text).toContain('E-Mail-Adresse oder Passwort ist falsch.');
  });

  it('locks the account for the rest of the window after five wrong passwords, even for the right one', async () => {
    const other = await createTestTenant(t.database);
    const [user] = await t.database.db.select().from(users).where(eq(users.id, other.userIds.accountant));
    await givePassword(t.database.db, user!.id, 'the right password');
    for (let i = 0; i < 5; i++) {
      // From different addresses: the limit is the account's.
      const page = await officeVisitor(t.app).signIn(user!.email, `wrong ${i}`);
      expect(page.status).toBe(401);
    }
    const locked = await officeVisitor(t.app).signIn(user!.email, 'the right password');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(locked.text).toMatch(/Zu viele Anmeldeversuche/);
  });

  it('refuses a form from another site, and a form without the token', async () => {
    const visitor = officeVisitor(t.app, { origin: 'https://evil.example' });
    await visitor.get('/office/sign-in');
    const forged = await visitor.post('/office/sign-in', { email: adminEmail, password: 'correct horse battery' });
    expect(forged.status).toBe(403);
    const honest = officeVisitor(t.app);
    await honest.signIn(adminEmail, 'correct horse battery');
    const noToken = await honest.post('/office/sign-out', { _csrf: 'guessed' });
    expect(noToken.status).toBe(403);
    expect((await honest.get('/office')).status).toBe(200);
  });

  it('signs out: the cookie no longer opens anything', async () => {
    const visitor = officeVisitor(t.app);
    await visitor.signIn(adminEmail, 'correct horse battery');
    const cookie = visitor.cookies.get('office_session')!;
    const out = await visitor.post('/office/sign-out', {});
    expect(out.location).toBe('/office/sign-in?signed-out=1');
    const reused = await t.app.request('/office', { headers: { Cookie: `office_session=${cookie}` } });
    expect(reused.status).toBe(303);
  });

  it('ends a session idle for longer than the idle timeout', async () => {
    const visitor = officeVisitor(t.app);
    await visitor.signIn(adminEmail, 'correct horse battery');
    await t.database.db
      .update(webSessions)
      .set({ lastSeenAt: new Date(Date.now() - sessionIdleMs - 1000) })
      .where(eq(webSessions.userId, tenant.userIds.admin));
    const page = await visitor.get('/office');
    expect(page.status).toBe(303);
    expect(page.location).toContain('ended=1');
  });

  it('resets a forgotten password by an e-mailed one-time link and stores it with 600,000 iterations', async () => {
    const other = await createTestTenant(t.database);
    const [user] = await t.database.db.select().from(users).where(eq(users.id, other.userIds.bookkeeper));
    const visitor = officeVisitor(t.app);
    await visitor.get('/office/forgot-password');
    const asked = await visitor.post('/office/forgot-password', { email: user!.email });
    expect(asked.status).toBe(200);
    const mailer = new RecordingMailer();
    await deliverOutbox({ ...t.deps, mailer, sandboxEnabled: true }, 10, { tenantId: other.tenantId });
    const mail = mailer.sent.find((m) => m.to === user!.email);
    expect(mail?.subject).toBe('Passwort zurücksetzen');
    const link = /https?:\/\/[^\s]+\/office\/password\/[\w-]+/.exec(mail!.text)![0];
    const path = new URL(link).pathname;
    await visitor.get(path);
    const differ = await visitor.post(path, { password: 'a long new password', repeat: 'another one entirely' });
    expect(differ.status).toBe(422);
    const set = await visitor.post(path, { password: 'a long new password', repeat: 'a long new password' });
    expect(set.status).toBe(303);
    expect((await visitor.get('/office')).text).toContain('bookkeeper');
    const [stored] = await t.database.db.select().from(users).where(eq(users.id, user!.id));
    expect(stored!.passwordHash).toContain(`$${passwordIterations}$`);
    // Used once: the link opens nothing any more, and the outbox keeps no copy of it.
    expect((await officeVisitor(t.app).get(path)).status).toBe(404);
    const rows = await t.database.db.select().from(outboxMessages).where(eq(outboxMessages.tenantId, other.tenantId));
    expect(JSON.stringify(rows.map((row) => row.payload))).not.toContain('/office/password/');
    expect((await officeVisitor(t.app).signIn(user!.email, 'a long new password')).status).toBe(303);
  });

  it('remembers the language a user chooses', async () => {
    const visitor = officeVisitor(t.app);
    await visitor.signIn(adminEmail, 'correct horse battery');
    await visitor.post('/office/language', { language: 'fr', next: '/office' });
    const again = officeVisitor(t.app);
    await again.signIn(adminEmail, 'correct horse battery');
    const page = await again.get('/office');
    expect(page.text).toContain('Se déconnecter');
    expect(page.headers.get('Content-Language')).toBe('fr');
  });

  it('shows each role the overview of its own work: the system account to a bookkeeper, not to an accountant', async () => {
    const other = await createTestTenant(t.database);
    const emails: Record<string, string> = {};
    for (const role of ['accountant', 'bookkeeper'] as const) {
      const [user] = await t.database.db.select().from(users).where(eq(users.id, other.userIds[role]));
      emails[role] = user!.email;
      await givePassword(t.database.db, user!.id, 'password of the role');
    }
    const bookkeeper = officeVisitor(t.app);
    await bookkeeper.signIn(emails.bookkeeper!, 'password of the role');
    const seen = await bookkeeper.get('/office');
    expect(seen.text).toContain('Systemkonto 1029');
    expect(seen.text).not.toContain('Neue Rechnung');
    const accountant = officeVisitor(t.app);
    await accountant.signIn(emails.accountant!, 'password of the role');
    const other2 = await accountant.get('/office');
    expect(other2.text).toContain('Neue Rechnung');
    expect(other2.text).not.toContain('Systemkonto');
    expect(other2.text).not.toContain('href="/office/journal"');
  });

  it('answers a back-office path that does not exist with a page in the user\'s language, not JSON', async () => {
    const visitor = officeVisitor(t.app);
    await visitor.signIn(adminEmail, 'correct horse battery');
    const page = await visitor.get('/office/no-such-page');
    expect(page.status).toBe(404);
    expect(page.headers.get('Content-Type')).toContain('text/html');
    expect(page.text).toMatch(/Nicht gefunden|Introuvable|Not found/);
  });
});
