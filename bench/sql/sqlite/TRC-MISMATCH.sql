-- TRC-MISMATCH 码品不符(串换): a well-formed code (20 ASCII digits, as in
-- TRC-FMT.sql) on a fee line whose first 7 digits are not in the billed
-- item's trace_prefix (its hilist row valid on the fee date; a null
-- trace_prefix contains nothing) but are in the trace_prefix of another
-- catalogue item's row valid on the fee date (another = a different
-- hilist_code).
-- A fee line with no hilist row valid on its date is not judged. Fee lines of
-- reversed settlements are ignored. Lists are split with recursive CTEs.
WITH RECURSIVE
code(feedetl_sn, hilist_code, fee_date, c, rest) AS (
  SELECT f.feedetl_sn, f.hilist_code, substr(f.fee_ocur_time, 1, 10),
         substr(f.drug_trac_codg, 1, instr(f.drug_trac_codg || '|', '|') - 1),
         CASE WHEN instr(f.drug_trac_codg, '|') > 0
              THEN substr(f.drug_trac_codg, instr(f.drug_trac_codg, '|') + 1) END
  FROM fee_list f
  WHERE f.drug_trac_codg IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1)
  UNION ALL
  SELECT feedetl_sn, hilist_code, fee_date,
         substr(rest, 1, instr(rest || '|', '|') - 1),
         CASE WHEN instr(rest, '|') > 0 THEN substr(rest, instr(rest, '|') + 1) END
  FROM code WHERE rest IS NOT NULL
),
prefix(hilist_code, begndate, enddate, p, rest) AS (  -- one row per (hilist row, prefix)
  SELECT hilist_code, begndate, enddate,
         substr(trace_prefix, 1, instr(trace_prefix || '|', '|') - 1),
         CASE WHEN instr(trace_prefix, '|') > 0 THEN substr(trace_prefix, instr(trace_prefix, '|') + 1) END
  FROM hilist WHERE trace_prefix IS NOT NULL
  UNION ALL
  SELECT hilist_code, begndate, enddate,
         substr(rest, 1, instr(rest || '|', '|') - 1),
         CASE WHEN instr(rest, '|') > 0 THEN substr(rest, instr(rest, '|') + 1) END
  FROM prefix WHERE rest IS NOT NULL
)
SELECT DISTINCT k.feedetl_sn
FROM code k
JOIN hilist h
  ON  h.hilist_code = k.hilist_code
  AND h.begndate <= k.fee_date
  AND k.fee_date <= COALESCE(h.enddate, '9999-12-31')
WHERE length(CAST(k.c AS BLOB)) = 20 AND k.c NOT GLOB '*[^0-9]*'
  AND NOT EXISTS (SELECT 1 FROM prefix own
                  WHERE own.hilist_code = h.hilist_code AND own.begndate = h.begndate
                    AND own.p = substr(k.c, 1, 7))
  AND EXISTS (SELECT 1 FROM prefix o
              WHERE o.p = substr(k.c, 1, 7)
                AND o.hilist_code <> k.hilist_code
                AND o.begndate <= k.fee_date
                AND k.fee_date <= COALESCE(o.enddate, '9999-12-31'));
