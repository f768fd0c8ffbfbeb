-- The journal at a million lines (issue 11). Lines carry their entry's date, booking sequence
-- and currency, so balances and account pages read the lines alone through an index; totals per
-- account, currency and month are kept at each entry's commit, so a balance at a date reads the
-- months before it from journal_month_totals and only the lines of its own month.
CREATE TABLE "journal_month_totals" (
	"tenant_id" uuid NOT NULL,
	"account_number" char(4) NOT NULL,
	"currency" char(3) NOT NULL,
	"month" date NOT NULL,
	"slot" integer NOT NULL,
	"debit" bigint NOT NULL,
	"credit" bigint NOT NULL,
	"debit_chf" bigint NOT NULL,
	"credit_chf" bigint NOT NULL,
	"line_count" integer NOT NULL,
	CONSTRAINT "journal_month_totals_tenant_id_account_number_month_currency_slot_pk" PRIMARY KEY("tenant_id","account_number","month","currency","slot")
);
--> statement-breakpoint
-- Every posting updates a few of these rows: room on each page for the new versions (HOT
-- updates) and an early vacuum keep the table as small as its rows.
ALTER TABLE "journal_month_totals" SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 2000, autovacuum_analyze_threshold = 2000);--> statement-breakpoint
ALTER TABLE "journal_month_totals" ADD CONSTRAINT "journal_month_totals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
DROP INDEX "journal_lines_tenant_account_idx";--> statement-breakpoint
ALTER TABLE "journal_lines" ADD COLUMN "entry_date" date;--> statement-breakpoint
ALTER TABLE "journal_lines" ADD COLUMN "entry_seq" bigint;--> statement-breakpoint
ALTER TABLE "journal_lines" ADD COLUMN "currency" char(3);--> statement-breakpoint
-- Existing lines get their entry's values. The lines are append-only; only this migration,
-- run by the tables' owner inside its own transaction, pauses that trigger for the copy.
ALTER TABLE "journal_lines" DISABLE TRIGGER "journal_lines_append_only";--> statement-breakpoint
UPDATE "journal_lines" AS l SET "entry_date" = e."entry_date", "entry_seq" = e."seq", "currency" = e."currency"
  FROM "journal_entries" AS e WHERE e."id" = l."entry_id";--> statement-breakpoint
ALTER TABLE "journal_lines" ENABLE TRIGGER "journal_lines_append_only";--> statement-breakpoint
ALTER TABLE "journal_lines" ALTER COLUMN "entry_date" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "journal_lines" ALTER COLUMN "entry_seq" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "journal_lines" ALTER COLUMN "currency" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "journal_entries_tenant_source_date_seq_idx" ON "journal_entries" USING btree ("tenant_id","source","entry_date","seq");--> statement-breakpoint
-- INCLUDE makes both answerable from the index alone (drizzle's schema cannot say INCLUDE).
CREATE INDEX "journal_lines_tenant_account_date_idx" ON "journal_lines" USING btree ("tenant_id","account_number","entry_date","entry_seq")
  INCLUDE ("entry_id", "currency", "amount", "amount_chf");--> statement-breakpoint
CREATE INDEX "journal_lines_tenant_date_idx" ON "journal_lines" USING btree ("tenant_id","entry_date","entry_seq","line_no")
  INCLUDE ("account_number", "currency", "amount", "amount_chf", "rate", "entry_id");--> statement-breakpoint
-- The sealed-entry check (0005) already reads the entry: it now also copies the entry's date,
-- sequence and currency onto the line, whatever the insert sent. Once a transaction's totals
-- were taken into journal_month_totals (at commit; earlier only if a writer made that deferred
-- trigger fire with SET CONSTRAINTS) it may add no more lines, so the totals hold every line.
CREATE OR REPLACE FUNCTION journal_refuse_line_of_sealed_entry() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  posted xid8;
  e_date date;
  e_seq bigint;
  e_currency char(3);
BEGIN
  SELECT posted_in_xact, entry_date, seq, currency INTO posted, e_date, e_seq, e_currency
    FROM journal_entries WHERE id = NEW.entry_id;
  -- Not found also covers an entry another transaction has not committed yet.
  IF posted IS NULL OR posted <> pg_current_xact_id() THEN
    RAISE EXCEPTION 'journal entry % is sealed: lines are added only by the transaction that posts the entry; post a new entry or a reversal instead', NEW.entry_id
      USING ERRCODE = '42501';
  END IF;
  IF current_setting('journal.totals_taken', true) = 'on' THEN
    RAISE EXCEPTION 'journal entry % is sealed: this transaction''s totals were already taken; post the lines with their entry', NEW.entry_id
      USING ERRCODE = '42501';
  END IF;
  NEW.entry_date := e_date;
  NEW.entry_seq := e_seq;
  NEW.currency := e_currency;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- At commit (deferred, like the balance check), each entry adds its lines to the month's
-- totals in one statement, in account order, so two postings never lock the same rows in
-- opposite orders. The slot (0-15, from the entry's id) spreads concurrent postings on one
-- account over different rows. SECURITY DEFINER: the service's role may only read the totals.
CREATE FUNCTION journal_add_month_totals() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO journal_month_totals AS t
      (tenant_id, account_number, currency, month, slot, debit, credit, debit_chf, credit_chf, line_count)
    SELECT NEW.tenant_id, l.account_number, NEW.currency, date_trunc('month', NEW.entry_date)::date,
           abs(hashtext(NEW.id::text)) % 16,
           coalesce(sum(l.amount) FILTER (WHERE l.amount > 0), 0),
           coalesce(-sum(l.amount) FILTER (WHERE l.amount < 0), 0),
           coalesce(sum(l.amount_chf) FILTER (WHERE l.amount_chf > 0), 0),
           coalesce(-sum(l.amount_chf) FILTER (WHERE l.amount_chf < 0), 0),
           count(*)
      FROM journal_lines l WHERE l.entry_id = NEW.id
      GROUP BY l.account_number
      ORDER BY l.account_number
    ON CONFLICT (tenant_id, account_number, month, currency, slot) DO UPDATE SET
      debit = t.debit + EXCLUDED.debit,
      credit = t.credit + EXCLUDED.credit,
      debit_chf = t.debit_chf + EXCLUDED.debit_chf,
      credit_chf = t.credit_chf + EXCLUDED.credit_chf,
      line_count = t.line_count + EXCLUDED.line_count;
  PERFORM set_config('journal.totals_taken', 'on', true);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Named after journal_entries_balanced so it fires after the balance check at commit.
CREATE CONSTRAINT TRIGGER journal_entries_totals AFTER INSERT ON journal_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_add_month_totals();
--> statement-breakpoint
-- Existing entries' totals.
INSERT INTO journal_month_totals
    (tenant_id, account_number, currency, month, slot, debit, credit, debit_chf, credit_chf, line_count)
  SELECT tenant_id, account_number, currency, date_trunc('month', entry_date)::date, 0,
         coalesce(sum(amount) FILTER (WHERE amount > 0), 0),
         coalesce(-sum(amount) FILTER (WHERE amount < 0), 0),
         coalesce(sum(amount_chf) FILTER (WHERE amount_chf > 0), 0),
         coalesce(-sum(amount_chf) FILTER (WHERE amount_chf < 0), 0),
         count(*)
    FROM journal_lines
    GROUP BY tenant_id, account_number, currency, date_trunc('month', entry_date);
--> statement-breakpoint
-- The totals are the journal's, not anybody's to change: no UPDATE or DELETE but the trigger's
-- own upsert (which runs as the owner), no TRUNCATE.
CREATE FUNCTION journal_month_totals_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'journal_month_totals follows the journal: % refused', TG_OP USING ERRCODE = '42501';
  END IF;
  IF NEW.tenant_id <> OLD.tenant_id OR NEW.account_number <> OLD.account_number OR NEW.currency <> OLD.currency
     OR NEW.month <> OLD.month OR NEW.slot <> OLD.slot
     OR NEW.debit < OLD.debit OR NEW.credit < OLD.credit OR NEW.debit_chf < OLD.debit_chf OR NEW.credit_chf < OLD.credit_chf
     OR NEW.line_count <= OLD.line_count THEN
    RAISE EXCEPTION 'journal_month_totals only grows with posted lines' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER journal_month_totals_only_grow BEFORE UPDATE OR DELETE ON journal_month_totals
  FOR EACH ROW EXECUTE FUNCTION journal_month_totals_guard();
--> statement-breakpoint
CREATE TRIGGER journal_month_totals_no_truncate BEFORE TRUNCATE ON journal_month_totals
  FOR EACH STATEMENT EXECUTE FUNCTION journal_month_totals_guard();
