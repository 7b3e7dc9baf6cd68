-- DCH-NORX 双通道药品无有效处方: a fee line at a pharmacy (fixmedins.fixmedins_type
-- = 2) for a drug whose hilist row valid on the fee date has
-- dual_channel_flag = 1, whose settlement (present and not reversed; fee lines
-- without one are not judged) names no rxno, or names one for which no erx
-- row exists with that hi_rxno, the same patient (the fee line's psn_no),
-- rx_stas = 1, the drug (the fee line's hilist_code) in hilist_codes, and
-- rx_time <= fee_ocur_time <= rx_time + vali_days days (vali_days x 24 h, by
-- datetime(); text comparison = time order).
-- The pharmacy's own dual_channel_flag plays no part (the catalogue does not
-- name it). "in hilist_codes" is an exact element test: instr('|code|',
-- '|list|') on the '|'-joined list.
SELECT DISTINCT f.feedetl_sn
FROM fee_list f
JOIN fixmedins m ON m.fixmedins_code = f.fixmedins_code
JOIN hilist h
  ON  h.hilist_code = f.hilist_code
  AND h.begndate <= substr(f.fee_ocur_time, 1, 10)
  AND substr(f.fee_ocur_time, 1, 10) <= COALESCE(h.enddate, '9999-12-31')
JOIN setl s ON s.setl_id = f.setl_id AND s.refd_setl_flag = 0
WHERE m.fixmedins_type = '2'
  AND h.dual_channel_flag = 1
  AND (   s.rxno IS NULL
       OR NOT EXISTS (SELECT 1 FROM erx e
                      WHERE e.hi_rxno = s.rxno
                        AND e.psn_no = f.psn_no
                        AND e.rx_stas = '1'
                        AND instr('|' || e.hilist_codes || '|', '|' || f.hilist_code || '|') > 0
                        AND e.rx_time <= f.fee_ocur_time
                        AND f.fee_ocur_time <= datetime(e.rx_time, printf('%+d days', e.vali_days))));
