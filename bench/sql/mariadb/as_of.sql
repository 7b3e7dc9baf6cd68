-- The default as-of time (data-contract.md, "The as-of time"): the latest
-- event time found in the data over the nine listed fields. Every loaded row
-- counts, reversed settlements included: the as-of time is a property of the
-- data set, not evidence of a violation. Rows the loader rejected are not in
-- the tables and so do not count.
-- The runner executes this file and then reads @as_of; set @as_of yourself to
-- judge at another time.
SET @as_of = (
  SELECT MAX(t) FROM (
              SELECT MAX(setl_time)     AS t FROM setl
    UNION ALL SELECT MAX(fee_ocur_time)      FROM fee_list
    UNION ALL SELECT MAX(event_time)         FROM trac_event
    UNION ALL SELECT MAX(event_time)         FROM mdtrt_event
    UNION ALL SELECT MAX(recv_time)          FROM complaint
    UNION ALL SELECT MAX(order_time)         FROM vbp_order
    UNION ALL SELECT MAX(cancel_time)        FROM vbp_order
    UNION ALL SELECT MAX(delivery_time)      FROM vbp_delivery
    UNION ALL SELECT MAX(rx_time)            FROM erx
  ) AS latest
);
