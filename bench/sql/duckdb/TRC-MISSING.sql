-- TRC-MISSING 应扫未扫追溯码: a fee line of a coded drug (trace_prefix set on the
-- hilist row valid on the fee date) with no code (drug_trac_codg null; an
-- empty field is read as null), with fee_ocur_time on or after
-- scan_required_from = 2025-07-01 00:00:00.
-- A fee line with no hilist row valid on its date is not judged.
SELECT DISTINCT f.feedetl_sn
FROM fee_list f
JOIN hilist h
  ON  h.hilist_code = f.hilist_code
  AND h.begndate <= CAST(f.fee_ocur_time AS DATE)
  AND CAST(f.fee_ocur_time AS DATE) <= COALESCE(h.enddate, DATE '9999-12-31')
WHERE h.trace_prefix IS NOT NULL
  AND f.drug_trac_codg IS NULL
  AND f.fee_ocur_time >= TIMESTAMP '2025-07-01 00:00:00'
  AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1);
