-- MAP and MULTISET with keys that are not strings.
SET 'execution.runtime-mode' = 'batch';
SELECT MAP[1, TRUE] AS m_int_key;
SELECT COLLECT(x) AS ms_int FROM (VALUES (1), (1), (1)) AS t(x);
