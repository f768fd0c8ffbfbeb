// Rotating a payment service's credentials: the PATCH re-seals the secrets, fields not sent
// are kept, and the very next provider call uses the new ones (checked against the sandboxes).
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { createConnection, createSwissBillingConnection, postfinanceSandboxCredentials, sandboxCredentials } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

type Admin = Awaited<ReturnType<typeof invoicingTenant>>['admin'];
const verdict = async (admin: Admin, id: string) => (await admin.post<{ result: string; message: string }>(`/api/v1/connections/${id}/verify`)).body;
const rotate = (admin: Admin, id: string, credentials: Record<string, unknown>) =>
  admin.patch<{ code?: string; errors?: { field: string }[]; credentials: Record<string, unknown> }>(`/api/v1/connections/${id}`, { credentials });

describe('rotating credentials', () => {
  it('takes a new Saferpay password at once: wrong → credentials_wrong, back → ok', async () => {
    const { admin } = await invoicingTenant(test);
    const id = await createConnection(admin);
    expect((await verdict(admin, id)).result).toBe('ok');

    const wrong = await rotate(admin, id, { password: 'an-old-leaked-password' });
    expect(wrong.status).toBe(200);
    expect(wrong.body.credentials).toMatchObject({ username: sandboxCredentials.username, passwordSet: true });
    expect(wrong.text).not.toContain('an-old-leaked-password');
    expect((await verdict(admin, id)).result).toBe('credentials_wrong');

    expect((await rotate(admin, id, { password: sandboxCredentials.password })).status).toBe(200);
    expect((await verdict(admin, id)).result).toBe('ok');
  });

  it('keeps the SwissBilling secrets not sent: rotating the API password leaves SHA-IN, SHA-OUT and the passphrase', async () => {
    const { admin } = await invoicingTenant(test);
    const id = await createSwissBillingConnection(admin, { isDefault: false });
    expect((await verdict(admin, id)).result).toBe('ok');
    expect((await rotate(admin, id, { password: 'not-the-api-password' })).status).toBe(200);
    expect(await verdict(admin, id)).toMatchObject({ result: 'credentials_wrong', message: expect.stringContaining('50001119') });
    expect((await rotate(admin, id, { password: postfinanceSandboxCredentials.password })).status).toBe(200);
    // Only the passphrase was sent with the password: the DirectLink signature proves it was kept.
    expect((await verdict(admin, id)).result).toBe('ok');
    expect((await rotate(admin, id, { directLinkPassphrase: 'another-passphrase' })).status).toBe(200);
    expect(await verdict(admin, id)).toMatchObject({ result: 'credentials_wrong', message: expect.stringContaining('50001111') });
    expect((await rotate(admin, id, { directLinkPassphrase: postfinanceSandboxCredentials.directLinkPassphrase, mode: 'B2B' })).body.credentials).toMatchObject({
      pspid: postfinanceSandboxCredentials.pspid,
      mode: 'B2B',
    });
    expect((await verdict(admin, id)).result).toBe('ok');
  });

  it("refuses another provider's fields and incomplete first credentials, naming each field", async () => {
    const { admin } = await invoicingTenant(test);
    const id = await createConnection(admin, { isDefault: false });
    const foreign = await rotate(admin, id, { password: 'x', shaIn: 'a-sha-in-passphrase' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors?.map((e) => e.field)).toEqual(['credentials.shaIn']);
    const bare = await createConnection(admin, { isDefault: false, credentials: undefined });
    const partial = await rotate(admin, bare, { password: 'only-a-password' });
    expect(partial.status).toBe(400);
    expect(partial.body.errors?.map((e) => e.field)).toEqual(['credentials.customerId', 'credentials.terminalId', 'credentials.username']);
    expect((await rotate(admin, bare, sandboxCredentials)).status).toBe(200);
    expect((await verdict(admin, bare)).result).toBe('ok');
  });
});
