-- TRC-MISMATCH 码品不符(串换): a well-formed code (20 ASCII digits) on a fee line
-- whose first 7 digits are not in the billed item's trace_prefix (its hilist
-- row valid on the fee date; a null trace_prefix contains nothing) but are in
-- the trace_prefix of another catalogue item's row valid on the fee date
-- (another = a different hilist_code).
-- A fee line with no hilist row valid on its date is not judged. Fee lines of
-- reversed settlements are ignored. Lists are split with recursive CTEs.
WITH RECURSIVE
code AS (
  SELECT f.feedetl_sn, f.hilist_code, f.fee_ocur_time,
         SUBSTRING_INDEX(f.drug_trac_codg, '|', 1) AS c,
         IF(LOCATE('|', f.drug_trac_codg) > 0,
            SUBSTRING(f.drug_trac_codg, LOCATE('|', f.drug_trac_codg) + 1), NULL) AS rest
  FROM fee_list f
  WHERE f.drug_trac_codg IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1)
  UNION ALL
  SELECT feedetl_sn, hilist_code, fee_ocur_time,
         SUBSTRING_INDEX(rest, '|', 1),
         IF(LOCATE('|', rest) > 0, SUBSTRING(rest, LOCATE('|', rest) + 1), NULL)
  FROM code WHERE rest IS NOT NULL
),
prefix AS (              -- one row per (hilist row, trace prefix)
  SELECT hilist_code, begndate, enddate,
         SUBSTRING_INDEX(trace_prefix, '|', 1) AS p,
         IF(LOCATE('|', trace_prefix) > 0, SUBSTRING(trace_prefix, LOCATE('|', trace_prefix) + 1), NULL) AS rest
  FROM hilist WHERE trace_prefix IS NOT NULL
  UNION ALL
  SELECT hilist_code, begndate, enddate,
         SUBSTRING_INDEX(rest, '|', 1),
         IF(LOCATE('|', rest) > 0, SUBSTRING(rest, LOCATE('|', rest) + 1), NULL)
  FROM prefix WHERE rest IS NOT NULL
)
SELECT DISTINCT k.feedetl_sn
FROM code k
JOIN hilist h
  ON  h.hilist_code = k.hilist_code
  AND h.begndate <= DATE(k.fee_ocur_time)
  AND DATE(k.fee_ocur_time) <= COALESCE(h.enddate, DATE '9999-12-31')
WHERE LENGTH(k.c) = 20 AND k.c NOT REGEXP '[^0-9]'
  AND NOT EXISTS (SELECT 1 FROM prefix own
                  WHERE own.hilist_code = h.hilist_code AND own.begndate = h.begndate
                    AND own.p = LEFT(k.c, 7))
  AND EXISTS (SELECT 1 FROM prefix o
              WHERE o.p = LEFT(k.c, 7)
                AND o.hilist_code <> k.hilist_code
                AND o.begndate <= DATE(k.fee_ocur_time)
                AND DATE(k.fee_ocur_time) <= COALESCE(o.enddate, DATE '9999-12-31'));
