-- Secondary indexes a DBA would add for the 23 catalogue queries on SQLite,
-- built once after the bulk load (cheaper than maintaining them row by row),
-- then ANALYZE so the planner knows the tables' sizes and selectivities.
-- The same access paths as bench/sql/mariadb/indexes.sql plus the
-- single-column ones that MariaDB gets from connectors/mysql/schema.sql
-- (SQLite has no key-length limit, so indexes may hold more code columns).

-- Reversed-settlement anti-join, LMT-DX and DCH-NORX: setl's primary key.
-- QTY-30D, FRQ-MULTI: per (patient, item) windows over time; covering.
CREATE INDEX ix_fee_psn_item_time
  ON fee_list (psn_no, hilist_code, fee_ocur_time, fixmedins_code, long_rx_flag, prd_days);
-- Per-line catalogue rules: from the few restricted items to their lines.
CREATE INDEX ix_fee_item_time ON fee_list (hilist_code, fee_ocur_time);
CREATE INDEX ix_fee_setl ON fee_list (setl_id);

-- HOS-SPLIT: the earlier stay at the same institution, range on endtime.
CREATE INDEX ix_setl_psn_type_inst_end
  ON setl (psn_no, med_type, fixmedins_code, endtime, refd_setl_flag);
-- HOS-OUTP: the stays of the same patient, range on begntime.
CREATE INDEX ix_setl_psn_type_begn
  ON setl (psn_no, med_type, begntime, endtime, refd_setl_flag);
-- OPSP-NOREG and the per-med_type scans; the reversed ones.
CREATE INDEX ix_setl_type ON setl (med_type, refd_setl_flag);
CREATE INDEX ix_setl_refd ON setl (refd_setl_flag, setl_id);

-- TRC-DUP, TRC-REFLOW: one code's events in (event_time, event_id) order.
CREATE INDEX ix_trac_code_time
  ON trac_event (drug_trac_codg, event_time, event_id, event_type);

-- OPSP-REFUSE: the cancel / settle of an encounter, and the register scan.
CREATE INDEX ix_mdtrt_id_type_time ON mdtrt_event (mdtrt_id, event_type, event_time);
CREATE INDEX ix_mdtrt_type_med ON mdtrt_event (event_type, med_type);

-- OPSP-*: a registration covering a date.
CREATE INDEX ix_reg_psn_inst
  ON opsp_reg (psn_no, fixmedins_code, opsp_dise_code, status, begndate, enddate);

-- OPSP-COMPLAINT: the two categories.
CREATE INDEX ix_complaint_category ON complaint (category);

-- DLV-*: deliveries of an order up to its deadline (covering).
CREATE INDEX ix_delivery_order_time ON vbp_delivery (order_id, delivery_time, delivered_qty);
CREATE INDEX ix_order_distributor_time ON vbp_order (distributor_code, order_time);

-- as_of.sql: MAX() of each event-time field is one index probe.
CREATE INDEX ix_setl_time ON setl (setl_time);
CREATE INDEX ix_fee_time ON fee_list (fee_ocur_time);
CREATE INDEX ix_trac_time ON trac_event (event_time);
CREATE INDEX ix_mdtrt_time ON mdtrt_event (event_time);
CREATE INDEX ix_complaint_time ON complaint (recv_time);
CREATE INDEX ix_order_time ON vbp_order (order_time);
CREATE INDEX ix_order_cancel ON vbp_order (cancel_time);
CREATE INDEX ix_delivery_time ON vbp_delivery (delivery_time);
CREATE INDEX ix_erx_time ON erx (rx_time);

ANALYZE;
