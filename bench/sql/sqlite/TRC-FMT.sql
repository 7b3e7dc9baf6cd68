-- TRC-FMT 追溯码格式错误: a code listed on a fee line is not exactly 20 ASCII
-- digits. Well-formed = 20 bytes (length of the BLOB: a full-width digit is 3
-- bytes) AND no byte outside '0'..'9' (GLOB '*[^0-9]*' is a byte-range class,
-- case-sensitive, no locale; a newline or full-width digit is outside it).
-- The list is split on '|' with a recursive CTE. Fee lines of reversed
-- settlements are ignored. No catalogue row is needed.
WITH RECURSIVE code(feedetl_sn, c, rest) AS (
  SELECT f.feedetl_sn,
         substr(f.drug_trac_codg, 1, instr(f.drug_trac_codg || '|', '|') - 1),
         CASE WHEN instr(f.drug_trac_codg, '|') > 0
              THEN substr(f.drug_trac_codg, instr(f.drug_trac_codg, '|') + 1) END
  FROM fee_list f
  WHERE f.drug_trac_codg IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1)
  UNION ALL
  SELECT feedetl_sn,
         substr(rest, 1, instr(rest || '|', '|') - 1),
         CASE WHEN instr(rest, '|') > 0 THEN substr(rest, instr(rest, '|') + 1) END
  FROM code WHERE rest IS NOT NULL
)
SELECT DISTINCT feedetl_sn
FROM code
WHERE NOT (length(CAST(c AS BLOB)) = 20 AND c NOT GLOB '*[^0-9]*');
