// The online invoice changes only when something it shows changes: the invoice (status,
// amounts), its lines, the creditor, the debtor, its payment services or a method refused with
// NO_CONTRACT. One prepared statement reads a fingerprint of all of them (the row versions,
// computed by the database); while it is the same, the page rendered before for that
// token and language is answered again. Nothing has to remember to invalidate anything, and
// several instances stay right because each asks the database on every request. Views that
// arrive while a fingerprint read is in flight are read together by the next statement
// (SharedReads): under load one round trip serves many views, each still fresh. The embedded
// database is this process's alone: there a stamp is not read again while no other statement
// has finished since it was read (finishedStatements).
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { executeNamed, finishedStatements, quoteLiteral } from '../db/session-statements.js';
import { SharedReads } from '../db/shared-reads.js';
import { contacts, invoices, payLinks, tenants } from '../db/schema.js';
import type { Language } from '../i18n.js';
import { isPayToken } from './load-pay-page.js';

export interface PayPageStamp {
  fingerprint: string;
  contactLanguage: Language;
  status: string;
}

function stampQuery(db: Database) {
  return db
    .select({
      token: payLinks.token,
      // Each row's xmin names the transaction that wrote its current version: any update,
      // insert or delete among these rows changes the string, and reading it costs the
      // database nothing (the rows' text and an md5 over it cost 0.5 ms per request).
      // Freezing keeps xmin readable as it was, so a row vacuumed meanwhile keeps its stamp.
      fingerprint: sql<string>`concat_ws('|', ${invoices}.xmin, ${tenants}.xmin, ${contacts}.xmin,
        (select string_agg(l.id || ':' || l.xmin, ',' order by l.id) from invoice_lines l where l.invoice_id = ${invoices.id}),
        (select string_agg(cn.id || ':' || s.xmin || ':' || cn.xmin, ',' order by cn.id) from invoice_payment_services s
          join connections cn on cn.id = s.connection_id where s.invoice_id = ${invoices.id}),
        (select string_agg(a.id || ':' || a.xmin, ',' order by a.id) from payment_attempts a
          where a.invoice_id = ${invoices.id} and a.failure_code = 'NO_CONTRACT'))`,
      contactLanguage: contacts.language,
      status: invoices.status,
    })
    .from(payLinks)
    .innerJoin(invoices, eq(invoices.id, payLinks.invoiceId))
    .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
    .innerJoin(contacts, eq(contacts.id, invoices.contactId))
    // The tokens come as one comma-separated text: a pay token holds no comma (isPayToken),
    // and one text parameter is the same statement for PostgreSQL and PGlite's EXECUTE.
    .where(and(sql`${payLinks.token} = any(string_to_array(${sql.placeholder('tokens')}, ','))`, isNull(payLinks.revokedAt)));
}

/** The statement's text, the same for every database (built on first use). */
let stampText: string | undefined;

async function readStamps(db: Database, tokens: string[]): Promise<Map<string, PayPageStamp>> {
  stampText ??= stampQuery(db).toSQL().sql;
  // Taken before the read: a statement finishing meanwhile makes the stamps read here stale.
  const finished = finishedStatements(db);
  const joined = tokens.join(',');
  const named = await executeNamed<[string, string, Language, string]>(db, 'pay_page_stamps', stampText, [quoteLiteral(joined)]);
  const rows = named
    ? named.map(([token, fingerprint, contactLanguage, status]) => ({ token, fingerprint, contactLanguage, status }))
    : await preparedStamps(db).execute({ tokens: joined });
  const stamps = new Map(rows.map(({ token, ...stamp }) => [token, stamp]));
  if (finished !== undefined) for (const [token, stamp] of stamps) rememberedStamps(db).set(token, { stamp, finished });
  return stamps;
}

// On the embedded database this process runs every statement, so a stamp read while PGlite
// has finished no other statement since is still the stamp: it is answered without a read.
// Bounded like the pages: least recently read first out.
const remembered = new WeakMap<Database, Map<string, { stamp: PayPageStamp; finished: number }>>();
const rememberedLimit = 1000;

function rememberedStamps(db: Database): Map<string, { stamp: PayPageStamp; finished: number }> {
  let stamps = remembered.get(db);
  if (!stamps) remembered.set(db, (stamps = new Map()));
  if (stamps.size > rememberedLimit) stamps.delete(stamps.keys().next().value!);
  return stamps;
}

// Prepared once per database handle: the statement is neither rebuilt nor re-planned per request.
const prepared = new WeakMap<Database, ReturnType<ReturnType<typeof stampQuery>['prepare']>>();

function preparedStamps(db: Database) {
  let statement = prepared.get(db);
  if (!statement) {
    statement = stampQuery(db).prepare('pay_page_stamps');
    prepared.set(db, statement);
  }
  return statement;
}

const sharedReads = new WeakMap<Database, SharedReads<PayPageStamp>>();

/** The fingerprint of what the page of this token shows; null for an unknown or revoked token. */
export async function payPageStamp(db: Database, token: string): Promise<PayPageStamp | null> {
  if (!isPayToken(token)) return null;
  const finished = finishedStatements(db);
  const known = finished === undefined ? undefined : remembered.get(db)?.get(token);
  if (known && known.finished === finished) return known.stamp;
  let reads = sharedReads.get(db);
  if (!reads) {
    reads = new SharedReads((tokens) => readStamps(db, tokens));
    sharedReads.set(db, reads);
  }
  return (await reads.get(token)) ?? null;
}

interface Rendered {
  fingerprint: string;
  html: string;
  status: 200 | 410;
}

const caches = new WeakMap<Database, PayPageCache>();

/** The cache of one database's pages (tests run several databases in one process). */
export function payPageCacheOf(db: Database): PayPageCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new PayPageCache();
    caches.set(db, cache);
  }
  return cache;
}

/** The pages rendered last, least recently used first; a bounded number. */
export class PayPageCache {
  private readonly pages = new Map<string, Rendered>();

  constructor(private readonly capacity = 1000) {}

  /** `key` names everything else the page depends on: token, language, sandbox. */
  get(key: string, fingerprint: string): Rendered | null {
    const page = this.pages.get(key);
    if (!page || page.fingerprint !== fingerprint) return null;
    this.pages.delete(key);
    this.pages.set(key, page);
    return page;
  }

  set(key: string, page: Rendered): void {
    this.pages.delete(key);
    this.pages.set(key, page);
    if (this.pages.size > this.capacity) this.pages.delete(this.pages.keys().next().value!);
  }
}
