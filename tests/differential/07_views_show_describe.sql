-- Tables, views, SHOW and DESCRIBE.
SET 'execution.runtime-mode' = 'batch';
SET 'parallelism.default' = '1';

CREATE TEMPORARY TABLE src (
  id INT NOT NULL,
  name STRING COMMENT 'the name',
  amount DECIMAL(10, 2),
  ts TIMESTAMP(3),
  PRIMARY KEY (id) NOT ENFORCED
) WITH ('connector' = 'datagen', 'number-of-rows' = '3');

CREATE TEMPORARY VIEW v_names AS SELECT id, UPPER(name) AS name FROM src;
CREATE VIEW perm_view AS SELECT 1 AS num;

SHOW TABLES;
SHOW VIEWS;
DESCRIBE src;
DESC v_names;
SHOW COLUMNS FROM src;
SELECT * FROM perm_view;
SHOW FUNCTIONS LIKE 'upp%';
DROP VIEW perm_view;
DROP TEMPORARY VIEW v_names;
DROP TEMPORARY TABLE src;
SHOW TABLES;
