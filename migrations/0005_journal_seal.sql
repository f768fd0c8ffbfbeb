-- A posted entry is sealed: its lines can be written only by the transaction that posted it,
-- so no later statement (a script, a person with psql, a bug) can add lines to an entry that a
-- report, an export or a reconciliation has already shown. Existing entries get the id of the
-- transaction that runs this migration, which commits before any line could use it: sealed.
ALTER TABLE "journal_entries" ADD COLUMN "posted_in_xact" "xid8" DEFAULT pg_current_xact_id() NOT NULL;
--> statement-breakpoint
-- The column's default could be overridden by the inserting statement (with the id of a later
-- transaction, to reopen the entry then); the trigger sets it whatever was sent.
CREATE FUNCTION journal_stamp_posting_transaction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.posted_in_xact := pg_current_xact_id();
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER journal_entries_posting_transaction BEFORE INSERT ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION journal_stamp_posting_transaction();
--> statement-breakpoint
-- The top-level transaction id, not the row's xmin: an entry posted inside a savepoint has its
-- subtransaction's xmin, and its lines must still be accepted.
CREATE FUNCTION journal_refuse_line_of_sealed_entry() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  posted xid8;
BEGIN
  SELECT posted_in_xact INTO posted FROM journal_entries WHERE id = NEW.entry_id;
  -- Not found also covers an entry another transaction has not committed yet.
  IF posted IS NULL OR posted <> pg_current_xact_id() THEN
    RAISE EXCEPTION 'journal entry % is sealed: lines are added only by the transaction that posts the entry; post a new entry or a reversal instead', NEW.entry_id
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER journal_lines_sealed_entry BEFORE INSERT ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION journal_refuse_line_of_sealed_entry();
--> statement-breakpoint
-- Closed books stay closed whoever writes. FOR SHARE waits for a transaction that is closing
-- the period right now and then reads its date, so an entry cannot slip into a period closed
-- while it was being posted.
CREATE FUNCTION journal_refuse_closed_period() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  closed_until date;
BEGIN
  SELECT books_closed_until INTO closed_until FROM tenants WHERE id = NEW.tenant_id FOR SHARE;
  IF closed_until IS NOT NULL AND NEW.entry_date <= closed_until THEN
    RAISE EXCEPTION 'the books of tenant % are closed up to %: an entry dated % is refused', NEW.tenant_id, closed_until, NEW.entry_date
      USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER journal_entries_period_open BEFORE INSERT ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION journal_refuse_closed_period();
