-- Kafka Avro source with a TUMBLE windowed aggregation (the seed guide's Order schema).
--
--   studio sql --env-file examples/pipelines/local.env --wait examples/pipelines/kafka-avro-windowed.sql
--
-- First writes generated orders to Kafka as Avro (bounded, so `--wait` returns),
-- then reads them back bounded and totals them per customer and minute.

SET 'parallelism.default' = '1';

CREATE TEMPORARY TABLE orders_gen (
    order_id        STRING,
    customer_id     STRING,
    order_amount    DECIMAL(10, 2),
    order_timestamp AS LOCALTIMESTAMP
) WITH (
    'connector' = 'datagen',
    'number-of-rows' = '60',
    'rows-per-second' = '60',
    'fields.order_id.length' = '8',
    'fields.customer_id.length' = '1',
    'fields.order_amount.min' = '1',
    'fields.order_amount.max' = '100'
);

CREATE TEMPORARY TABLE orders_avro (
    order_id        STRING,
    customer_id     STRING,
    order_amount    DECIMAL(10, 2),
    order_timestamp TIMESTAMP(3),
    WATERMARK FOR order_timestamp AS order_timestamp - INTERVAL '30' SECOND
) WITH (
    'connector' = 'kafka',
    'topic' = '${ORDERS_TOPIC:-orders}',
    'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP:?set KAFKA_BOOTSTRAP, e.g. with --env-file examples/pipelines/local.env}',
    'properties.security.protocol' = '${KAFKA_SECURITY_PROTOCOL:-PLAINTEXT}',
    'properties.sasl.mechanism' = '${KAFKA_SASL_MECHANISM:-SCRAM-SHA-256}',
    'properties.sasl.jaas.config' = 'org.apache.kafka.common.security.scram.ScramLoginModule required username="${KAFKA_USERNAME}" password="${KAFKA_PASSWORD}";',
    'properties.group.id' = 'studio-examples',
    'scan.startup.mode' = 'earliest-offset',
    'scan.bounded.mode' = 'latest-offset',
    'format' = 'avro'
);

INSERT INTO orders_avro
SELECT order_id, customer_id, order_amount, order_timestamp FROM orders_gen;

-- Bounded, so every window closes when the input ends.
SELECT
    window_start,
    window_end,
    COUNT(*)          AS orders,
    SUM(order_amount) AS total_amount
FROM TABLE(TUMBLE(TABLE orders_avro, DESCRIPTOR(order_timestamp), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;
