-- OPSP-COMPLAINT 门慢特拒收投诉: a complaint with category 拒收 or 推诿 from a
-- patient with a registration (any disease) at the complained-about
-- institution covering the complaint's date.
SELECT DISTINCT c.complaint_id
FROM complaint c
WHERE c.category IN ('拒收', '推诿')
  AND EXISTS (SELECT 1 FROM opsp_reg g
              WHERE g.psn_no = c.psn_no AND g.fixmedins_code = c.fixmedins_code
                AND g.status = '1'
                AND g.begndate <= CAST(c.recv_time AS DATE)
                AND CAST(c.recv_time AS DATE) <= COALESCE(g.enddate, DATE '9999-12-31'));
