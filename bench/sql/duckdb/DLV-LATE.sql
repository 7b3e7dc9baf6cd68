-- DLV-LATE 集采订单超时未配送: an order not delivered on time whose deadline is
-- at or before the as-of time (getvariable('as_of'), set by as_of.sql).
-- deadline = order_time + 48 h (4 h when urgent_flag = 1). Delivered on time:
-- the deliveries with delivery_time <= deadline add up (DECIMAL, exact) to at
-- least order_qty; no such delivery = 0. An order cancelled strictly before
-- its deadline (cancel_time < deadline) is not judged; one cancelled at or
-- after the deadline is.
WITH due AS (
  SELECT o.order_id, o.order_qty, o.cancel_time,
         o.order_time + CASE WHEN o.urgent_flag = 1 THEN INTERVAL 4 HOUR ELSE INTERVAL 48 HOUR END AS deadline
  FROM vbp_order o
)
SELECT DISTINCT d.order_id
FROM due d
WHERE d.deadline <= getvariable('as_of')
  AND NOT (d.cancel_time IS NOT NULL AND d.cancel_time < d.deadline)
  AND COALESCE((SELECT SUM(v.delivered_qty) FROM vbp_delivery v
                WHERE v.order_id = d.order_id AND v.delivery_time <= d.deadline), 0) < d.order_qty;
