-- OPSP-REFUSE 门慢特疑似拒收: a patient has >= min_refusals = 2 refused
-- encounters at institution X whose register times lie in some 30-day span
-- (t - 30 days, t], anchored at each refused register's own time.
-- A refused encounter: a mdtrt_event 'register' with med_type 14 whose
-- mdtrt_id gets a 'cancel' strictly later than the register (event_time >)
-- and never a 'settle' (at any time), counted only when the patient has an
-- opsp_reg row at X (the register's fixmedins_code; any disease) covering the
-- date of the register: status 1 and begndate <= date <= enddate (null = open).
-- Each register event is one refused encounter. The window is a RANGE frame
-- over whole seconds (unixepoch of the zone-less text):
-- (t - 30 d, t] = RANGE BETWEEN 2591999 PRECEDING AND CURRENT ROW.
WITH refused AS (
  SELECT r.event_id, r.psn_no, r.fixmedins_code, r.event_time
  FROM mdtrt_event r
  WHERE r.event_type = 'register'
    AND r.med_type = '14'
    AND EXISTS (SELECT 1 FROM mdtrt_event c
                WHERE c.mdtrt_id = r.mdtrt_id AND c.event_type = 'cancel'
                  AND c.event_time > r.event_time)
    AND NOT EXISTS (SELECT 1 FROM mdtrt_event t
                    WHERE t.mdtrt_id = r.mdtrt_id AND t.event_type = 'settle')
    AND EXISTS (SELECT 1 FROM opsp_reg g
                WHERE g.psn_no = r.psn_no AND g.fixmedins_code = r.fixmedins_code
                  AND g.status = '1'
                  AND g.begndate <= substr(r.event_time, 1, 10)
                  AND substr(r.event_time, 1, 10) <= COALESCE(g.enddate, '9999-12-31'))
),
w AS (
  SELECT psn_no, fixmedins_code,
         COUNT(*) OVER (PARTITION BY psn_no, fixmedins_code
                        ORDER BY unixepoch(event_time)
                        RANGE BETWEEN 2591999 PRECEDING AND CURRENT ROW) AS refusals
  FROM refused
)
SELECT DISTINCT psn_no, fixmedins_code
FROM w
WHERE refusals >= 2;
