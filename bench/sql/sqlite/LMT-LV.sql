-- LMT-LV 限医疗机构级别: the item's medins_lv_lmt is set and the institution's
-- medins_lv is lower. A fee line whose institution is not in fixmedins is not
-- judged; fee lines of reversed settlements are ignored.
SELECT DISTINCT f.feedetl_sn
FROM fee_list f
JOIN hilist h
  ON  h.hilist_code = f.hilist_code
  AND h.begndate <= substr(f.fee_ocur_time, 1, 10)
  AND substr(f.fee_ocur_time, 1, 10) <= COALESCE(h.enddate, '9999-12-31')
JOIN fixmedins m ON m.fixmedins_code = f.fixmedins_code
WHERE h.medins_lv_lmt IS NOT NULL
  AND m.medins_lv < h.medins_lv_lmt
  AND NOT EXISTS (SELECT 1 FROM setl r WHERE r.setl_id = f.setl_id AND r.refd_setl_flag = 1);
