-- FRQ-MULTI 跨机构重复购药: one patient has fee lines for one hilist_code at
-- >= min_institutions = 3 distinct institutions whose fee_ocur_time lie in
-- some 7-day span (t - 7 days, t], anchored at each fee line's own time.
-- DuckDB has DISTINCT aggregates over window frames: one pass, COUNT(DISTINCT
-- fixmedins_code) over RANGE BETWEEN INTERVAL 604799 SECOND PRECEDING AND
-- CURRENT ROW (times are whole seconds; lines at the same time are peers).
-- Fee lines of reversed settlements are ignored; lines whose settlement row
-- is absent count. long_rx_flag plays no part.
WITH w AS (
  SELECT f.psn_no, f.hilist_code,
         COUNT(DISTINCT f.fixmedins_code) OVER (
           PARTITION BY f.psn_no, f.hilist_code
           ORDER BY f.fee_ocur_time
           RANGE BETWEEN INTERVAL 604799 SECOND PRECEDING AND CURRENT ROW) AS institutions
  FROM fee_list f
  WHERE NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1)
)
SELECT DISTINCT psn_no, hilist_code
FROM w
WHERE institutions >= 3;
