-- Quickstart: generated orders, aggregated per customer.
--
--   studio sql examples/pipelines/quickstart.sql
--
-- The source is bounded (200 rows), so the query ends by itself. The
-- aggregation emits updates (-U/+U); `--output table` shows the final
-- totals, `--output changelog` shows every change.

SET 'parallelism.default' = '1';

CREATE TEMPORARY TABLE orders (
    order_id     BIGINT,
    customer_id  INT,
    order_amount DECIMAL(10, 2),
    order_time   AS LOCALTIMESTAMP
) WITH (
    'connector' = 'datagen',
    'number-of-rows' = '${QUICKSTART_ROWS:-200}',
    'rows-per-second' = '100',
    'fields.order_id.kind' = 'sequence',
    'fields.order_id.start' = '1',
    'fields.order_id.end' = '1000000',
    'fields.customer_id.min' = '1',
    'fields.customer_id.max' = '5',
    'fields.order_amount.min' = '1',
    'fields.order_amount.max' = '500'
);

SELECT
    customer_id,
    COUNT(*)          AS orders,
    SUM(order_amount) AS total_amount
FROM orders
GROUP BY customer_id;
