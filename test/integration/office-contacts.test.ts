// The contact pages: search by name, company or e-mail, create and change a contact with
// its language and address through the API's schema and verbs, and what a bookkeeper sees.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contacts } from '../../src/db/schema.js';
import { type TestApp, type TestTenant, apiClient, createTestApp, createTestTenant } from '../helpers/app.js';
import { signedInAs } from '../helpers/office-user.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

const signedIn = (userId: string) => signedInAs(test, userId);

const newContact = {
  kind: 'company',
  companyName: 'Boulangerie Dupont SA',
  firstName: '',
  lastName: '',
  street: 'Rue de Lausanne',
  buildingNumber: '5',
  postalCode: '1700',
  city: 'Fribourg',
  country: 'ch',
  email: 'compta@dupont.example',
  language: 'fr',
  customerNumber: '',
};

let tenant: TestTenant;
beforeAll(async () => {
  tenant = await createTestTenant(test.database);
});

describe('contacts in the back office', () => {
  it('creates a contact with its language and address through the API’s verb', async () => {
    const page = await signedIn(tenant.userIds.accountant);
    const saved = await page.post('/office/contacts/new', newContact);
    expect(saved.status).toBe(303);
    const id = /\/office\/contacts\/([0-9a-f-]{36})/.exec(saved.location!)![1]!;
    const api = await apiClient(test.app, tenant.keys.accountant).get(`/api/v1/contacts/${id}`);
    expect(api.body).toMatchObject({ companyName: 'Boulangerie Dupont SA', street: 'Rue de Lausanne', buildingNumber: '5', postalCode: '1700', city: 'Fribourg', country: 'CH', language: 'fr', firstName: null, customerNumber: null });
    const shown = await page.get(saved.location!);
    expect(shown.text).toContain('Saved.');
    expect(shown.text).toMatch(/<option value="fr" selected="">French<\/option>/);
  });

  it('keeps the input and names the field for a bad e-mail, and the service’s rule for a company without a name', async () => {
    const page = await signedIn(tenant.userIds.accountant);
    const badEmail = await page.post('/office/contacts/new', { ...newContact, email: 'compta at dupont' });
    expect(badEmail.status).toBe(422);
    expect(badEmail.text).toContain('value="compta at dupont"');
    expect(badEmail.text).toContain('id="field-email-error"');
    const noName = await page.post('/office/contacts/new', { ...newContact, companyName: '' });
    expect(noName.status).toBe(422);
    expect(noName.text).toContain('id="field-companyName-error"');
    expect(noName.text).toContain('value="Rue de Lausanne"');
  });

  it('changes a contact’s language', async () => {
    const page = await signedIn(tenant.userIds.accountant);
    const saved = await page.post('/office/contacts/new', { ...newContact, email: 'second@dupont.example' });
    const changed = await page.post(saved.location!.split('?')[0]!, { ...newContact, email: 'second@dupont.example', language: 'de' });
    expect(changed.status).toBe(303);
    const [row] = await test.database.db.select().from(contacts).where(eq(contacts.email, 'second@dupont.example'));
    expect(row!.language).toBe('de');
  });

  it('searches names, companies and e-mail addresses, and pages by a stable key', async () => {
    const other = await createTestTenant(test.database);
    const base = { tenantId: other.tenantId, street: 'Weg', postalCode: '8000', city: 'Zürich', country: 'CH', language: 'de' as const };
    await test.database.db.insert(contacts).values([
      { ...base, kind: 'person', firstName: 'Anna', lastName: 'Muster', email: 'anna@example.ch' },
      { ...base, kind: 'company', companyName: 'Treuhand Alpen AG', email: 'info@alpen.example' },
      { ...base, kind: 'company', companyName: 'Zeta GmbH', email: 'buchhaltung@zeta-100%.example' },
      ...Array.from({ length: 55 }, (_, i) => ({ ...base, kind: 'person' as const, firstName: 'Filler', lastName: `Nr${i}`, email: `filler${i}@example.ch` })),
    ]);
    const page = await signedIn(other.userIds.accountant);
    expect((await page.get('/office/contacts?q=muster')).text).toContain('Anna Muster');
    expect((await page.get('/office/contacts?q=alpen')).text).toContain('Treuhand Alpen AG');
    const byEmail = await page.get('/office/contacts?q=zeta-100%25');
    expect(byEmail.text).toContain('Zeta GmbH');
    expect(byEmail.text).not.toContain('Anna Muster');
    const first = await page.get('/office/contacts');
    const names = (html: string) => [...html.matchAll(/>(Filler Nr\d+|Anna Muster|Treuhand Alpen AG|Zeta GmbH)</g)].map((m) => m[1]);
    expect(names(first.text)).toHaveLength(50);
    const next = /href="(\/office\/contacts\?after=[^"]+)"/.exec(first.text)![1]!;
    const second = await page.get(next);
    expect(new Set([...names(first.text), ...names(second.text)]).size).toBe(58);
  });

  it('shows a bookkeeper the contact without a form and refuses a change naming the permission', async () => {
    const page = await signedIn(tenant.userIds.accountant);
    const saved = await page.post('/office/contacts/new', { ...newContact, email: 'third@dupont.example' });
    const path = saved.location!.split('?')[0]!;
    const bookkeeper = await signedIn(tenant.userIds.bookkeeper);
    const read = await bookkeeper.get(path);
    expect(read.status).toBe(200);
    expect(read.text).toContain('Rue de Lausanne 5, CH-1700 Fribourg');
    expect(read.text).not.toContain('name="street"');
    expect((await bookkeeper.get('/office/contacts')).text).not.toContain('/office/contacts/new');
    const refused = await bookkeeper.post(path, { ...newContact, language: 'it' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('contacts:write');
  });
});
