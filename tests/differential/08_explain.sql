-- EXPLAIN of a query, an INSERT and statement sets (the latter must stay one statement).
SET 'execution.runtime-mode' = 'batch';
CREATE TEMPORARY TABLE sink_a (x INT) WITH ('connector' = 'blackhole');
CREATE TEMPORARY TABLE sink_b (x INT) WITH ('connector' = 'blackhole');

EXPLAIN SELECT 1 AS num;
EXPLAIN PLAN FOR INSERT INTO sink_a SELECT 1;
EXPLAIN STATEMENT SET BEGIN INSERT INTO sink_a SELECT 1; INSERT INTO sink_b SELECT 2; END;
EXPLAIN ESTIMATED_COST, CHANGELOG_MODE STATEMENT SET BEGIN
  INSERT INTO sink_a SELECT 1;
END;
