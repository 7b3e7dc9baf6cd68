-- DLV-RATE 配送企业月度配送及时率低: for one distributor and one calendar month of
-- order_time ('YYYY-MM'), among judged orders whose deadline is at or before
-- the as-of time (judged and on time as in DLV-LATE.sql): at least
-- min_orders = 20 orders, and on_time / orders < min_rate = 0.90, compared in
-- integers as 10 * on_time < 9 * orders (no division, no floating point).
WITH due AS (
  SELECT o.order_id, o.distributor_code, o.order_time, o.order_qty, o.cancel_time,
         o.order_time + CASE WHEN o.urgent_flag = 1 THEN INTERVAL 4 HOUR ELSE INTERVAL 48 HOUR END AS deadline
  FROM vbp_order o
),
judged AS (
  SELECT d.distributor_code, strftime(d.order_time, '%Y-%m') AS month,
         CASE WHEN COALESCE((SELECT SUM(v.delivered_qty) FROM vbp_delivery v
                             WHERE v.order_id = d.order_id AND v.delivery_time <= d.deadline), 0)
                   >= d.order_qty THEN 1 ELSE 0 END AS on_time
  FROM due d
  WHERE d.deadline <= getvariable('as_of')
    AND NOT (d.cancel_time IS NOT NULL AND d.cancel_time < d.deadline)
)
SELECT DISTINCT distributor_code, month
FROM judged
GROUP BY distributor_code, month
HAVING COUNT(*) >= 20
   AND 10 * SUM(on_time) < 9 * COUNT(*);
