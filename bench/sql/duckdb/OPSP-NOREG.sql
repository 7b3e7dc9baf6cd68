-- OPSP-NOREG 门慢特无有效备案结算: a (non-reversed) settlement with med_type 14
-- for which the patient has no registration for its opsp_dise_code at that
-- institution covering the date of setl_time.
-- A settlement with a null opsp_dise_code matches no registration (a
-- comparison with null is unknown, not true) and so is flagged.
SELECT DISTINCT s.setl_id
FROM setl s
WHERE s.med_type = '14'
  AND s.refd_setl_flag = 0
  AND NOT EXISTS (SELECT 1 FROM opsp_reg g
                  WHERE g.psn_no = s.psn_no
                    AND g.opsp_dise_code = s.opsp_dise_code
                    AND g.fixmedins_code = s.fixmedins_code
                    AND g.status = '1'
                    AND g.begndate <= CAST(s.setl_time AS DATE)
                    AND CAST(s.setl_time AS DATE) <= COALESCE(g.enddate, DATE '9999-12-31'));
