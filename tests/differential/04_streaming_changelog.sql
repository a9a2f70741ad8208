-- A streaming query's changelog: +I, -U, +U and -D rows.
SET 'execution.runtime-mode' = 'streaming';
SET 'parallelism.default' = '1';

SELECT k, COUNT(*) AS n FROM (VALUES ('a'), ('b'), ('a')) AS t(k) GROUP BY k;

SELECT n, COUNT(*) AS grp_count FROM (
  SELECT k, COUNT(*) AS n FROM (VALUES ('a'), ('b'), ('a'), ('c')) AS t(k) GROUP BY k
) GROUP BY n;

SELECT * FROM (VALUES (1, 'x'), (2, CAST(NULL AS STRING))) AS t(id, s);
