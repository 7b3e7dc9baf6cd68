-- The data contract's tables for DuckDB (bench/compare.sh), typed as a DBA
-- would: codes and enums VARCHAR, money and quantities DECIMAL(18,4) (exact,
-- as the contract requires; the same type as connectors/mysql/schema.sql),
-- times TIMESTAMP (no time zone: the contract's times are local China time
-- and never converted), dates DATE, flags and counts INTEGER/BIGINT.
-- Primary keys are the contract's keys, so a duplicate key fails the load as
-- it is rejected by fundwatch, MariaDB and SQLite. No secondary indexes:
-- DuckDB scans columns with zone maps and joins by hashing; an ART index
-- would only serve point lookups, which none of the 23 queries does.
CREATE TABLE fixmedins (
  fixmedins_code VARCHAR PRIMARY KEY, fixmedins_name VARCHAR NOT NULL,
  fixmedins_type VARCHAR NOT NULL, medins_lv INTEGER NOT NULL, admdvs VARCHAR NOT NULL,
  dual_channel_flag INTEGER NOT NULL, opsp_flag INTEGER NOT NULL);
CREATE TABLE hilist (
  hilist_code VARCHAR NOT NULL, hilist_name VARCHAR NOT NULL, list_type VARCHAR NOT NULL,
  hilist_lv VARCHAR NOT NULL, pric_uplmt_amt DECIMAL(18,4), gender_lmt VARCHAR,
  age_min INTEGER, age_max INTEGER, lmt_dise VARCHAR, medins_lv_lmt INTEGER,
  max_prd_days BIGINT, trace_prefix VARCHAR, vbp_flag INTEGER NOT NULL,
  dual_channel_flag INTEGER NOT NULL, watch_flag INTEGER NOT NULL,
  begndate DATE NOT NULL, enddate DATE,
  PRIMARY KEY (hilist_code, begndate));
CREATE TABLE psn (
  psn_no VARCHAR PRIMARY KEY, gend VARCHAR NOT NULL, brdy DATE NOT NULL,
  insutype VARCHAR NOT NULL, death_date DATE);
CREATE TABLE opsp_reg (
  reg_id VARCHAR PRIMARY KEY, psn_no VARCHAR NOT NULL, opsp_dise_code VARCHAR NOT NULL,
  opsp_dise_name VARCHAR NOT NULL, fixmedins_code VARCHAR NOT NULL,
  begndate DATE NOT NULL, enddate DATE, status VARCHAR NOT NULL);
CREATE TABLE setl (
  setl_id VARCHAR PRIMARY KEY, mdtrt_id VARCHAR NOT NULL, psn_no VARCHAR NOT NULL,
  fixmedins_code VARCHAR NOT NULL, med_type VARCHAR NOT NULL,
  begntime TIMESTAMP NOT NULL, endtime TIMESTAMP NOT NULL, setl_time TIMESTAMP NOT NULL,
  dx_codes VARCHAR NOT NULL, opsp_dise_code VARCHAR,
  medfee_sumamt DECIMAL(18,4) NOT NULL, fund_pay_sumamt DECIMAL(18,4) NOT NULL,
  refd_setl_flag INTEGER NOT NULL, rxno VARCHAR);
CREATE TABLE fee_list (
  feedetl_sn VARCHAR PRIMARY KEY, setl_id VARCHAR NOT NULL, psn_no VARCHAR NOT NULL,
  fixmedins_code VARCHAR NOT NULL, fee_ocur_time TIMESTAMP NOT NULL,
  hilist_code VARCHAR NOT NULL, cnt DECIMAL(18,4) NOT NULL, pric DECIMAL(18,4) NOT NULL,
  det_item_fee_sumamt DECIMAL(18,4) NOT NULL, prd_days BIGINT,
  long_rx_flag INTEGER NOT NULL, drug_trac_codg VARCHAR);
CREATE TABLE trac_event (
  event_id VARCHAR PRIMARY KEY, drug_trac_codg VARCHAR NOT NULL, event_type VARCHAR NOT NULL,
  event_time TIMESTAMP NOT NULL, fixmedins_code VARCHAR NOT NULL,
  hilist_code VARCHAR, psn_no VARCHAR, setl_id VARCHAR);
CREATE TABLE mdtrt_event (
  event_id VARCHAR PRIMARY KEY, mdtrt_id VARCHAR NOT NULL, psn_no VARCHAR NOT NULL,
  fixmedins_code VARCHAR NOT NULL, med_type VARCHAR NOT NULL, opsp_dise_code VARCHAR,
  event_type VARCHAR NOT NULL, event_time TIMESTAMP NOT NULL, reason VARCHAR);
CREATE TABLE complaint (
  complaint_id VARCHAR PRIMARY KEY, psn_no VARCHAR NOT NULL, fixmedins_code VARCHAR NOT NULL,
  recv_time TIMESTAMP NOT NULL, category VARCHAR NOT NULL, content VARCHAR NOT NULL);
CREATE TABLE vbp_order (
  order_id VARCHAR PRIMARY KEY, fixmedins_code VARCHAR NOT NULL,
  distributor_code VARCHAR NOT NULL, hilist_code VARCHAR NOT NULL,
  order_qty DECIMAL(18,4) NOT NULL, order_time TIMESTAMP NOT NULL,
  urgent_flag INTEGER NOT NULL, cancel_time TIMESTAMP);
CREATE TABLE vbp_delivery (
  delivery_id VARCHAR PRIMARY KEY, order_id VARCHAR NOT NULL,
  delivered_qty DECIMAL(18,4) NOT NULL, delivery_time TIMESTAMP NOT NULL);
CREATE TABLE erx (
  hi_rxno VARCHAR PRIMARY KEY, psn_no VARCHAR NOT NULL, fixmedins_code VARCHAR NOT NULL,
  rx_time TIMESTAMP NOT NULL, vali_days BIGINT NOT NULL, hilist_codes VARCHAR NOT NULL,
  rx_stas VARCHAR NOT NULL);
