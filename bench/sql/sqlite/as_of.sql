-- The default as-of time (data-contract.md, "The as-of time"): the latest
-- event time over the nine listed fields, every loaded row counted (reversed
-- settlements included), as bench/sql/mariadb/as_of.sql. Times are TEXT in
-- 'YYYY-MM-DD HH:MM:SS', so MAX is the latest. The runner stores the result
-- in the one-row table as_of(t) that the DLV queries read.
DROP TABLE IF EXISTS as_of;
CREATE TABLE as_of AS
SELECT MAX(t) AS t FROM (
            SELECT MAX(setl_time) AS t FROM setl
  UNION ALL SELECT MAX(fee_ocur_time) FROM fee_list
  UNION ALL SELECT MAX(event_time)    FROM trac_event
  UNION ALL SELECT MAX(event_time)    FROM mdtrt_event
  UNION ALL SELECT MAX(recv_time)     FROM complaint
  UNION ALL SELECT MAX(order_time)    FROM vbp_order
  UNION ALL SELECT MAX(cancel_time)   FROM vbp_order
  UNION ALL SELECT MAX(delivery_time) FROM vbp_delivery
  UNION ALL SELECT MAX(rx_time)       FROM erx
);
