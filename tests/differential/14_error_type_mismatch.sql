-- A validation error: wrong type in INSERT.
SET 'execution.runtime-mode' = 'batch';
CREATE TEMPORARY TABLE sink_int (x INT) WITH ('connector' = 'blackhole');
INSERT INTO sink_int SELECT ARRAY[1];
