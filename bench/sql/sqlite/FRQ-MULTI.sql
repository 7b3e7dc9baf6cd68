-- FRQ-MULTI 跨机构重复购药: one patient has fee lines for one hilist_code at
-- >= min_institutions = 3 distinct institutions whose fee_ocur_time lie in
-- some 7-day span (t - 7 days, t], anchored at each fee line's own time.
-- SQLite has no COUNT(DISTINCT) window function, so each anchor line is
-- joined to the lines of the same patient and item in its window (index
-- range on (psn_no, hilist_code, fee_ocur_time)). Only (patient, item) pairs
-- seen at >= 3 institutions at all are examined.
-- (t - 7 d, t] on text times: datetime(t, '-7 days') is exactly 7 x 24 h
-- earlier in the same 'YYYY-MM-DD HH:MM:SS' form.
-- Fee lines of reversed settlements are ignored on both sides; lines whose
-- settlement row is absent count. long_rx_flag plays no part.
WITH live AS (
  SELECT f.feedetl_sn, f.psn_no, f.hilist_code, f.fixmedins_code, f.fee_ocur_time
  FROM fee_list f
  WHERE NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1)
),
candidate AS (
  SELECT psn_no, hilist_code
  FROM live
  GROUP BY psn_no, hilist_code
  HAVING COUNT(DISTINCT fixmedins_code) >= 3
)
SELECT DISTINCT a.psn_no, a.hilist_code
FROM candidate c
JOIN live a
  ON  a.psn_no = c.psn_no AND a.hilist_code = c.hilist_code
JOIN live b
  ON  b.psn_no = a.psn_no
  AND b.hilist_code = a.hilist_code
  AND b.fee_ocur_time >  datetime(a.fee_ocur_time, '-7 days')
  AND b.fee_ocur_time <= a.fee_ocur_time
GROUP BY a.feedetl_sn, a.psn_no, a.hilist_code
HAVING COUNT(DISTINCT b.fixmedins_code) >= 3;
