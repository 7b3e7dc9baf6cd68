-- PRC-CEIL 超支付标准收费: the item's pric_uplmt_amt is set and pric is greater.
-- Both columns hold the decimal x 10^4 as an INTEGER (schema.sql): the
-- comparison is exact integer comparison, no binary floating point.
SELECT DISTINCT f.feedetl_sn
FROM fee_list f
JOIN hilist h
  ON  h.hilist_code = f.hilist_code
  AND h.begndate <= substr(f.fee_ocur_time, 1, 10)
  AND substr(f.fee_ocur_time, 1, 10) <= COALESCE(h.enddate, '9999-12-31')
WHERE h.pric_uplmt_amt IS NOT NULL
  AND f.pric > h.pric_uplmt_amt
  AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1);
