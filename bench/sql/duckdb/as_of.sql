-- The default as-of time (data-contract.md, "The as-of time"): the latest
-- event time over the nine listed fields, every loaded row counted (reversed
-- settlements included), as bench/sql/mariadb/as_of.sql. Kept in the
-- session variable as_of, which the DLV queries read with getvariable().
SET VARIABLE as_of = (
  SELECT MAX(t) FROM (
              SELECT MAX(setl_time) AS t FROM setl
    UNION ALL SELECT MAX(fee_ocur_time) FROM fee_list
    UNION ALL SELECT MAX(event_time)    FROM trac_event
    UNION ALL SELECT MAX(event_time)    FROM mdtrt_event
    UNION ALL SELECT MAX(recv_time)     FROM complaint
    UNION ALL SELECT MAX(order_time)    FROM vbp_order
    UNION ALL SELECT MAX(cancel_time)   FROM vbp_order
    UNION ALL SELECT MAX(delivery_time) FROM vbp_delivery
    UNION ALL SELECT MAX(rx_time)       FROM erx
  )
);
