-- An error stops the script in both clients.
SET 'execution.runtime-mode' = 'batch';
SELECT 1 AS before_error;
SELECT * FROM no_such_table;
SELECT 'never run' AS after_error;
