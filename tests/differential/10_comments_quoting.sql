-- Comments and quoting: semicolons that must not split.
SET 'execution.runtime-mode' = 'batch';

-- a comment; with a semicolon
SELECT 'a;b' AS semi_in_string, 'it''s; here' AS escaped_quote;

/* a block comment;
   spanning lines; */
SELECT `weird;name` FROM (VALUES (1)) AS t(`weird;name`);

SELECT 1 AS /* inline; comment */ x;

SELECT 'multi
line; string' AS ml;

SELECT 'ünïcödé ✓' AS `ÜberName`, `select` FROM (VALUES (1)) AS t(`select`);

SELECT "double_quoted;text" AS dq FROM (VALUES (1)) AS t(dq_unused);
