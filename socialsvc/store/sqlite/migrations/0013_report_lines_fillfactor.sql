-- PostgreSQL's migration 0013 gives report_lines room on each page for
-- a line's next version (fillfactor), so that the cycle's batch updates
-- are heap-only. SQLite has no such storage parameter: the number is kept
-- so that both drivers record the same migrations.
SELECT 1;
