-- LMT-AGE 限年龄用药/诊疗: the patient's age in whole years on the fee date is
-- below age_min or above age_max (each where set).
-- Age: TIMESTAMPDIFF(YEAR, brdy, fee date). In MariaDB 10.11 this counts a
-- year once the birthday's calendar day is reached, and a 29 Feb birthday is
-- reached on 1 Mar in common years (checked: 2000-02-29 -> 2001-02-28 is 0,
-- -> 2001-03-01 is 1; -> 2004-02-29 is 4).
SELECT DISTINCT f.feedetl_sn
FROM fee_list f
JOIN hilist h
  ON  h.hilist_code = f.hilist_code
  AND h.begndate <= DATE(f.fee_ocur_time)
  AND DATE(f.fee_ocur_time) <= COALESCE(h.enddate, DATE '9999-12-31')
JOIN psn p ON p.psn_no = f.psn_no
WHERE (h.age_min IS NOT NULL OR h.age_max IS NOT NULL)
  AND (   TIMESTAMPDIFF(YEAR, p.brdy, DATE(f.fee_ocur_time)) < h.age_min
       OR TIMESTAMPDIFF(YEAR, p.brdy, DATE(f.fee_ocur_time)) > h.age_max)
  AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1);
