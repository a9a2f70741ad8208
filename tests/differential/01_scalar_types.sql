-- Every scalar logical type, with a NULL of each, in batch mode.
SET 'execution.runtime-mode' = 'batch';
SET 'parallelism.default' = '1';

SELECT TRUE AS b_true, FALSE AS b_false, CAST(NULL AS BOOLEAN) AS b_null;

SELECT CAST(-128 AS TINYINT) AS ti, CAST(32767 AS SMALLINT) AS si, 2147483647 AS i,
       CAST(-9223372036854775808 AS BIGINT) AS bi,
       CAST(NULL AS TINYINT) AS ti_null, CAST(NULL AS BIGINT) AS bi_null;

SELECT CAST(1.1 AS FLOAT) AS f, CAST(3.4028235E38 AS FLOAT) AS f_max, CAST(0.0001 AS FLOAT) AS f_small,
       CAST(1.0 AS FLOAT) AS f_one, CAST(NULL AS FLOAT) AS f_null;

SELECT CAST(1.1 AS DOUBLE) AS d, 1.0E10 AS d_big, 1.5E-5 AS d_small, CAST(100 AS DOUBLE) AS d_int,
       CAST(-0.0 AS DOUBLE) AS d_negzero, CAST(NULL AS DOUBLE) AS d_null;

SELECT CAST(12.5 AS DECIMAL(10, 2)) AS dec_10_2, CAST(-0.005 AS DECIMAL(5, 3)) AS dec_5_3,
       CAST('12345678901234567890.123456789012345678' AS DECIMAL(38, 18)) AS dec_38_18,
       CAST(42 AS DECIMAL(3, 0)) AS dec_3_0, CAST(NULL AS DECIMAL(10, 2)) AS dec_null;

SELECT CAST('ab' AS CHAR(5)) AS c5, CAST('héllo wörld' AS VARCHAR(20)) AS vc, 'it''s' AS quoted,
       '' AS empty_string, CAST(NULL AS STRING) AS s_null;

SELECT CAST(X'0A0BFF' AS BINARY(3)) AS bin3, X'DEADBEEF' AS vbin, CAST('' AS BYTES) AS empty_bytes,
       CAST(NULL AS VARBINARY(4)) AS vbin_null;
