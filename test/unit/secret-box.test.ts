// Credentials sealed at rest open only with the same key and for the same tenant.
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../../src/secret-box.js';

describe('secret box', () => {
  it('opens what it sealed, and the sealed text does not contain the secret', async () => {
    const box = await createSecretBox('a'.repeat(43));
    const sealed = await box.seal('JsonApiPwd!2026', 'tenant-a');
    expect(sealed).not.toContain('JsonApiPwd');
    expect(await box.open(sealed, 'tenant-a')).toBe('JsonApiPwd!2026');
    expect(await box.seal('JsonApiPwd!2026', 'tenant-a')).not.toBe(sealed);
  });

  it('refuses another tenant, another key and a tampered value', async () => {
    const box = await createSecretBox('a'.repeat(43));
    const sealed = await box.seal('secret', 'tenant-a');
    await expect(box.open(sealed, 'tenant-b')).rejects.toThrow();
    await expect((await createSecretBox('b'.repeat(43))).open(sealed, 'tenant-a')).rejects.toThrow();
    // The character replaced is the one compared: one seal in 64 already had an 'A' there.
    const tampered = `${sealed.slice(0, -2)}${sealed.at(-2) === 'A' ? 'B' : 'A'}${sealed.slice(-1)}`;
    await expect(box.open(tampered, 'tenant-a')).rejects.toThrow();
  });
});
