-- The journal's CSV export is written by the database (src/ledger/export-csv.ts): the process
-- reads one text per batch instead of parsing a dozen columns per line. These two functions
-- are the SQL twins of csvField (export-csv.ts) and formatMinor (currencies.ts); a test runs
-- both over the same tricky values (test/integration/journal-csv-sql.test.ts). Both are plain
-- SQL expressions, IMMUTABLE and not STRICT, so the planner inlines them into the query
-- instead of calling a function per field.
--
-- Quotes where needed and defuses text a spreadsheet would run as a formula: a value starting
-- with = + - @ tab or CR gets a leading ', a value holding ; " CR or LF is quoted with its
-- quotes doubled. The added ' is none of those, so the value itself decides the quoting.
CREATE FUNCTION csv_field(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN value ~ '[;"\r\n]'
      THEN '"' || CASE WHEN value ~ '^[=+@\t\r-]' THEN '''' ELSE '' END || replace(value, '"', '""') || '"'
    WHEN value ~ '^[=+@\t\r-]' THEN '''' || value
    ELSE value
  END
$$;
--> statement-breakpoint
-- 12345 with 2 minor units -> 123.45; 12 with 0 -> 12; -5 with 2 -> -0.05. The units come from
-- the caller (the currency table lives in currencies.ts), never from here.
CREATE FUNCTION format_minor(amount bigint, units integer) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN units = 0 THEN amount::text
    ELSE CASE WHEN amount < 0 THEN '-' ELSE '' END
      || (abs(amount) / (10 ^ units)::bigint)::text || '.'
      || lpad((abs(amount) % (10 ^ units)::bigint)::text, units, '0')
  END
$$;
