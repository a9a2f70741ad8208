-- Batch mode: final results only.
SET 'execution.runtime-mode' = 'batch';
SET 'parallelism.default' = '1';

SELECT k, COUNT(*) AS n, SUM(v) AS total FROM (VALUES ('a', 1), ('b', 2), ('a', 3)) AS t(k, v) GROUP BY k;

SELECT id FROM (VALUES (3), (1), (2)) AS t(id) ORDER BY id DESC;

SELECT * FROM (VALUES (1)) AS t(id) WHERE id > 5;
