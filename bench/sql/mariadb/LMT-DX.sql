-- LMT-DX 限适应症支付: the item's lmt_dise is set and no diagnosis in the
-- settlement's dx_codes starts with any of its prefixes. Fee lines whose
-- settlement is absent are not judged (inner join); reversed settlements are
-- ignored (refd_setl_flag = 0 on the joined settlement).
-- The item's prefix list is split with a recursive CTE (hilist is small).
-- "Some diagnosis in the '|'-separated dx_codes starts with prefix p" is
-- tested without splitting dx_codes: it holds exactly when '|' + p occurs in
-- '|' + dx_codes (an occurrence right after a '|' is at the start of an
-- element; p holds no '|'). LOCATE is an exact byte test under the tables'
-- utf8mb4_bin collation; LIKE is avoided so '_' or '%' in a code is no
-- wildcard.
WITH RECURSIVE lim_item AS (   -- one row per (hilist row, indication prefix)
  SELECT hilist_code, begndate,
         SUBSTRING_INDEX(lmt_dise, '|', 1) AS prefix,
         IF(LOCATE('|', lmt_dise) > 0, SUBSTRING(lmt_dise, LOCATE('|', lmt_dise) + 1), NULL) AS rest
  FROM hilist WHERE lmt_dise IS NOT NULL
  UNION ALL
  SELECT hilist_code, begndate,
         SUBSTRING_INDEX(rest, '|', 1),
         IF(LOCATE('|', rest) > 0, SUBSTRING(rest, LOCATE('|', rest) + 1), NULL)
  FROM lim_item WHERE rest IS NOT NULL
)
SELECT DISTINCT f.feedetl_sn
FROM fee_list f
JOIN hilist h
  ON  h.hilist_code = f.hilist_code
  AND h.begndate <= DATE(f.fee_ocur_time)
  AND DATE(f.fee_ocur_time) <= COALESCE(h.enddate, DATE '9999-12-31')
JOIN setl s ON s.setl_id = f.setl_id AND s.refd_setl_flag = 0
WHERE h.lmt_dise IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM lim_item l
                  WHERE l.hilist_code = h.hilist_code AND l.begndate = h.begndate
                    AND LOCATE(CONCAT('|', l.prefix), CONCAT('|', s.dx_codes)) > 0);
