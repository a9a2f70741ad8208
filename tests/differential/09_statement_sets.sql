-- Statement sets in both syntaxes, and an empty one (skipped with a notice).
SET 'execution.runtime-mode' = 'batch';
SET 'table.dml-sync' = 'true';
SET 'parallelism.default' = '1';
CREATE TEMPORARY TABLE sink_a (x INT) WITH ('connector' = 'blackhole');
CREATE TEMPORARY TABLE sink_b (x INT) WITH ('connector' = 'blackhole');

EXECUTE STATEMENT SET BEGIN
  INSERT INTO sink_a SELECT 1;
  INSERT INTO sink_b SELECT 2;
END;

BEGIN STATEMENT SET;
INSERT INTO sink_a SELECT 3;
INSERT INTO sink_b VALUES (4), (5);
END;

BEGIN STATEMENT SET;
END;

SELECT 'after the sets' AS done;
