-- HOS-SPLIT 分解住院: an inpatient settlement (med_type 21) whose begntime is at
-- or after the endtime of ANOTHER inpatient settlement (a different setl_id)
-- of the same patient at the same institution, and within readmit_days = 15
-- days of it: prev.endtime <= s.begntime <= prev.endtime + 15 x 24 h
-- (TIMESTAMP without time zone: INTERVAL 15 DAY is exactly 15 x 24 h).
-- Neither stay may be a reversed settlement.
SELECT DISTINCT s.setl_id
FROM setl s
JOIN setl prev
  ON  prev.psn_no = s.psn_no
  AND prev.fixmedins_code = s.fixmedins_code
  AND prev.med_type = '21'
  AND prev.refd_setl_flag = 0
  AND prev.setl_id <> s.setl_id
  AND prev.endtime <= s.begntime
  AND s.begntime <= prev.endtime + INTERVAL 15 DAY
WHERE s.med_type = '21'
  AND s.refd_setl_flag = 0;
