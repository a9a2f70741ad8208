-- A comment after the `;` on the same line.
SET 'execution.runtime-mode' = 'batch';
SELECT 'first' AS a; -- trailing; comment
SELECT 'second' AS b;
