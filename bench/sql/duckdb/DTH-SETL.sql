-- DTH-SETL 死亡后结算: the patient has a death_date and the date of setl_time
-- is after it (a settlement on the day of death is not flagged).
SELECT DISTINCT s.setl_id
FROM setl s
JOIN psn p ON p.psn_no = s.psn_no
WHERE s.refd_setl_flag = 0
  AND p.death_date IS NOT NULL
  AND CAST(s.setl_time AS DATE) > p.death_date;
