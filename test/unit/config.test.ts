// A bad environment stops the start with a message naming the variable, never its value.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

function problemsOf(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('works with no variables at all in the embedded setup', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      port: 3000,
      publicBaseUrl: 'http://localhost:3000',
      databaseUrl: null,
      dataDir: './data',
      logLevel: 'info',
      sandboxEnabled: true,
    });
  });

  it('names each bad variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{ PORT: 'abc' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ PUBLIC_BASE_URL: 'not a url' }, 'PUBLIC_BASE_URL'],
      [{ DATABASE_URL: 'mysql://db/x', APP_SECRET: 'x'.repeat(40) }, 'DATABASE_URL'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
      [{ SANDBOX_ENABLED: 'maybe' }, 'SANDBOX_ENABLED'],
      [{ TRUSTED_PROXIES: '10.0.0.0/8, proxy.example.ch' }, 'TRUSTED_PROXIES'],
      [{ TRUSTED_PROXIES: '10.0.0.0/40' }, 'TRUSTED_PROXIES'],
      [{ MAIL_API_URL: 'smtp://mail.example.ch', MAIL_API_KEY: 'k'.repeat(20) }, 'MAIL_API_URL'],
      [{ MAIL_API_URL: 'https://api.resend.com/emails' }, 'MAIL_API_KEY'],
      [{ MAIL_API_URL: 'https://api.resend.com/emails', MAIL_API_KEY: 'k'.repeat(20), MAIL_API_FORMAT: 'mailgun' }, 'MAIL_API_FORMAT'],
      // Two transports would leave it open which one a message went through.
      [{ MAIL_API_URL: 'https://api.resend.com/emails', MAIL_API_KEY: 'k'.repeat(20), SMTP_URL: 'smtp://mail' }, 'MAIL_API_URL'],
    ];
    for (const [env, variable] of cases) expect(problemsOf(env)).toContain(variable);
  });

  it('requires APP_SECRET with a shared database and never echoes a secret', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://db/x' })).toMatch(
      /APP_SECRET: is required when DATABASE_URL is set/,
    );
    const message = problemsOf({ APP_SECRET: 'short-secret-value', BOOTSTRAP_ADMIN_API_KEY: 'tiny-key' });
    expect(message).toContain('APP_SECRET');
    expect(message).toContain('BOOTSTRAP_ADMIN_API_KEY');
    expect(message).not.toContain('short-secret-value');
    expect(message).not.toContain('tiny-key');
  });

  it('turns the sandboxes off against a real server unless asked', () => {
    const env = {
      DATABASE_URL: 'postgres://db/x',
      APP_SECRET: 'x'.repeat(40),
      PUBLIC_BASE_URL: 'https://pay.example.ch/',
    };
    expect(parseConfig(env)).toMatchObject({
      sandboxEnabled: false,
      publicBaseUrl: 'https://pay.example.ch',
    });
    expect(parseConfig({ ...env, SANDBOX_ENABLED: 'true' }).sandboxEnabled).toBe(true);
  });

  it('trusts no proxy unless told, and reads a list of addresses and ranges', () => {
    expect(parseConfig({}).trustedProxies).toEqual([]);
    expect(parseConfig({ TRUSTED_PROXIES: ' 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32' }).trustedProxies).toEqual(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32']);
  });
});
