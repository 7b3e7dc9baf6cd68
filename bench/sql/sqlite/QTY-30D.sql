-- QTY-30D 超量囤药: for one patient and one hilist_code, the sum of prd_days
-- (null counts 0) of fee lines with long_rx_flag = 0 whose fee_ocur_time lies
-- in some 30-day span (t - 30 days, t] exceeds stock_days = 60.
-- The windows are anchored at each fee line's own time (the largest sum over
-- all left-open, right-closed windows is reached with t at some line's time).
-- SQLite's RANGE frames take numeric offsets, so the time becomes whole
-- seconds (unixepoch() reads the zone-less text as UTC: no zone shift, no
-- daylight saving) and (t - 30 d, t] is RANGE BETWEEN 2591999 PRECEDING AND
-- CURRENT ROW (times are whole seconds). Lines at the same time are peers
-- and all count.
-- Fee lines of reversed settlements are neither anchors nor summed; lines
-- whose settlement row is absent do count. No catalogue row is needed.
WITH w AS (
  SELECT f.psn_no, f.hilist_code,
         SUM(COALESCE(f.prd_days, 0)) OVER (
           PARTITION BY f.psn_no, f.hilist_code
           ORDER BY unixepoch(f.fee_ocur_time)
           RANGE BETWEEN 2591999 PRECEDING AND CURRENT ROW) AS days_in_window
  FROM fee_list f
  WHERE f.long_rx_flag = 0
    AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1)
)
SELECT DISTINCT psn_no, hilist_code
FROM w
WHERE days_in_window > 60;
