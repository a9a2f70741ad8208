-- ARRAY, MAP, MULTISET and ROW, nested, with NULLs inside and outside.
SET 'execution.runtime-mode' = 'batch';
SET 'parallelism.default' = '1';

SELECT ARRAY[1, 2, 3] AS ints, ARRAY['a', 'b c'] AS strs, ARRAY[CAST(NULL AS INT), 5] AS with_null,
       CAST(NULL AS ARRAY<INT>) AS arr_null;

SELECT MAP['k1', 1] AS m1, MAP['x', CAST(NULL AS DOUBLE)] AS m_null_value,
       CAST(NULL AS MAP<STRING, INT>) AS map_null;

SELECT ROW(1, 'abc', CAST(2.50 AS DECIMAL(4, 2))) AS r, ROW(CAST(NULL AS INT), 'x') AS r_null_field,
       CAST(NULL AS ROW<a INT, b STRING>) AS row_null;

SELECT ARRAY[ROW(1, 'a'), ROW(2, 'b')] AS arr_of_rows, ROW(ARRAY[1, 2], MAP['k', 'v']) AS row_of_collections,
       ARRAY[ARRAY[1], ARRAY[2, 3]] AS nested;

SELECT ARRAY[DATE '2024-02-29', DATE '1970-01-01'] AS dates, ARRAY[X'01', X'FF'] AS bins,
       ARRAY[CAST(1.5 AS FLOAT)] AS floats;

SELECT COLLECT(x) AS ms FROM (VALUES ('a'), ('a'), ('b')) AS t(x);

