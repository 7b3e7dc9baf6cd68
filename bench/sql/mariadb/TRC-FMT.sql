-- TRC-FMT 追溯码格式错误: a code listed on a fee line is not exactly 20 ASCII
-- digits. Well-formed = LENGTH(code) = 20 (bytes) AND code NOT REGEXP '[^0-9]'.
-- Not '^[0-9]{20}$' alone: MariaDB's PCRE '$' also matches before a final
-- newline, so "<20 digits>\n" would pass (checked on 10.11). Full-width
-- digits (U+FF10..) are not in [0-9] (checked) and are 3 bytes each.
-- The list is split on '|' with a recursive CTE. Fee lines of reversed
-- settlements are ignored. No catalogue row is needed.
WITH RECURSIVE code AS (
  SELECT f.feedetl_sn,
         SUBSTRING_INDEX(f.drug_trac_codg, '|', 1) AS c,
         IF(LOCATE('|', f.drug_trac_codg) > 0,
            SUBSTRING(f.drug_trac_codg, LOCATE('|', f.drug_trac_codg) + 1), NULL) AS rest
  FROM fee_list f
  WHERE f.drug_trac_codg IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1)
  UNION ALL
  SELECT feedetl_sn,
         SUBSTRING_INDEX(rest, '|', 1),
         IF(LOCATE('|', rest) > 0, SUBSTRING(rest, LOCATE('|', rest) + 1), NULL)
  FROM code WHERE rest IS NOT NULL
)
SELECT DISTINCT feedetl_sn
FROM code
WHERE NOT (LENGTH(c) = 20 AND c NOT REGEXP '[^0-9]');
