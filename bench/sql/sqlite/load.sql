-- Fills the typed tables of schema.sql from the CSV files, which the runner
-- (bench/lib/sqlite_peer.sh) has first read with the sqlite3 shell's
-- `.import --csv` into temp.raw_<table>: all-TEXT tables whose column names
-- come from each file's header line, so columns are matched by name (any
-- order, extra columns ignored) and RFC 4180 quoting is the shell's.
--
-- The contract's empty field = null: NULLIF(c, '').
-- Decimals become exact scaled integers (x 10^4) without ever passing
-- through REAL: the digits before the '.' (sign included) are glued to the
-- first four digits after it, padded with zeros, and the text is CAST to
-- INTEGER:  '12.5' -> '12' || '5000' -> 125000;  '-0.25' -> '-0' || '2500'
-- -> -2500;  '7' -> '7' || '0000' -> 70000.
-- Enum aliases of the contract (3503..3506, 2201/2202/2207) become the codes.
-- One transaction: with journal_mode=OFF and synchronous=OFF this is a plain
-- bulk append.
BEGIN;

INSERT INTO fixmedins (fixmedins_code, fixmedins_name, fixmedins_type, medins_lv, admdvs, dual_channel_flag, opsp_flag)
SELECT NULLIF(fixmedins_code, ''),
       NULLIF(fixmedins_name, ''),
       NULLIF(fixmedins_type, ''),
       CAST(NULLIF(medins_lv, '') AS INTEGER),
       NULLIF(admdvs, ''),
       CAST(NULLIF(dual_channel_flag, '') AS INTEGER),
       CAST(NULLIF(opsp_flag, '') AS INTEGER)
FROM temp.raw_fixmedins;
DROP TABLE temp.raw_fixmedins;

INSERT INTO hilist (hilist_code, hilist_name, list_type, hilist_lv, pric_uplmt_amt, gender_lmt, age_min, age_max, lmt_dise, medins_lv_lmt, max_prd_days, trace_prefix, vbp_flag, dual_channel_flag, watch_flag, begndate, enddate)
SELECT NULLIF(hilist_code, ''),
       NULLIF(hilist_name, ''),
       NULLIF(list_type, ''),
       NULLIF(hilist_lv, ''),
       CASE WHEN pric_uplmt_amt <> '' THEN CAST(substr(pric_uplmt_amt, 1, instr(pric_uplmt_amt || '.', '.') - 1) || substr(substr(pric_uplmt_amt, instr(pric_uplmt_amt || '.', '.') + 1) || '0000', 1, 4) AS INTEGER) END,
       NULLIF(gender_lmt, ''),
       CAST(NULLIF(age_min, '') AS INTEGER),
       CAST(NULLIF(age_max, '') AS INTEGER),
       NULLIF(lmt_dise, ''),
       CAST(NULLIF(medins_lv_lmt, '') AS INTEGER),
       CAST(NULLIF(max_prd_days, '') AS INTEGER),
       NULLIF(trace_prefix, ''),
       CAST(NULLIF(vbp_flag, '') AS INTEGER),
       CAST(NULLIF(dual_channel_flag, '') AS INTEGER),
       CAST(NULLIF(watch_flag, '') AS INTEGER),
       NULLIF(begndate, ''),
       NULLIF(enddate, '')
FROM temp.raw_hilist;
DROP TABLE temp.raw_hilist;

INSERT INTO psn (psn_no, gend, brdy, insutype, death_date)
SELECT NULLIF(psn_no, ''),
       NULLIF(gend, ''),
       NULLIF(brdy, ''),
       NULLIF(insutype, ''),
       NULLIF(death_date, '')
FROM temp.raw_psn;
DROP TABLE temp.raw_psn;

INSERT INTO opsp_reg (reg_id, psn_no, opsp_dise_code, opsp_dise_name, fixmedins_code, begndate, enddate, status)
SELECT NULLIF(reg_id, ''),
       NULLIF(psn_no, ''),
       NULLIF(opsp_dise_code, ''),
       NULLIF(opsp_dise_name, ''),
       NULLIF(fixmedins_code, ''),
       NULLIF(begndate, ''),
       NULLIF(enddate, ''),
       NULLIF(status, '')
FROM temp.raw_opsp_reg;
DROP TABLE temp.raw_opsp_reg;

INSERT INTO setl (setl_id, mdtrt_id, psn_no, fixmedins_code, med_type, begntime, endtime, setl_time, dx_codes, opsp_dise_code, medfee_sumamt, fund_pay_sumamt, refd_setl_flag, rxno)
SELECT NULLIF(setl_id, ''),
       NULLIF(mdtrt_id, ''),
       NULLIF(psn_no, ''),
       NULLIF(fixmedins_code, ''),
       NULLIF(med_type, ''),
       NULLIF(begntime, ''),
       NULLIF(endtime, ''),
       NULLIF(setl_time, ''),
       NULLIF(dx_codes, ''),
       NULLIF(opsp_dise_code, ''),
       CASE WHEN medfee_sumamt <> '' THEN CAST(substr(medfee_sumamt, 1, instr(medfee_sumamt || '.', '.') - 1) || substr(substr(medfee_sumamt, instr(medfee_sumamt || '.', '.') + 1) || '0000', 1, 4) AS INTEGER) END,
       CASE WHEN fund_pay_sumamt <> '' THEN CAST(substr(fund_pay_sumamt, 1, instr(fund_pay_sumamt || '.', '.') - 1) || substr(substr(fund_pay_sumamt, instr(fund_pay_sumamt || '.', '.') + 1) || '0000', 1, 4) AS INTEGER) END,
       CAST(NULLIF(refd_setl_flag, '') AS INTEGER),
       NULLIF(rxno, '')
FROM temp.raw_setl;
DROP TABLE temp.raw_setl;

INSERT INTO fee_list (feedetl_sn, setl_id, psn_no, fixmedins_code, fee_ocur_time, hilist_code, cnt, pric, det_item_fee_sumamt, prd_days, long_rx_flag, drug_trac_codg)
SELECT NULLIF(feedetl_sn, ''),
       NULLIF(setl_id, ''),
       NULLIF(psn_no, ''),
       NULLIF(fixmedins_code, ''),
       NULLIF(fee_ocur_time, ''),
       NULLIF(hilist_code, ''),
       CASE WHEN cnt <> '' THEN CAST(substr(cnt, 1, instr(cnt || '.', '.') - 1) || substr(substr(cnt, instr(cnt || '.', '.') + 1) || '0000', 1, 4) AS INTEGER) END,
       CASE WHEN pric <> '' THEN CAST(substr(pric, 1, instr(pric || '.', '.') - 1) || substr(substr(pric, instr(pric || '.', '.') + 1) || '0000', 1, 4) AS INTEGER) END,
       CASE WHEN det_item_fee_sumamt <> '' THEN CAST(substr(det_item_fee_sumamt, 1, instr(det_item_fee_sumamt || '.', '.') - 1) || substr(substr(det_item_fee_sumamt, instr(det_item_fee_sumamt || '.', '.') + 1) || '0000', 1, 4) AS INTEGER) END,
       CAST(NULLIF(prd_days, '') AS INTEGER),
       CAST(NULLIF(long_rx_flag, '') AS INTEGER),
       NULLIF(drug_trac_codg, '')
FROM temp.raw_fee_list;
DROP TABLE temp.raw_fee_list;

INSERT INTO trac_event (event_id, drug_trac_codg, event_type, event_time, fixmedins_code, hilist_code, psn_no, setl_id)
SELECT NULLIF(event_id, ''),
       NULLIF(drug_trac_codg, ''),
       CASE event_type WHEN '3503' THEN 'purchase_in' WHEN '3504' THEN 'purchase_return' WHEN '3505' THEN 'sale' WHEN '3506' THEN 'sale_return' ELSE NULLIF(event_type, '') END,
       NULLIF(event_time, ''),
       NULLIF(fixmedins_code, ''),
       NULLIF(hilist_code, ''),
       NULLIF(psn_no, ''),
       NULLIF(setl_id, '')
FROM temp.raw_trac_event;
DROP TABLE temp.raw_trac_event;

INSERT INTO mdtrt_event (event_id, mdtrt_id, psn_no, fixmedins_code, med_type, opsp_dise_code, event_type, event_time, reason)
SELECT NULLIF(event_id, ''),
       NULLIF(mdtrt_id, ''),
       NULLIF(psn_no, ''),
       NULLIF(fixmedins_code, ''),
       NULLIF(med_type, ''),
       NULLIF(opsp_dise_code, ''),
       CASE event_type WHEN '2201' THEN 'register' WHEN '2202' THEN 'cancel' WHEN '2207' THEN 'settle' ELSE NULLIF(event_type, '') END,
       NULLIF(event_time, ''),
       NULLIF(reason, '')
FROM temp.raw_mdtrt_event;
DROP TABLE temp.raw_mdtrt_event;

INSERT INTO complaint (complaint_id, psn_no, fixmedins_code, recv_time, category, content)
SELECT NULLIF(complaint_id, ''),
       NULLIF(psn_no, ''),
       NULLIF(fixmedins_code, ''),
       NULLIF(recv_time, ''),
       NULLIF(category, ''),
       NULLIF(content, '')
FROM temp.raw_complaint;
DROP TABLE temp.raw_complaint;

INSERT INTO vbp_order (order_id, fixmedins_code, distributor_code, hilist_code, order_qty, order_time, urgent_flag, cancel_time)
SELECT NULLIF(order_id, ''),
       NULLIF(fixmedins_code, ''),
       NULLIF(distributor_code, ''),
       NULLIF(hilist_code, ''),
       CASE WHEN order_qty <> '' THEN CAST(substr(order_qty, 1, instr(order_qty || '.', '.') - 1) || substr(substr(order_qty, instr(order_qty || '.', '.') + 1) || '0000', 1, 4) AS INTEGER) END,
       NULLIF(order_time, ''),
       CAST(NULLIF(urgent_flag, '') AS INTEGER),
       NULLIF(cancel_time, '')
FROM temp.raw_vbp_order;
DROP TABLE temp.raw_vbp_order;

INSERT INTO vbp_delivery (delivery_id, order_id, delivered_qty, delivery_time)
SELECT NULLIF(delivery_id, ''),
       NULLIF(order_id, ''),
       CASE WHEN delivered_qty <> '' THEN CAST(substr(delivered_qty, 1, instr(delivered_qty || '.', '.') - 1) || substr(substr(delivered_qty, instr(delivered_qty || '.', '.') + 1) || '0000', 1, 4) AS INTEGER) END,
       NULLIF(delivery_time, '')
FROM temp.raw_vbp_delivery;
DROP TABLE temp.raw_vbp_delivery;

INSERT INTO erx (hi_rxno, psn_no, fixmedins_code, rx_time, vali_days, hilist_codes, rx_stas)
SELECT NULLIF(hi_rxno, ''),
       NULLIF(psn_no, ''),
       NULLIF(fixmedins_code, ''),
       NULLIF(rx_time, ''),
       CAST(NULLIF(vali_days, '') AS INTEGER),
       NULLIF(hilist_codes, ''),
       NULLIF(rx_stas, '')
FROM temp.raw_erx;
DROP TABLE temp.raw_erx;

COMMIT;
