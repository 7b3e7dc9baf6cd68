-- LMT-DX 限适应症支付: the item's lmt_dise is set and no diagnosis in the
-- settlement's dx_codes starts with any of its prefixes. Fee lines whose
-- settlement is absent are not judged (inner join); reversed settlements are
-- ignored (refd_setl_flag = 0 on the joined settlement).
-- The item's prefix list is split with string_split + unnest (hilist is
-- small). "Some diagnosis in the '|'-separated dx_codes starts with prefix p"
-- holds exactly when '|' || p occurs in '|' || dx_codes (an occurrence right
-- after a '|' is at the start of an element; p holds no '|'); contains() is
-- an exact, case-sensitive test (LIKE would treat '_' and '%' as wildcards).
WITH lim_item AS (   -- one row per (hilist row, indication prefix)
  SELECT hilist_code, begndate, unnest(string_split(lmt_dise, '|')) AS prefix
  FROM hilist WHERE lmt_dise IS NOT NULL
)
SELECT DISTINCT f.feedetl_sn
FROM fee_list f
JOIN hilist h
  ON  h.hilist_code = f.hilist_code
  AND h.begndate <= CAST(f.fee_ocur_time AS DATE)
  AND CAST(f.fee_ocur_time AS DATE) <= COALESCE(h.enddate, DATE '9999-12-31')
JOIN setl s ON s.setl_id = f.setl_id AND s.refd_setl_flag = 0
WHERE h.lmt_dise IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM lim_item l
                  WHERE l.hilist_code = h.hilist_code AND l.begndate = h.begndate
                    AND contains('|' || s.dx_codes, '|' || l.prefix));
