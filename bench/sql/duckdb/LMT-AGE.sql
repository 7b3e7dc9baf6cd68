-- LMT-AGE 限年龄用药/诊疗: the patient's age in whole years on the fee date is
-- below age_min or above age_max (each where set; a comparison with a null
-- bound is unknown, never true).
-- Age on date d: the difference of the years, less one when d's month-day
-- (month * 100 + day) is before the birthday's. Same reading as the MariaDB
-- oracle's TIMESTAMPDIFF(YEAR, ...): a birthday counts from its calendar
-- day, a 29 Feb birthday from 1 Mar in common years, and on 29 Feb in leap
-- years. (DuckDB's date_diff('year', ...) counts year boundaries crossed,
-- not whole years, so it is not used.)
SELECT DISTINCT feedetl_sn
FROM (
  SELECT f.feedetl_sn, h.age_min, h.age_max,
         year(f.fee_ocur_time) - year(p.brdy)
           - CASE WHEN month(f.fee_ocur_time) * 100 + day(f.fee_ocur_time)
                       < month(p.brdy) * 100 + day(p.brdy) THEN 1 ELSE 0 END AS age
  FROM fee_list f
  JOIN hilist h
  ON  h.hilist_code = f.hilist_code
  AND h.begndate <= CAST(f.fee_ocur_time AS DATE)
  AND CAST(f.fee_ocur_time AS DATE) <= COALESCE(h.enddate, DATE '9999-12-31')
  JOIN psn p ON p.psn_no = f.psn_no
  WHERE (h.age_min IS NOT NULL OR h.age_max IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1)
)
WHERE age < age_min OR age > age_max;
