-- SET, RESET and USE change the session like in Flink's client.
SET 'execution.runtime-mode' = 'batch';
SET 'pipeline.name' = 'differential-session';
RESET 'pipeline.name';
RESET;
SET 'execution.runtime-mode' = 'batch';

CREATE DATABASE diff_db;
USE diff_db;
SHOW CURRENT DATABASE;
SHOW CURRENT CATALOG;
USE CATALOG default_catalog;
USE default_database;
SHOW DATABASES;
USE MODULES core;
SHOW MODULES;
SHOW FULL MODULES;
DROP DATABASE diff_db;
