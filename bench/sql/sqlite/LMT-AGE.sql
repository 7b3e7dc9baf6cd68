-- LMT-AGE 限年龄用药/诊疗: the patient's age in whole years on the fee date is
-- below age_min or above age_max (each where set; a comparison with a null
-- bound is unknown, never true).
-- Age on date d: the difference of the years, less one when d's month-day
-- ('MM-DD', compared as text) is before the birthday's. Same reading as the
-- MariaDB oracle's TIMESTAMPDIFF(YEAR, ...): a birthday counts from its
-- calendar day, a 29 Feb birthday from 1 Mar in common years ('02-28' <
-- '02-29' is one year less; '03-01' is not), and on 29 Feb in leap years.
SELECT DISTINCT feedetl_sn
FROM (
  SELECT f.feedetl_sn, h.age_min, h.age_max,
         CAST(substr(f.fee_ocur_time, 1, 4) AS INTEGER) - CAST(substr(p.brdy, 1, 4) AS INTEGER)
           - (substr(f.fee_ocur_time, 6, 5) < substr(p.brdy, 6, 5)) AS age
  FROM fee_list f
  JOIN hilist h
    ON  h.hilist_code = f.hilist_code
    AND h.begndate <= substr(f.fee_ocur_time, 1, 10)
    AND substr(f.fee_ocur_time, 1, 10) <= COALESCE(h.enddate, '9999-12-31')
  JOIN psn p ON p.psn_no = f.psn_no
  WHERE (h.age_min IS NOT NULL OR h.age_max IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1)
)
WHERE age < age_min OR age > age_max;
