// The worker reads its bindings with the Node entry's schema: a bad or missing binding stops
// it with a message naming the variable (never its value), and what Workers cannot do
// without (Hyperdrive, the public address, an HTTP mail API) is required there.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { parseBindings } from '../../src/worker/bindings.js';

const good = {
  HYPERDRIVE: { connectionString: 'postgres://user:pw@abc.hyperdrive.local:5432/paylink' },
  ASSETS: { fetch: async () => new Response('') },
  PUBLIC_BASE_URL: 'https://pay.example.ch/',
  APP_SECRET: 'a-secret-of-at-least-thirty-two-characters',
  MAIL_API_URL: 'https://api.resend.com/emails',
  MAIL_API_KEY: 're_0123456789',
};

function problemsOf(env: Record<string, unknown>): string {
  try {
    parseBindings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('the worker bindings', () => {
  it('become the same configuration as the Node server, the database through Hyperdrive', () => {
    expect(parseBindings(good)).toMatchObject({
      databaseUrl: good.HYPERDRIVE.connectionString,
      publicBaseUrl: 'https://pay.example.ch',
      appSecret: good.APP_SECRET,
      mailApi: { url: good.MAIL_API_URL, key: good.MAIL_API_KEY, format: 'resend' },
      // A shared database means no simulators unless asked, as on Node.
      sandboxEnabled: false,
    });
    expect(parseBindings({ ...good, SANDBOX_ENABLED: 'true', MAIL_API_FORMAT: 'postmark' })).toMatchObject({ sandboxEnabled: true, mailApi: { format: 'postmark' } });
  });

  it('name each binding that is missing or wrong, never a secret', () => {
    const { HYPERDRIVE: _h, PUBLIC_BASE_URL: _p, MAIL_API_URL: _m, ...rest } = good;
    const missing = problemsOf(rest);
    expect(missing).toContain('HYPERDRIVE');
    expect(missing).toContain('PUBLIC_BASE_URL: is required on Workers');
    expect(missing).toContain('MAIL_API_URL: is required on Workers');

    const wrong = problemsOf({ ...good, APP_SECRET: 'short-secret', MAIL_API_FORMAT: 'smtp', SANDBOX_ENABLED: 'yes' });
    expect(wrong).toContain('APP_SECRET: must be at least 32 characters');
    expect(wrong).toContain('MAIL_API_FORMAT');
    expect(wrong).toContain('SANDBOX_ENABLED');
    expect(wrong).not.toContain('short-secret');
    expect(problemsOf({ ...good, APP_SECRET: undefined })).toContain('APP_SECRET: is required');
    expect(problemsOf({ ...good, MAIL_API_KEY: undefined })).toContain('MAIL_API_KEY: is required when MAIL_API_URL is set');
  });
});
