-- TRC-MISSING 应扫未扫追溯码: a fee line of a coded drug (trace_prefix set on the
-- hilist row valid on the fee date) with no code (drug_trac_codg null; the
-- loader turned an empty field into null), with fee_ocur_time on or after
-- scan_required_from = 2025-07-01 00:00:00 (text comparison = time order).
-- A fee line with no hilist row valid on its date is not judged.
SELECT DISTINCT f.feedetl_sn
FROM fee_list f
JOIN hilist h
  ON  h.hilist_code = f.hilist_code
  AND h.begndate <= substr(f.fee_ocur_time, 1, 10)
  AND substr(f.fee_ocur_time, 1, 10) <= COALESCE(h.enddate, '9999-12-31')
WHERE h.trace_prefix IS NOT NULL
  AND f.drug_trac_codg IS NULL
  AND f.fee_ocur_time >= '2025-07-01 00:00:00'
  AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1);
