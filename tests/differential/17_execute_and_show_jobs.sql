-- EXECUTE INSERT, INSERT with dml-sync, and statement text with odd whitespace.
SET 'execution.runtime-mode' = 'batch';
SET 'table.dml-sync' = 'true';
CREATE TEMPORARY TABLE sink_c (x INT, s STRING) WITH ('connector' = 'blackhole');
INSERT INTO sink_c VALUES (1, 'a'), (2, CAST(NULL AS STRING));
EXECUTE INSERT INTO sink_c SELECT 3, 'c';
	SELECT   'tabs	and   spaces'   AS   ws  ;
