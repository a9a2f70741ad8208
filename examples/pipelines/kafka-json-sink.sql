-- Kafka JSON sink: generated user behaviour written to Kafka as JSON, then read back.
--
--   studio sql --env-file examples/pipelines/local.env --wait examples/pipelines/kafka-json-sink.sql
--
-- `--wait` makes the INSERT finish (its source is bounded) before the bounded
-- read-back query starts. Against Aiven, use an env file like aiven.env.example.

SET 'parallelism.default' = '1';

CREATE TEMPORARY TABLE user_behavior_gen (
    user_id  BIGINT,
    item_id  STRING,
    behavior STRING,
    ts       AS LOCALTIMESTAMP
) WITH (
    'connector' = 'datagen',
    'number-of-rows' = '50',
    'rows-per-second' = '50',
    'fields.user_id.kind' = 'sequence',
    'fields.user_id.start' = '1',
    'fields.user_id.end' = '50',
    'fields.item_id.length' = '6',
    'fields.behavior.length' = '4'
);

CREATE TEMPORARY TABLE kafka_json_sink (
    user_id  BIGINT,
    item_id  STRING,
    behavior STRING,
    ts       TIMESTAMP(3)
) WITH (
    'connector' = 'kafka',
    'topic' = '${BEHAVIOR_TOPIC:-user_behavior_json}',
    'properties.bootstrap.servers' = '${KAFKA_BOOTSTRAP:?set KAFKA_BOOTSTRAP, e.g. with --env-file examples/pipelines/local.env}',
    'properties.security.protocol' = '${KAFKA_SECURITY_PROTOCOL:-PLAINTEXT}',
    'properties.sasl.mechanism' = '${KAFKA_SASL_MECHANISM:-SCRAM-SHA-256}',
    'properties.sasl.jaas.config' = 'org.apache.kafka.common.security.scram.ScramLoginModule required username="${KAFKA_USERNAME}" password="${KAFKA_PASSWORD}";',
    'scan.startup.mode' = 'earliest-offset',
    'scan.bounded.mode' = 'latest-offset',
    'properties.group.id' = 'studio-examples',
    'format' = 'json'
);

INSERT INTO kafka_json_sink
SELECT user_id, item_id, behavior, ts FROM user_behavior_gen;

-- Bounded read-back: everything written so far, then the query ends.
SELECT COUNT(*) AS events, MIN(user_id) AS first_user, MAX(user_id) AS last_user
FROM kafka_json_sink;
