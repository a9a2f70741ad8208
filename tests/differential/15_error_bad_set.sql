-- RESET of an unknown key succeeds; SET without quotes fails in Flink 2.
SET 'execution.runtime-mode' = 'batch';
RESET 'no.such.key';
SET execution.runtime-mode = batch;
