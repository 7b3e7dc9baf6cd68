-- LMT-SEX 限性别用药/诊疗: the item's gender_lmt (hilist row valid on the fee
-- date) is set and differs from the patient's gend.
-- Fee lines of reversed settlements are ignored; a fee line with no hilist row
-- valid on its date, or whose patient is not in psn, is not judged.
-- Dates: the fee date is substr(fee_ocur_time, 1, 10) (TEXT 'YYYY-MM-DD',
-- compared as text, which is date order).
SELECT DISTINCT f.feedetl_sn
FROM fee_list f
JOIN hilist h
  ON  h.hilist_code = f.hilist_code
  AND h.begndate <= substr(f.fee_ocur_time, 1, 10)
  AND substr(f.fee_ocur_time, 1, 10) <= COALESCE(h.enddate, '9999-12-31')
JOIN psn p ON p.psn_no = f.psn_no
WHERE h.gender_lmt IS NOT NULL
  AND h.gender_lmt <> p.gend
  AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1);
