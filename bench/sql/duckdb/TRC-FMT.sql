-- TRC-FMT 追溯码格式错误: a code listed on a fee line is not exactly 20 ASCII
-- digits. Well-formed = regexp_full_match(c, '[0-9]{20}'): RE2 matches the
-- whole string (no '$'-before-newline leniency), and [0-9] holds only the
-- ASCII digits (a full-width digit or a newline is outside it).
-- The list is split on '|' with string_split (an empty element is a code
-- too, and not well-formed). Fee lines of reversed settlements are ignored.
-- No catalogue row is needed.
WITH code AS (
  SELECT f.feedetl_sn, unnest(string_split(f.drug_trac_codg, '|')) AS c
  FROM fee_list f
  WHERE f.drug_trac_codg IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1)
)
SELECT DISTINCT feedetl_sn
FROM code
WHERE NOT regexp_full_match(c, '[0-9]{20}');
