-- The data contract's tables for SQLite (bench/compare.sh), typed as a DBA
-- would: codes and enums TEXT, counts INTEGER, times and dates TEXT in the
-- contract's own 'YYYY-MM-DD HH:MM:SS' / 'YYYY-MM-DD' form (ISO text sorts
-- and compares in time order, and SQLite's date functions read it).
--
-- Money and quantities: SQLite has no exact decimal type (REAL is binary
-- floating point, which the contract forbids), so every decimal column holds
-- the value x 10^4 as an INTEGER ("scaled integer"; 12.50 -> 125000). The
-- contract allows at most 4 decimal places and DECIMAL(18,4) in MySQL, so
-- 14 integer digits x 10^4 still fits a 64-bit INTEGER. Comparisons and sums
-- of these columns are exact integer arithmetic; load.sql converts the CSV
-- text digit by digit (never through REAL).
--
-- Primary keys are the contract's keys. Secondary indexes: indexes.sql,
-- created after the load.
CREATE TABLE fixmedins (
  fixmedins_code TEXT PRIMARY KEY, fixmedins_name TEXT NOT NULL,
  fixmedins_type TEXT NOT NULL, medins_lv INTEGER NOT NULL, admdvs TEXT NOT NULL,
  dual_channel_flag INTEGER NOT NULL, opsp_flag INTEGER NOT NULL);
CREATE TABLE hilist (
  hilist_code TEXT NOT NULL, hilist_name TEXT NOT NULL, list_type TEXT NOT NULL,
  hilist_lv TEXT NOT NULL,
  pric_uplmt_amt INTEGER,            -- x 10^4
  gender_lmt TEXT, age_min INTEGER, age_max INTEGER, lmt_dise TEXT,
  medins_lv_lmt INTEGER, max_prd_days INTEGER, trace_prefix TEXT,
  vbp_flag INTEGER NOT NULL, dual_channel_flag INTEGER NOT NULL, watch_flag INTEGER NOT NULL,
  begndate TEXT NOT NULL, enddate TEXT,
  PRIMARY KEY (hilist_code, begndate));
CREATE TABLE psn (
  psn_no TEXT PRIMARY KEY, gend TEXT NOT NULL, brdy TEXT NOT NULL,
  insutype TEXT NOT NULL, death_date TEXT);
CREATE TABLE opsp_reg (
  reg_id TEXT PRIMARY KEY, psn_no TEXT NOT NULL, opsp_dise_code TEXT NOT NULL,
  opsp_dise_name TEXT NOT NULL, fixmedins_code TEXT NOT NULL,
  begndate TEXT NOT NULL, enddate TEXT, status TEXT NOT NULL);
CREATE TABLE setl (
  setl_id TEXT PRIMARY KEY, mdtrt_id TEXT NOT NULL, psn_no TEXT NOT NULL,
  fixmedins_code TEXT NOT NULL, med_type TEXT NOT NULL,
  begntime TEXT NOT NULL, endtime TEXT NOT NULL, setl_time TEXT NOT NULL,
  dx_codes TEXT NOT NULL, opsp_dise_code TEXT,
  medfee_sumamt INTEGER NOT NULL,    -- x 10^4
  fund_pay_sumamt INTEGER NOT NULL,  -- x 10^4
  refd_setl_flag INTEGER NOT NULL, rxno TEXT);
CREATE TABLE fee_list (
  feedetl_sn TEXT PRIMARY KEY, setl_id TEXT NOT NULL, psn_no TEXT NOT NULL,
  fixmedins_code TEXT NOT NULL, fee_ocur_time TEXT NOT NULL, hilist_code TEXT NOT NULL,
  cnt INTEGER NOT NULL,                  -- x 10^4
  pric INTEGER NOT NULL,                 -- x 10^4
  det_item_fee_sumamt INTEGER NOT NULL,  -- x 10^4
  prd_days INTEGER, long_rx_flag INTEGER NOT NULL, drug_trac_codg TEXT);
CREATE TABLE trac_event (
  event_id TEXT PRIMARY KEY, drug_trac_codg TEXT NOT NULL, event_type TEXT NOT NULL,
  event_time TEXT NOT NULL, fixmedins_code TEXT NOT NULL,
  hilist_code TEXT, psn_no TEXT, setl_id TEXT);
CREATE TABLE mdtrt_event (
  event_id TEXT PRIMARY KEY, mdtrt_id TEXT NOT NULL, psn_no TEXT NOT NULL,
  fixmedins_code TEXT NOT NULL, med_type TEXT NOT NULL, opsp_dise_code TEXT,
  event_type TEXT NOT NULL, event_time TEXT NOT NULL, reason TEXT);
CREATE TABLE complaint (
  complaint_id TEXT PRIMARY KEY, psn_no TEXT NOT NULL, fixmedins_code TEXT NOT NULL,
  recv_time TEXT NOT NULL, category TEXT NOT NULL, content TEXT NOT NULL);
CREATE TABLE vbp_order (
  order_id TEXT PRIMARY KEY, fixmedins_code TEXT NOT NULL, distributor_code TEXT NOT NULL,
  hilist_code TEXT NOT NULL,
  order_qty INTEGER NOT NULL,        -- x 10^4
  order_time TEXT NOT NULL, urgent_flag INTEGER NOT NULL, cancel_time TEXT);
CREATE TABLE vbp_delivery (
  delivery_id TEXT PRIMARY KEY, order_id TEXT NOT NULL,
  delivered_qty INTEGER NOT NULL,    -- x 10^4
  delivery_time TEXT NOT NULL);
CREATE TABLE erx (
  hi_rxno TEXT PRIMARY KEY, psn_no TEXT NOT NULL, fixmedins_code TEXT NOT NULL,
  rx_time TEXT NOT NULL, vali_days INTEGER NOT NULL, hilist_codes TEXT NOT NULL,
  rx_stas TEXT NOT NULL);
