-- QTY-RX 单次超量开药: the item's max_prd_days is set, long_rx_flag = 0 and
-- prd_days > max_prd_days (a null prd_days is not greater: not judged).
SELECT DISTINCT f.feedetl_sn
FROM fee_list f
JOIN hilist h
  ON  h.hilist_code = f.hilist_code
  AND h.begndate <= substr(f.fee_ocur_time, 1, 10)
  AND substr(f.fee_ocur_time, 1, 10) <= COALESCE(h.enddate, '9999-12-31')
WHERE h.max_prd_days IS NOT NULL
  AND f.long_rx_flag = 0
  AND f.prd_days > h.max_prd_days
  AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1);
