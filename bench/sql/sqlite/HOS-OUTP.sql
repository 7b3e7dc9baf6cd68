-- HOS-OUTP 住院期间门诊结算: an outpatient settlement (med_type 11, 13 or 14)
-- whose setl_time is strictly between begntime and endtime of an inpatient
-- settlement (med_type 21) of the same patient at any institution. Neither
-- may be a reversed settlement.
SELECT DISTINCT o.setl_id
FROM setl o
JOIN setl i
  ON  i.psn_no = o.psn_no
  AND i.med_type = '21'
  AND i.begntime < o.setl_time
  AND o.setl_time < i.endtime
  AND i.refd_setl_flag = 0
WHERE o.med_type IN ('11', '13', '14')
  AND o.refd_setl_flag = 0;
