-- Fills the tables of schema.sql from the CSV files with read_csv and
-- explicit types for every contract column (types={...}: nothing of the
-- contract is left to type sniffing; extra columns of a file, such as
-- psn.psn_name, are read but not selected). Columns are matched by the
-- header's names, so their order in the file does not matter.
-- {DATA} is replaced by the data directory by the runner (bench/duckdb/run.mjs),
-- which runs one statement per table and skips a table whose file is missing
-- (a missing file is an empty table). Each statement starts with
-- "INSERT INTO <table>" and ends with ';' on its own line end.
--
-- RFC 4180: quote and escape are '"' (a doubled quote inside a quoted
-- field), quoted fields may hold newlines. An empty field is null
-- (DuckDB's default nullstr is the empty string). Decimals are parsed
-- straight into DECIMAL(18,4) (exact); times with the contract's format.
-- Enum aliases of the contract (3503..3506, 2201/2202/2207) become the codes.

INSERT INTO fixmedins (fixmedins_code, fixmedins_name, fixmedins_type, medins_lv, admdvs, dual_channel_flag, opsp_flag)
SELECT fixmedins_code, fixmedins_name, fixmedins_type, medins_lv, admdvs, dual_channel_flag, opsp_flag
FROM read_csv('{DATA}/fixmedins.csv', header = true, delim = ',', quote = '"', escape = '"',
              timestampformat = '%Y-%m-%d %H:%M:%S', dateformat = '%Y-%m-%d',
              types = {'fixmedins_code': 'VARCHAR', 'fixmedins_name': 'VARCHAR', 'fixmedins_type': 'VARCHAR', 'medins_lv': 'INTEGER', 'admdvs': 'VARCHAR', 'dual_channel_flag': 'INTEGER', 'opsp_flag': 'INTEGER'});

INSERT INTO hilist (hilist_code, hilist_name, list_type, hilist_lv, pric_uplmt_amt, gender_lmt, age_min, age_max, lmt_dise, medins_lv_lmt, max_prd_days, trace_prefix, vbp_flag, dual_channel_flag, watch_flag, begndate, enddate)
SELECT hilist_code, hilist_name, list_type, hilist_lv, pric_uplmt_amt, gender_lmt, age_min, age_max, lmt_dise, medins_lv_lmt, max_prd_days, trace_prefix, vbp_flag, dual_channel_flag, watch_flag, begndate, enddate
FROM read_csv('{DATA}/hilist.csv', header = true, delim = ',', quote = '"', escape = '"',
              timestampformat = '%Y-%m-%d %H:%M:%S', dateformat = '%Y-%m-%d',
              types = {'hilist_code': 'VARCHAR', 'hilist_name': 'VARCHAR', 'list_type': 'VARCHAR', 'hilist_lv': 'VARCHAR', 'pric_uplmt_amt': 'DECIMAL(18,4)', 'gender_lmt': 'VARCHAR', 'age_min': 'INTEGER', 'age_max': 'INTEGER', 'lmt_dise': 'VARCHAR', 'medins_lv_lmt': 'INTEGER', 'max_prd_days': 'BIGINT', 'trace_prefix': 'VARCHAR', 'vbp_flag': 'INTEGER', 'dual_channel_flag': 'INTEGER', 'watch_flag': 'INTEGER', 'begndate': 'DATE', 'enddate': 'DATE'});

INSERT INTO psn (psn_no, gend, brdy, insutype, death_date)
SELECT psn_no, gend, brdy, insutype, death_date
FROM read_csv('{DATA}/psn.csv', header = true, delim = ',', quote = '"', escape = '"',
              timestampformat = '%Y-%m-%d %H:%M:%S', dateformat = '%Y-%m-%d',
              types = {'psn_no': 'VARCHAR', 'gend': 'VARCHAR', 'brdy': 'DATE', 'insutype': 'VARCHAR', 'death_date': 'DATE'});

INSERT INTO opsp_reg (reg_id, psn_no, opsp_dise_code, opsp_dise_name, fixmedins_code, begndate, enddate, status)
SELECT reg_id, psn_no, opsp_dise_code, opsp_dise_name, fixmedins_code, begndate, enddate, status
FROM read_csv('{DATA}/opsp_reg.csv', header = true, delim = ',', quote = '"', escape = '"',
              timestampformat = '%Y-%m-%d %H:%M:%S', dateformat = '%Y-%m-%d',
              types = {'reg_id': 'VARCHAR', 'psn_no': 'VARCHAR', 'opsp_dise_code': 'VARCHAR', 'opsp_dise_name': 'VARCHAR', 'fixmedins_code': 'VARCHAR', 'begndate': 'DATE', 'enddate': 'DATE', 'status': 'VARCHAR'});

INSERT INTO setl (setl_id, mdtrt_id, psn_no, fixmedins_code, med_type, begntime, endtime, setl_time, dx_codes, opsp_dise_code, medfee_sumamt, fund_pay_sumamt, refd_setl_flag, rxno)
SELECT setl_id, mdtrt_id, psn_no, fixmedins_code, med_type, begntime, endtime, setl_time, dx_codes, opsp_dise_code, medfee_sumamt, fund_pay_sumamt, refd_setl_flag, rxno
FROM read_csv('{DATA}/setl.csv', header = true, delim = ',', quote = '"', escape = '"',
              timestampformat = '%Y-%m-%d %H:%M:%S', dateformat = '%Y-%m-%d',
              types = {'setl_id': 'VARCHAR', 'mdtrt_id': 'VARCHAR', 'psn_no': 'VARCHAR', 'fixmedins_code': 'VARCHAR', 'med_type': 'VARCHAR', 'begntime': 'TIMESTAMP', 'endtime': 'TIMESTAMP', 'setl_time': 'TIMESTAMP', 'dx_codes': 'VARCHAR', 'opsp_dise_code': 'VARCHAR', 'medfee_sumamt': 'DECIMAL(18,4)', 'fund_pay_sumamt': 'DECIMAL(18,4)', 'refd_setl_flag': 'INTEGER', 'rxno': 'VARCHAR'});

INSERT INTO fee_list (feedetl_sn, setl_id, psn_no, fixmedins_code, fee_ocur_time, hilist_code, cnt, pric, det_item_fee_sumamt, prd_days, long_rx_flag, drug_trac_codg)
SELECT feedetl_sn, setl_id, psn_no, fixmedins_code, fee_ocur_time, hilist_code, cnt, pric, det_item_fee_sumamt, prd_days, long_rx_flag, drug_trac_codg
FROM read_csv('{DATA}/fee_list.csv', header = true, delim = ',', quote = '"', escape = '"',
              timestampformat = '%Y-%m-%d %H:%M:%S', dateformat = '%Y-%m-%d',
              types = {'feedetl_sn': 'VARCHAR', 'setl_id': 'VARCHAR', 'psn_no': 'VARCHAR', 'fixmedins_code': 'VARCHAR', 'fee_ocur_time': 'TIMESTAMP', 'hilist_code': 'VARCHAR', 'cnt': 'DECIMAL(18,4)', 'pric': 'DECIMAL(18,4)', 'det_item_fee_sumamt': 'DECIMAL(18,4)', 'prd_days': 'BIGINT', 'long_rx_flag': 'INTEGER', 'drug_trac_codg': 'VARCHAR'});

INSERT INTO trac_event (event_id, drug_trac_codg, event_type, event_time, fixmedins_code, hilist_code, psn_no, setl_id)
SELECT event_id, drug_trac_codg, CASE event_type WHEN '3503' THEN 'purchase_in' WHEN '3504' THEN 'purchase_return' WHEN '3505' THEN 'sale' WHEN '3506' THEN 'sale_return' ELSE event_type END, event_time, fixmedins_code, hilist_code, psn_no, setl_id
FROM read_csv('{DATA}/trac_event.csv', header = true, delim = ',', quote = '"', escape = '"',
              timestampformat = '%Y-%m-%d %H:%M:%S', dateformat = '%Y-%m-%d',
              types = {'event_id': 'VARCHAR', 'drug_trac_codg': 'VARCHAR', 'event_type': 'VARCHAR', 'event_time': 'TIMESTAMP', 'fixmedins_code': 'VARCHAR', 'hilist_code': 'VARCHAR', 'psn_no': 'VARCHAR', 'setl_id': 'VARCHAR'});

INSERT INTO mdtrt_event (event_id, mdtrt_id, psn_no, fixmedins_code, med_type, opsp_dise_code, event_type, event_time, reason)
SELECT event_id, mdtrt_id, psn_no, fixmedins_code, med_type, opsp_dise_code, CASE event_type WHEN '2201' THEN 'register' WHEN '2202' THEN 'cancel' WHEN '2207' THEN 'settle' ELSE event_type END, event_time, reason
FROM read_csv('{DATA}/mdtrt_event.csv', header = true, delim = ',', quote = '"', escape = '"',
              timestampformat = '%Y-%m-%d %H:%M:%S', dateformat = '%Y-%m-%d',
              types = {'event_id': 'VARCHAR', 'mdtrt_id': 'VARCHAR', 'psn_no': 'VARCHAR', 'fixmedins_code': 'VARCHAR', 'med_type': 'VARCHAR', 'opsp_dise_code': 'VARCHAR', 'event_type': 'VARCHAR', 'event_time': 'TIMESTAMP', 'reason': 'VARCHAR'});

INSERT INTO complaint (complaint_id, psn_no, fixmedins_code, recv_time, category, content)
SELECT complaint_id, psn_no, fixmedins_code, recv_time, category, content
FROM read_csv('{DATA}/complaint.csv', header = true, delim = ',', quote = '"', escape = '"',
              timestampformat = '%Y-%m-%d %H:%M:%S', dateformat = '%Y-%m-%d',
              types = {'complaint_id': 'VARCHAR', 'psn_no': 'VARCHAR', 'fixmedins_code': 'VARCHAR', 'recv_time': 'TIMESTAMP', 'category': 'VARCHAR', 'content': 'VARCHAR'});

INSERT INTO vbp_order (order_id, fixmedins_code, distributor_code, hilist_code, order_qty, order_time, urgent_flag, cancel_time)
SELECT order_id, fixmedins_code, distributor_code, hilist_code, order_qty, order_time, urgent_flag, cancel_time
FROM read_csv('{DATA}/vbp_order.csv', header = true, delim = ',', quote = '"', escape = '"',
              timestampformat = '%Y-%m-%d %H:%M:%S', dateformat = '%Y-%m-%d',
              types = {'order_id': 'VARCHAR', 'fixmedins_code': 'VARCHAR', 'distributor_code': 'VARCHAR', 'hilist_code': 'VARCHAR', 'order_qty': 'DECIMAL(18,4)', 'order_time': 'TIMESTAMP', 'urgent_flag': 'INTEGER', 'cancel_time': 'TIMESTAMP'});

INSERT INTO vbp_delivery (delivery_id, order_id, delivered_qty, delivery_time)
SELECT delivery_id, order_id, delivered_qty, delivery_time
FROM read_csv('{DATA}/vbp_delivery.csv', header = true, delim = ',', quote = '"', escape = '"',
              timestampformat = '%Y-%m-%d %H:%M:%S', dateformat = '%Y-%m-%d',
              types = {'delivery_id': 'VARCHAR', 'order_id': 'VARCHAR', 'delivered_qty': 'DECIMAL(18,4)', 'delivery_time': 'TIMESTAMP'});

INSERT INTO erx (hi_rxno, psn_no, fixmedins_code, rx_time, vali_days, hilist_codes, rx_stas)
SELECT hi_rxno, psn_no, fixmedins_code, rx_time, vali_days, hilist_codes, rx_stas
FROM read_csv('{DATA}/erx.csv', header = true, delim = ',', quote = '"', escape = '"',
              timestampformat = '%Y-%m-%d %H:%M:%S', dateformat = '%Y-%m-%d',
              types = {'hi_rxno': 'VARCHAR', 'psn_no': 'VARCHAR', 'fixmedins_code': 'VARCHAR', 'rx_time': 'TIMESTAMP', 'vali_days': 'BIGINT', 'hilist_codes': 'VARCHAR', 'rx_stas': 'VARCHAR'});

