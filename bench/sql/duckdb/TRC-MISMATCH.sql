-- TRC-MISMATCH 码品不符(串换): a well-formed code (20 ASCII digits, as in
-- TRC-FMT.sql) on a fee line whose first 7 digits are not in the billed
-- item's trace_prefix (its hilist row valid on the fee date; a null
-- trace_prefix contains nothing) but are in the trace_prefix of another
-- catalogue item's row valid on the fee date (another = a different
-- hilist_code).
-- A fee line with no hilist row valid on its date is not judged. Fee lines of
-- reversed settlements are ignored. Lists are split with string_split.
WITH code AS (
  SELECT f.feedetl_sn, f.hilist_code, CAST(f.fee_ocur_time AS DATE) AS fee_date,
         unnest(string_split(f.drug_trac_codg, '|')) AS c
  FROM fee_list f
  WHERE f.drug_trac_codg IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1)
),
prefix AS (              -- one row per (hilist row, trace prefix)
  SELECT hilist_code, begndate, enddate, unnest(string_split(trace_prefix, '|')) AS p
  FROM hilist WHERE trace_prefix IS NOT NULL
)
SELECT DISTINCT k.feedetl_sn
FROM code k
JOIN hilist h
  ON  h.hilist_code = k.hilist_code
  AND h.begndate <= k.fee_date
  AND k.fee_date <= COALESCE(h.enddate, DATE '9999-12-31')
WHERE regexp_full_match(k.c, '[0-9]{20}')
  AND NOT EXISTS (SELECT 1 FROM prefix own
                  WHERE own.hilist_code = h.hilist_code AND own.begndate = h.begndate
                    AND own.p = left(k.c, 7))
  AND EXISTS (SELECT 1 FROM prefix o
              WHERE o.p = left(k.c, 7)
                AND o.hilist_code <> k.hilist_code
                AND o.begndate <= k.fee_date
                AND k.fee_date <= COALESCE(o.enddate, DATE '9999-12-31'));
