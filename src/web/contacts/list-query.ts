// The contact list: a search over name, company and e-mail, newest first, paged by
// (created_at, id) on contacts_tenant_created_idx; nothing counts the whole table.
// A page after an unknown id is empty (the row comparison with no row is null).
import { type SQL, and, desc, eq, ilike, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { contacts } from '../../db/schema.js';
import { uuidSchema } from '../../http/schemas.js';

export const contactPageSize = 50;

/** The id of the last contact of the previous page, if it is one. */
export function readAfter(value: string | undefined): string | null {
  return value && uuidSchema.safeParse(value).success ? value : null;
}

export async function listContactPage(db: Queryable, tenantId: string, search: string, after: string | null) {
  const conditions: SQL[] = [eq(contacts.tenantId, tenantId)];
  const words = search.trim().slice(0, 100);
  if (words) {
    const pattern = `%${words.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    conditions.push(or(ilike(contacts.companyName, pattern), ilike(contacts.firstName, pattern), ilike(contacts.lastName, pattern), ilike(contacts.email, pattern))!);
  }
  // Compared with the row itself: its timestamp keeps the database's microseconds.
  if (after) {
    conditions.push(
      sql`(${contacts.createdAt}, ${contacts.id}) < (select c.created_at, c.id from contacts c where c.id = ${after}::uuid and c.tenant_id = ${tenantId}::uuid)`,
    );
  }
  const rows = await db
    .select()
    .from(contacts)
    .where(and(...conditions))
    .orderBy(desc(contacts.createdAt), desc(contacts.id))
    .limit(contactPageSize + 1);
  const page = rows.slice(0, contactPageSize);
  const last = page.at(-1);
  return { rows: page, next: rows.length > contactPageSize && last ? last.id : null };
}
