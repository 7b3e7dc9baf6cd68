-- DLV-3M 连续三月配送及时率低: DLV-RATE holds for one distributor in three
-- consecutive calendar months; the key is the third month ('YYYY-MM').
-- DLV-RATE is recomputed here (same text as DLV-RATE.sql) as a CTE.
-- Months are compared as first days: date(m || '-01', '-1 month') is the
-- previous calendar month's first day (across year ends). Each month m that
-- holds with m-1 and m-2 also holding is reported, so a run of four months
-- reports its third and fourth.
WITH due AS (
  SELECT o.order_id, o.distributor_code, o.order_time, o.order_qty, o.cancel_time,
         datetime(o.order_time, CASE WHEN o.urgent_flag = 1 THEN '+4 hours' ELSE '+48 hours' END) AS deadline
  FROM vbp_order o
),
judged AS (
  SELECT d.distributor_code, substr(d.order_time, 1, 7) AS month,
         CASE WHEN COALESCE((SELECT SUM(v.delivered_qty) FROM vbp_delivery v
                             WHERE v.order_id = d.order_id AND v.delivery_time <= d.deadline), 0)
                   >= d.order_qty THEN 1 ELSE 0 END AS on_time
  FROM due d
  WHERE d.deadline <= (SELECT t FROM as_of)
    AND NOT (d.cancel_time IS NOT NULL AND d.cancel_time < d.deadline)
),
low AS (                 -- the (distributor, month) pairs of DLV-RATE
  SELECT distributor_code, month || '-01' AS month_start
  FROM judged
  GROUP BY distributor_code, month
  HAVING COUNT(*) >= 20
     AND 10 * SUM(on_time) < 9 * COUNT(*)
)
SELECT DISTINCT m3.distributor_code, substr(m3.month_start, 1, 7) AS month
FROM low m3
JOIN low m2 ON m2.distributor_code = m3.distributor_code
           AND m2.month_start = date(m3.month_start, '-1 month')
JOIN low m1 ON m1.distributor_code = m3.distributor_code
           AND m1.month_start = date(m3.month_start, '-2 months');
