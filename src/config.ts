// The environment, as one zod schema parsed once at boot: the Node entry's process.env
// (src/node/load-config.ts, the only reader of process.env) or the worker's bindings.
// A bad value stops the start with a message naming the variable (never its value, which
// may be a secret).
import { z } from 'zod';
import { parseCidr } from './http/client-address.js';
import { mailApiFormats } from './http-mail-transport.js';
import { logLevels } from './logger.js';

/** Comma-separated addresses or CIDR ranges; each must parse, or the start stops naming it. */
const addressList = z.string().transform((text, ctx) => {
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    if (!parseCidr(entry)) ctx.addIssue({ code: 'custom', message: `must list IP addresses or CIDR ranges, comma-separated ("${entry}" is neither)` });
  }
  return entries;
});

const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

export const configSchema = z
  .object({
    PORT: z.coerce
      .number({ error: 'must be a port number' })
      .int({ error: 'must be a whole port number' })
      .min(1, { error: 'must be between 1 and 65535' })
      .max(65535, { error: 'must be between 1 and 65535' })
      .default(3000),
    PUBLIC_BASE_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://pay.example.ch' })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
    DATA_DIR: z.string().min(1, { error: 'must be a folder path' }).default('./data'),
    APP_SECRET: z.string().min(32, { error: 'must be at least 32 characters of random text' }).optional(),
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
    // An HTTP mail API (src/http-mail-transport.ts): the only transport on Cloudflare Workers,
    // where SMTP sockets and files are not available; usable from Node too.
    MAIL_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.resend.com/emails' }).optional(),
    MAIL_API_KEY: z.string().min(8, { error: 'must be the mail API key (at least 8 characters)' }).optional(),
    MAIL_API_FORMAT: z.enum(mailApiFormats, { error: `must be one of ${mailApiFormats.join(', ')}` }).default('resend'),
    LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
    BOOTSTRAP_ADMIN_API_KEY: z.string().min(24, { error: 'must be at least 24 characters' }).optional(),
    BOOTSTRAP_ADMIN_PASSWORD: z.string().min(10, { error: 'must be at least 10 characters' }).max(200).optional(),
    SANDBOX_ENABLED: booleanFlag.optional(),
    TRUSTED_PROXIES: addressList.optional(),
  })
  .superRefine((env, ctx) => {
    // With a shared database several instances run; a key generated into one local folder
    // would not be the key of the others, so it must be configured.
    if (env.DATABASE_URL && !env.APP_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['APP_SECRET'], message: 'is required when DATABASE_URL is set' });
    }
    if (env.MAIL_API_URL && !env.MAIL_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['MAIL_API_KEY'], message: 'is required when MAIL_API_URL is set' });
    }
    // Two transports would leave it open which one a message went through.
    if (env.MAIL_API_URL && env.SMTP_URL) {
      ctx.addIssue({ code: 'custom', path: ['MAIL_API_URL'], message: 'cannot be set together with SMTP_URL; choose one' });
    }
  })
  .transform((env) => ({
    port: env.PORT,
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`,
    databaseUrl: env.DATABASE_URL ?? null,
    dataDir: env.DATA_DIR,
    appSecret: env.APP_SECRET ?? null,
    smtpUrl: env.SMTP_URL ?? null,
    mailApi: env.MAIL_API_URL && env.MAIL_API_KEY ? { url: env.MAIL_API_URL, key: env.MAIL_API_KEY, format: env.MAIL_API_FORMAT } : null,
    logLevel: env.LOG_LEVEL,
    bootstrapAdminApiKey: env.BOOTSTRAP_ADMIN_API_KEY ?? null,
    bootstrapAdminPassword: env.BOOTSTRAP_ADMIN_PASSWORD ?? null,
    // The provider simulators are on in the embedded setup and off against a real server.
    sandboxEnabled: env.SANDBOX_ENABLED ?? !env.DATABASE_URL,
    // Whose X-Forwarded-For is believed: none by default, so a client cannot name itself.
    trustedProxies: env.TRUSTED_PROXIES ?? [],
  }));

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment; empty strings count as unset, as shells and .env files produce them. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = configSchema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
}
