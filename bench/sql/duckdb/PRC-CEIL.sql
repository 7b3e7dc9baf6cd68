-- PRC-CEIL 超支付标准收费: the item's pric_uplmt_amt is set and pric is greater.
-- Both are DECIMAL(18,4) columns: the comparison is exact.
SELECT DISTINCT f.feedetl_sn
FROM fee_list f
JOIN hilist h
  ON  h.hilist_code = f.hilist_code
  AND h.begndate <= CAST(f.fee_ocur_time AS DATE)
  AND CAST(f.fee_ocur_time AS DATE) <= COALESCE(h.enddate, DATE '9999-12-31')
WHERE h.pric_uplmt_amt IS NOT NULL
  AND f.pric > h.pric_uplmt_amt
  AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1);
