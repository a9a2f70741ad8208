-- A parse error.
SELECT 1 AS ok_first;
SELEC 2 FROM;
