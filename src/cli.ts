// Administration from the shell: migrations, tenants, users, API keys. With the embedded database the
// server must be stopped first (PGlite allows one process per data folder).
import { parseArgs } from 'node:util';
import { roles } from './access.js';
import { loadConfig } from './node/load-config.js';
import { tenants } from './db/schema.js';
import { type OpenDatabase, openEmbeddedDatabase, openPostgresDatabase } from './node/database.js';
import { createTenant } from './services/create-tenant.js';
import { createUser } from './services/create-user.js';
import { createApiKey } from './services/issue-api-key.js';
import { users } from './db/schema.js';
import { eq } from 'drizzle-orm';
import { createUserLink } from './web/user-links.js';

const usage = `Usage: npm run cli -- <command> [options]

  db:migrate    applies the pending migrations (run it as the role that owns the tables)
  tenant:create --name <name> --admin-email <e-mail> [--admin-name <name>]
  tenant:list
  user:create   --tenant <tenant id> --email <e-mail> --name <name> --role ${roles.join('|')}
  apikey:create --user <user id> [--label <label>]
  user:password-link --user <user id>   prints a 7-day link where the user sets a back-office password

Uses DATABASE_URL, or the embedded database in DATA_DIR (stop the server first).
New API keys are printed once; only their hash is stored.`;

class UsageError extends Error {}

function need(values: Record<string, string | undefined>, name: string): string {
  const value = values[name];
  if (!value) throw new UsageError(`missing --${name}`);
  return value;
}

function passwordLink(database: OpenDatabase, user: { id: string; tenantId: string }) {
  const { publicBaseUrl } = loadConfig();
  return database.db.transaction((tx) => createUserLink(tx, user, 'invitation', { now: new Date(), publicBaseUrl }));
}

async function run(
  command: string | undefined,
  values: Record<string, string | undefined>,
  database: OpenDatabase,
) {
  const { db } = database;
  const ctxFor = (tenantId: string) => ({ db, tenantId, userId: null, now: () => new Date() });
  switch (command) {
    case 'db:migrate':
      // Opening the database applied what was missing.
      console.log('migrations applied');
      return;
    case 'tenant:create': {
      const created = await createTenant({
        db,
        input: {
          name: need(values, 'name'),
          adminEmail: need(values, 'admin-email'),
          adminName: values['admin-name'] ?? 'Admin',
        },
      });
      console.log(`tenant  ${created.tenant.id}  ${created.tenant.name}`);
      console.log(`admin   ${created.admin.id}  ${created.admin.email}`);
      console.log(`api key ${created.apiKey}   (shown once)`);
      console.log(`back office: the admin sets a password at ${await passwordLink(database, created.admin)}`);
      return;
    }
    case 'tenant:list':
      for (const tenant of await db.select().from(tenants).orderBy(tenants.createdAt))
        console.log(`${tenant.id}  ${tenant.name}`);
      return;
    case 'user:create': {
      const role = need(values, 'role');
      if (!(roles as readonly string[]).includes(role))
        throw new UsageError(`--role must be one of ${roles.join(', ')}`);
      const user = await createUser({
        ctx: ctxFor(need(values, 'tenant')),
        input: {
          email: need(values, 'email'),
          name: need(values, 'name'),
          role: role as (typeof roles)[number],
        },
      });
      console.log(`user ${user.id}  ${user.email}  ${user.role}`);
      return;
    }
    case 'apikey:create': {
      const userId = need(values, 'user');
      const [user] = await db.select().from(users).where(eq(users.id, userId));
      if (!user) throw new UsageError(`no user ${userId}`);
      const key = await createApiKey({
        ctx: ctxFor(user.tenantId),
        input: { userId, label: values.label ?? 'cli' },
      });
      console.log(`api key ${key.apiKey}   (shown once)`);
      return;
    }
    case 'user:password-link': {
      const userId = need(values, 'user');
      const [user] = await db.select().from(users).where(eq(users.id, userId));
      if (!user) throw new UsageError(`no user ${userId}`);
      console.log(`${user.email} sets a password at ${await passwordLink(database, user)}   (valid 7 days, once)`);
      return;
    }
    default:
      throw new UsageError(command ? `unknown command ${command}` : 'no command given');
  }
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: Object.fromEntries(
      ['name', 'admin-email', 'admin-name', 'tenant', 'email', 'role', 'user', 'label'].map((n) => [
        n,
        { type: 'string' },
      ]),
    ) as Record<string, { type: 'string' }>,
  });
  if (positionals.length === 0 || positionals[0] === 'help') {
    console.log(usage);
    return;
  }
  const config = loadConfig();
  const database = config.databaseUrl
    ? await openPostgresDatabase(config.databaseUrl, { max: 2 })
    : await openEmbeddedDatabase(config.dataDir);
  try {
    await run(positionals[0], values as Record<string, string | undefined>, database);
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(
    error instanceof UsageError
      ? `${error.message}\n\n${usage}`
      : String(error instanceof Error ? error.message : error),
  );
  process.exit(1);
});
