-- LMT-DX 限适应症支付: the item's lmt_dise is set and no diagnosis in the
-- settlement's dx_codes starts with any of its prefixes. Fee lines whose
-- settlement is absent are not judged (inner join); reversed settlements are
-- ignored (refd_setl_flag = 0 on the joined settlement).
-- The item's prefix list is split with a recursive CTE (hilist is small).
-- "Some diagnosis in the '|'-separated dx_codes starts with prefix p" holds
-- exactly when '|' || p occurs in '|' || dx_codes (an occurrence right after
-- a '|' is at the start of an element; p holds no '|'). instr() is an exact,
-- case-sensitive byte test; LIKE (case-insensitive, '_' and '%' wildcards)
-- and GLOB ('*', '?', '[' wildcards) are avoided.
WITH RECURSIVE lim_item(hilist_code, begndate, prefix, rest) AS (
  SELECT hilist_code, begndate,
         substr(lmt_dise, 1, instr(lmt_dise || '|', '|') - 1),
         CASE WHEN instr(lmt_dise, '|') > 0 THEN substr(lmt_dise, instr(lmt_dise, '|') + 1) END
  FROM hilist WHERE lmt_dise IS NOT NULL
  UNION ALL
  SELECT hilist_code, begndate,
         substr(rest, 1, instr(rest || '|', '|') - 1),
         CASE WHEN instr(rest, '|') > 0 THEN substr(rest, instr(rest, '|') + 1) END
  FROM lim_item WHERE rest IS NOT NULL
)
SELECT DISTINCT f.feedetl_sn
FROM fee_list f
JOIN hilist h
  ON  h.hilist_code = f.hilist_code
  AND h.begndate <= substr(f.fee_ocur_time, 1, 10)
  AND substr(f.fee_ocur_time, 1, 10) <= COALESCE(h.enddate, '9999-12-31')
JOIN setl s ON s.setl_id = f.setl_id AND s.refd_setl_flag = 0
WHERE h.lmt_dise IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM lim_item l
                  WHERE l.hilist_code = h.hilist_code AND l.begndate = h.begndate
                    AND instr('|' || s.dx_codes, '|' || l.prefix) > 0);
