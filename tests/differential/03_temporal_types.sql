-- DATE, TIME(p), TIMESTAMP(p), TIMESTAMP_LTZ(p) in several session time zones, and INTERVALs.
SET 'execution.runtime-mode' = 'batch';
SET 'parallelism.default' = '1';

SELECT DATE '2024-02-29' AS d, DATE '0001-01-01' AS d_min, CAST(NULL AS DATE) AS d_null;

SELECT TIME '12:34:56' AS t0, CAST(TIME '12:34:56.789' AS TIME(3)) AS t3, CAST(NULL AS TIME) AS t_null;

SELECT TIMESTAMP '2024-01-02 03:04:05' AS ts0, CAST(TIMESTAMP '2024-01-02 03:04:05.1' AS TIMESTAMP(3)) AS ts3,
       CAST(TIMESTAMP '2024-01-02 03:04:05.123456' AS TIMESTAMP(6)) AS ts6,
       CAST(TIMESTAMP '2024-01-02 03:04:05.123456789' AS TIMESTAMP(9)) AS ts9,
       CAST(NULL AS TIMESTAMP(3)) AS ts_null;

SET 'table.local-time-zone' = 'Asia/Shanghai';
SELECT TO_TIMESTAMP_LTZ(1000, 3) AS ltz3, TO_TIMESTAMP_LTZ(1700000000, 0) AS ltz0,
       CAST(NULL AS TIMESTAMP_LTZ(3)) AS ltz_null;

SET 'table.local-time-zone' = 'UTC';
SELECT TO_TIMESTAMP_LTZ(1000, 3) AS ltz_utc;

SET 'table.local-time-zone' = 'America/New_York';
SELECT TO_TIMESTAMP_LTZ(1000, 3) AS ltz_ny;

RESET 'table.local-time-zone';

SELECT INTERVAL '1' DAY AS i_day, INTERVAL '1 02:03:04.005' DAY TO SECOND AS i_dts,
       INTERVAL '-3' HOUR AS i_neg, INTERVAL '10' SECOND AS i_sec;

SELECT INTERVAL '1' YEAR AS i_year, INTERVAL '2-3' YEAR TO MONTH AS i_ytm, INTERVAL '27' MONTH AS i_months,
       CAST(NULL AS INTERVAL DAY) AS i_null;
