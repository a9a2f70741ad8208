-- Unsupported connector options: Flink lists them in the root cause.
SET 'execution.runtime-mode' = 'batch';
CREATE TEMPORARY TABLE bad_gen (x INT) WITH ('connector' = 'datagen', 'no-such-option' = '1', 'rows-per-second-typo' = '5');
SELECT * FROM bad_gen;
