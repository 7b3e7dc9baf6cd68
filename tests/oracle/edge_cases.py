#!/usr/bin/env python3
"""edge_cases.py OUT_DIR

Writes a small hand-made data directory of boundary cases for the 23 rules of
rule-catalogue.md, with the keys each rule must report written down by hand
from the catalogue (not computed by any rule logic):

  OUT_DIR/<table>.csv          the data, in the data contract's CSV format
  OUT_DIR/ground_truth.jsonl   {"rule_id", "key", "why"}: what must be reported
  OUT_DIR/near_misses.jsonl    {"rule_id", "key", "why"}: close calls that must not

The same format as `fundwatch gen`, so tests/oracle/check_truth.sh compares a
run's keys with it. Independent of the generator: it pins the readings listed
in bench/sql/README.md at the boundaries the generator may not reach (full-width
digits, a code with a trailing newline, a calendar-year wrap in DLV-3M, a
registration for another disease, trac_event ties, ...).

The as-of time is the latest event: the complaint C-LAST at 2026-06-30 12:00:00.
"""
import csv
import json
import os
import sys

HEADERS = {
    "fixmedins": "fixmedins_code,fixmedins_name,fixmedins_type,medins_lv,admdvs,dual_channel_flag,opsp_flag",
    "hilist": "hilist_code,hilist_name,list_type,hilist_lv,pric_uplmt_amt,gender_lmt,age_min,age_max,lmt_dise,"
              "medins_lv_lmt,max_prd_days,trace_prefix,vbp_flag,dual_channel_flag,watch_flag,begndate,enddate",
    "psn": "psn_no,gend,brdy,insutype,death_date",
    "opsp_reg": "reg_id,psn_no,opsp_dise_code,opsp_dise_name,fixmedins_code,begndate,enddate,status",
    "setl": "setl_id,mdtrt_id,psn_no,fixmedins_code,med_type,begntime,endtime,setl_time,dx_codes,opsp_dise_code,"
            "medfee_sumamt,fund_pay_sumamt,refd_setl_flag,rxno",
    "fee_list": "feedetl_sn,setl_id,psn_no,fixmedins_code,fee_ocur_time,hilist_code,cnt,pric,det_item_fee_sumamt,"
                "prd_days,long_rx_flag,drug_trac_codg",
    "trac_event": "event_id,drug_trac_codg,event_type,event_time,fixmedins_code,hilist_code,psn_no,setl_id",
    "mdtrt_event": "event_id,mdtrt_id,psn_no,fixmedins_code,med_type,opsp_dise_code,event_type,event_time,reason",
    "complaint": "complaint_id,psn_no,fixmedins_code,recv_time,category,content",
    "vbp_order": "order_id,fixmedins_code,distributor_code,hilist_code,order_qty,order_time,urgent_flag,cancel_time",
    "vbp_delivery": "delivery_id,order_id,delivered_qty,delivery_time",
    "erx": "hi_rxno,psn_no,fixmedins_code,rx_time,vali_days,hilist_codes,rx_stas",
}
COLS = {t: h.split(",") for t, h in HEADERS.items()}
rows = {t: [] for t in HEADERS}
truth = []
near = []
KEY_FIELDS = {
    "LMT-SEX": ["feedetl_sn"], "LMT-AGE": ["feedetl_sn"], "LMT-DX": ["feedetl_sn"], "LMT-LV": ["feedetl_sn"],
    "PRC-CEIL": ["feedetl_sn"], "QTY-RX": ["feedetl_sn"], "DTH-SETL": ["setl_id"], "HOS-SPLIT": ["setl_id"],
    "HOS-OUTP": ["setl_id"], "QTY-30D": ["psn_no", "hilist_code"], "FRQ-MULTI": ["psn_no", "hilist_code"],
    "TRC-DUP": ["drug_trac_codg"], "TRC-REFLOW": ["drug_trac_codg"], "TRC-FMT": ["feedetl_sn"],
    "TRC-MISMATCH": ["feedetl_sn"], "TRC-MISSING": ["feedetl_sn"], "OPSP-REFUSE": ["psn_no", "fixmedins_code"],
    "OPSP-COMPLAINT": ["complaint_id"], "OPSP-NOREG": ["setl_id"], "DLV-LATE": ["order_id"],
    "DLV-RATE": ["distributor_code", "month"], "DLV-3M": ["distributor_code", "month"], "DCH-NORX": ["feedetl_sn"],
}


def row(table, **values):
    unknown = set(values) - set(COLS[table])
    assert not unknown, (table, unknown)
    rows[table].append(values)


def expect(rule, *key, why):
    truth.append({"rule_id": rule, "key": dict(zip(KEY_FIELDS[rule], key)), "why": why})


def not_expect(rule, *key, why):
    near.append({"rule_id": rule, "key": dict(zip(KEY_FIELDS[rule], key)), "why": why})


# --- reference -----------------------------------------------------------------
for code, typ, lv, dual in [("H3", 1, 3, 0), ("H2", 1, 2, 0), ("H1", 1, 1, 0), ("P1", 2, 0, 0), ("P2", 2, 0, 1)]:
    row("fixmedins", fixmedins_code=code, fixmedins_name="机构" + code, fixmedins_type=typ, medins_lv=lv,
        admdvs="330282", dual_channel_flag=dual, opsp_flag=1)


def item(code, begn="2020-01-01", end="", **lim):
    base = dict(hilist_code=code, hilist_name="项目" + code, list_type=1, hilist_lv="乙", vbp_flag=0,
                dual_channel_flag=0, watch_flag=0, begndate=begn, enddate=end)
    base.update(lim)
    row("hilist", **base)


item("SEXM", "2025-01-01", "2025-06-30", gender_lmt=1)  # male-only until 2025-06-30
item("SEXM", "2025-07-01", "")                           # then payable for any gend
item("AGE18", age_min=18)
item("KID12", age_max=12)
item("DXE11", lmt_dise="E11|E10")
item("LV3", medins_lv_lmt=3)
item("CEIL", pric_uplmt_amt="9.8")
item("RX7", max_prd_days=7)
item("DRUGA", trace_prefix="1111111")
item("DRUGB", trace_prefix="2222222|3333333")
item("DRUGN")                                            # not a coded drug
item("DRUGC", "2020-01-01", "2025-05-31", trace_prefix="4444444")
item("DRUGC", "2025-06-01", "", trace_prefix="5555555")
item("PLAIN")
item("PLAIN2")
item("DC1", "2020-01-01", "2025-06-30")                  # not dual channel until 2025-06-30
item("DC1", "2025-07-01", "", dual_channel_flag=1)
item("DC10", dual_channel_flag=1)

for p, g, b, death in [("W1", 2, "1985-03-03", ""), ("M1", 1, "1980-05-10", ""), ("L1", 2, "2008-02-29", ""),
                       ("K1", 1, "2012-06-15", ""), ("D1", 1, "1950-01-01", "2025-05-10")]:
    row("psn", psn_no=p, gend=g, brdy=b, insutype=310, death_date=death)
for p in ["Q1", "Q2", "Q3", "Q4", "Q5", "F1", "F2", "F3", "F4", "F5", "HS1", "HS2", "HS3", "HS4", "HS5", "HS6",
          "HO1", "HO2", "O1", "O2", "O3", "O4", "O5", "O6", "O7", "O8", "X1", "X2", "T1"]:
    row("psn", psn_no=p, gend=1, brdy="1970-01-01", insutype=390)

# --- settlements and fee lines ---------------------------------------------------
_n = [0]


def setl(psn, inst, med, t, begn=None, end=None, refd=0, dx="Z00.0", dise="", rxno="", sid=None):
    _n[0] += 1
    sid = sid or "S%04d" % _n[0]
    row("setl", setl_id=sid, mdtrt_id="M" + sid, psn_no=psn, fixmedins_code=inst, med_type=med,
        begntime=begn or t, endtime=end or t, setl_time=t, dx_codes=dx, opsp_dise_code=dise,
        medfee_sumamt="10.00", fund_pay_sumamt="7.00", refd_setl_flag=refd, rxno=rxno)
    return sid


def fee(sn, psn, inst, t, code, setl_id=None, refd=0, pric="1.00", prd="", long_rx=0, codes="", **s):
    if setl_id is None:
        setl_id = setl(psn, inst, "41" if inst.startswith("P") else "11", t, refd=refd, **s)
    row("fee_list", feedetl_sn=sn, setl_id=setl_id, psn_no=psn, fixmedins_code=inst, fee_ocur_time=t,
        hilist_code=code, cnt="1", pric=pric, det_item_fee_sumamt=pric, prd_days=prd, long_rx_flag=long_rx,
        drug_trac_codg=codes)
    return sn


# 1 catalogue restrictions
fee("F-SEX-1", "W1", "H3", "2025-06-30 23:59:59", "SEXM")
expect("LMT-SEX", "F-SEX-1", why="female billed a male-only item, last second of the row's validity")
fee("F-SEX-2", "W1", "H3", "2025-07-01 00:00:00", "SEXM")
not_expect("LMT-SEX", "F-SEX-2", why="the row valid on 2025-07-01 has no gender_lmt")
fee("F-SEX-3", "W1", "H3", "2025-06-01 10:00:00", "SEXM", refd=1)
not_expect("LMT-SEX", "F-SEX-3", why="reversed settlement")
fee("F-SEX-4", "W1", "H3", "2025-06-01 10:00:00", "NOSUCH")
not_expect("LMT-SEX", "F-SEX-4", why="no hilist row: not judged")
fee("F-SEX-5", "W1", "H3", "2025-06-01 10:00:00", "SEXM", setl_id="S-ABSENT-1")
expect("LMT-SEX", "F-SEX-5", why="the settlement row is absent: not reversed, so judged")
fee("F-SEX-6", "M1", "H3", "2025-06-01 10:00:00", "SEXM")
not_expect("LMT-SEX", "F-SEX-6", why="male patient")
fee("F-SEX-7", "GHOST", "H3", "2025-06-01 10:00:00", "SEXM")
not_expect("LMT-SEX", "F-SEX-7", why="patient not in psn: not judged")

fee("F-AGE-1", "L1", "H3", "2026-02-28 10:00:00", "AGE18")
expect("LMT-AGE", "F-AGE-1", why="born 2008-02-29: 17 on 2026-02-28 (birthday reached 03-01)")
fee("F-AGE-2", "L1", "H3", "2026-03-01 00:00:00", "AGE18")
not_expect("LMT-AGE", "F-AGE-2", why="born 2008-02-29: 18 on 2026-03-01")
fee("F-AGE-3", "K1", "H3", "2025-06-15 08:00:00", "KID12")
expect("LMT-AGE", "F-AGE-3", why="turns 13 on the fee date: above age_max 12")
fee("F-AGE-4", "K1", "H3", "2025-06-14 23:59:59", "KID12")
not_expect("LMT-AGE", "F-AGE-4", why="still 12 the day before the 13th birthday")

s_dx_ok = setl("M1", "H3", "11", "2025-06-02 10:00:00", dx="I10|E11.9")
fee("F-DX-1", "M1", "H3", "2025-06-02 10:00:00", "DXE11", setl_id=s_dx_ok)
not_expect("LMT-DX", "F-DX-1", why="the secondary diagnosis E11.9 starts with E11")
s_dx_bad = setl("M1", "H3", "11", "2025-06-03 10:00:00", dx="I10|K21")
fee("F-DX-2", "M1", "H3", "2025-06-03 10:00:00", "DXE11", setl_id=s_dx_bad)
expect("LMT-DX", "F-DX-2", why="no diagnosis starts with E11 or E10")
s_dx_short = setl("M1", "H3", "11", "2025-06-04 10:00:00", dx="E1")
fee("F-DX-3", "M1", "H3", "2025-06-04 10:00:00", "DXE11", setl_id=s_dx_short)
expect("LMT-DX", "F-DX-3", why="E1 is shorter than the prefixes: starts with neither")
fee("F-DX-4", "M1", "H3", "2025-06-05 10:00:00", "DXE11", setl_id="S-ABSENT-2")
not_expect("LMT-DX", "F-DX-4", why="settlement absent: not judged")
s_dx_e10 = setl("M1", "H3", "11", "2025-06-06 10:00:00", dx="E10")
fee("F-DX-5", "M1", "H3", "2025-06-06 10:00:00", "DXE11", setl_id=s_dx_e10)
not_expect("LMT-DX", "F-DX-5", why="E10 equals the second prefix")

fee("F-LV-1", "M1", "H1", "2025-06-07 10:00:00", "LV3")
expect("LMT-LV", "F-LV-1", why="level 1 < 3")
fee("F-LV-2", "M1", "H3", "2025-06-17 10:00:00", "LV3")  # days apart: no FRQ-MULTI
not_expect("LMT-LV", "F-LV-2", why="level 3 = 3")
fee("F-LV-3", "M1", "HX", "2025-06-27 10:00:00", "LV3")
not_expect("LMT-LV", "F-LV-3", why="institution not in fixmedins: not judged")

fee("F-PRC-1", "M1", "H3", "2025-06-08 10:00:00", "CEIL", pric="9.8001")
expect("PRC-CEIL", "F-PRC-1", why="9.8001 > 9.8")
fee("F-PRC-2", "M1", "H3", "2025-06-08 10:00:00", "CEIL", pric="9.8000")
not_expect("PRC-CEIL", "F-PRC-2", why="9.8000 = 9.8")

fee("F-RX-1", "M1", "H3", "2025-06-09 10:00:00", "RX7", prd=8)
expect("QTY-RX", "F-RX-1", why="8 > 7")
fee("F-RX-2", "M1", "H3", "2025-06-09 10:00:00", "RX7", prd=8, long_rx=1)
not_expect("QTY-RX", "F-RX-2", why="long prescription")
fee("F-RX-3", "M1", "H3", "2025-06-09 10:00:00", "RX7")
not_expect("QTY-RX", "F-RX-3", why="prd_days null")

# 3 traceability codes on fee lines
A1, A2 = "11111110000000000001", "11111110000000000002"
B1 = "22222220000000000001"
fee("F-FMT-0", "T1", "H3", "2025-06-10 10:00:00", "DRUGA", codes=A1)
not_expect("TRC-FMT", "F-FMT-0", why="20 ASCII digits")
fee("F-FMT-1", "T1", "H3", "2025-06-10 10:00:00", "DRUGA", codes="\uff11" * 20)
expect("TRC-FMT", "F-FMT-1", why="20 full-width digits are not ASCII digits")
fee("F-FMT-2", "T1", "H3", "2025-06-10 10:00:00", "DRUGA", codes=A1[:19])
expect("TRC-FMT", "F-FMT-2", why="19 digits")
fee("F-FMT-3", "T1", "H3", "2025-06-10 10:00:00", "DRUGA", codes=A1 + "|ABC")
expect("TRC-FMT", "F-FMT-3", why="the second code is letters")
fee("F-FMT-4", "T1", "H3", "2025-06-10 10:00:00", "DRUGA", codes=A2 + "\n")
expect("TRC-FMT", "F-FMT-4", why="20 digits and a newline (a regex '$' would accept it)")
fee("F-FMT-5", "T1", "H3", "2025-06-10 10:00:00", "DRUGA", codes=A2 + " ")
expect("TRC-FMT", "F-FMT-5", why="20 digits and a space")
fee("F-FMT-6", "T1", "H3", "2025-06-10 10:00:00", "DRUGA", codes=A1 + "0")
expect("TRC-FMT", "F-FMT-6", why="21 digits")
fee("F-FMT-7", "T1", "H3", "2025-06-10 10:00:00", "NOSUCH", codes="X")
expect("TRC-FMT", "F-FMT-7", why="TRC-FMT needs no hilist row")

fee("F-MM-1", "T1", "H3", "2025-06-11 10:00:00", "DRUGA", codes=B1)
expect("TRC-MISMATCH", "F-MM-1", why="DRUGB's prefix billed as DRUGA")
fee("F-MM-2", "T1", "H3", "2025-06-11 10:00:00", "DRUGN", codes="33333330000000000001")
expect("TRC-MISMATCH", "F-MM-2", why="billed item has no trace_prefix; DRUGB has 3333333")
fee("F-MM-3", "T1", "H3", "2025-06-11 10:00:00", "DRUGB", codes=B1)
not_expect("TRC-MISMATCH", "F-MM-3", why="own prefix")
fee("F-MM-4", "T1", "H3", "2025-06-11 10:00:00", "NOSUCH", codes=B1)
not_expect("TRC-MISMATCH", "F-MM-4", why="no hilist row for the billed code: not judged")
fee("F-MM-5", "T1", "H3", "2025-06-11 10:00:00", "DRUGA", codes="99999990000000000001")
not_expect("TRC-MISMATCH", "F-MM-5", why="nobody's prefix")
fee("F-MM-6", "T1", "H3", "2025-06-11 10:00:00", "DRUGA", codes="2222222000000000001")
not_expect("TRC-MISMATCH", "F-MM-6", why="malformed (19 digits)")
expect("TRC-FMT", "F-MM-6", why="19 digits")
fee("F-MM-7", "T1", "H3", "2025-06-11 10:00:00", "DRUGA", codes="44444440000000000001")
not_expect("TRC-MISMATCH", "F-MM-7", why="4444444 is DRUGC's only in its row ended 2025-05-31")
fee("F-MM-8", "T1", "H3", "2025-05-31 23:59:59", "DRUGA", codes="44444440000000000002")
expect("TRC-MISMATCH", "F-MM-8", why="4444444 is DRUGC's on 2025-05-31")
fee("F-MM-9", "T1", "H3", "2025-06-11 10:00:00", "DRUGA", codes=A1 + "|" + B1)
expect("TRC-MISMATCH", "F-MM-9", why="the second code is DRUGB's")

fee("F-MISS-1", "T1", "H3", "2025-07-01 00:00:00", "DRUGA")
expect("TRC-MISSING", "F-MISS-1", why="coded drug, no code, at scan_required_from")
fee("F-MISS-2", "T1", "H3", "2025-06-30 23:59:59", "DRUGA")
not_expect("TRC-MISSING", "F-MISS-2", why="before scan_required_from")
fee("F-MISS-3", "T1", "H3", "2025-07-02 00:00:00", "DRUGN")
not_expect("TRC-MISSING", "F-MISS-3", why="not a coded drug")
fee("F-MISS-4", "T1", "H3", "2025-07-02 00:00:00", "DRUGA", refd=1)
not_expect("TRC-MISSING", "F-MISS-4", why="reversed settlement")

# 2 quantity windows (item PLAIN, one patient per case)
fee("F-Q1-a", "Q1", "H3", "2025-03-01 10:00:00", "PLAIN", prd=31)
fee("F-Q1-b", "Q1", "H3", "2025-03-31 10:00:00", "PLAIN", prd=30)
not_expect("QTY-30D", "Q1", "PLAIN", why="exactly 30 days apart: (t-30d, t] excludes the first")
fee("F-Q2-a", "Q2", "H3", "2025-03-01 10:00:00", "PLAIN", prd=31)
fee("F-Q2-b", "Q2", "H3", "2025-03-31 09:59:59", "PLAIN", prd=30)
expect("QTY-30D", "Q2", "PLAIN", why="61 days within 30 days - 1 s")
fee("F-Q3-a", "Q3", "H3", "2025-03-01 10:00:00", "PLAIN", prd=31)
fee("F-Q3-b", "Q3", "H3", "2025-03-02 10:00:00", "PLAIN", prd=30, setl_id="S-ABSENT-3")
expect("QTY-30D", "Q3", "PLAIN", why="a fee line whose settlement is absent still counts")
fee("F-Q4-a", "Q4", "H3", "2025-03-01 10:00:00", "PLAIN", prd=31)
fee("F-Q4-b", "Q4", "H3", "2025-03-02 10:00:00", "PLAIN", prd=30, long_rx=1)
not_expect("QTY-30D", "Q4", "PLAIN", why="the 30-day line is a long prescription")
fee("F-Q5-a", "Q5", "H3", "2025-03-01 10:00:00", "PLAIN", prd=20)
fee("F-Q5-b", "Q5", "H2", "2025-03-01 10:00:00", "PLAIN", prd=20)
fee("F-Q5-c", "Q5", "H1", "2025-03-01 10:00:00", "PLAIN", prd=21)
expect("QTY-30D", "Q5", "PLAIN", why="three lines at the same time: 61")
expect("FRQ-MULTI", "Q5", "PLAIN", why="three institutions at the same time")

fee("F-F1-a", "F1", "H1", "2025-04-01 10:00:00", "PLAIN2")
fee("F-F1-b", "F1", "H2", "2025-04-04 10:00:00", "PLAIN2")
fee("F-F1-c", "F1", "H3", "2025-04-08 09:59:59", "PLAIN2")
expect("FRQ-MULTI", "F1", "PLAIN2", why="three institutions within 7 days - 1 s")
fee("F-F2-a", "F2", "H1", "2025-04-01 10:00:00", "PLAIN2")
fee("F-F2-b", "F2", "H2", "2025-04-04 10:00:00", "PLAIN2")
fee("F-F2-c", "F2", "H3", "2025-04-08 10:00:00", "PLAIN2")
not_expect("FRQ-MULTI", "F2", "PLAIN2", why="first and third exactly 7 days apart")
fee("F-F3-a", "F3", "H1", "2025-04-01 10:00:00", "PLAIN2")
fee("F-F3-b", "F3", "H2", "2025-04-02 10:00:00", "PLAIN2")
fee("F-F3-c", "F3", "H2", "2025-04-03 10:00:00", "PLAIN2")
not_expect("FRQ-MULTI", "F3", "PLAIN2", why="two distinct institutions")
fee("F-F4-a", "F4", "H1", "2025-04-01 10:00:00", "PLAIN2")
fee("F-F4-b", "F4", "H2", "2025-04-02 10:00:00", "PLAIN2")
fee("F-F4-c", "F4", "H3", "2025-04-03 10:00:00", "PLAIN2", refd=1)
not_expect("FRQ-MULTI", "F4", "PLAIN2", why="the third line's settlement is reversed")
fee("F-F5-a", "F5", "H1", "2025-04-01 10:00:00", "PLAIN2", long_rx=1)
fee("F-F5-b", "F5", "H2", "2025-04-02 10:00:00", "PLAIN2", long_rx=1)
fee("F-F5-c", "F5", "P1", "2025-04-03 10:00:00", "PLAIN2", setl_id="S-ABSENT-4")
expect("FRQ-MULTI", "F5", "PLAIN2", why="long prescriptions and settlement-less lines count")

# 2 death, stays
setl("D1", "H3", "11", "2025-05-10 23:59:59", sid="S-DTH-1")
not_expect("DTH-SETL", "S-DTH-1", why="on the death date")
setl("D1", "H3", "11", "2025-05-11 00:00:00", sid="S-DTH-2")
expect("DTH-SETL", "S-DTH-2", why="the day after death")
setl("D1", "H3", "11", "2025-05-12 00:00:00", refd=1, sid="S-DTH-3")
not_expect("DTH-SETL", "S-DTH-3", why="reversed")
setl("GHOST", "H3", "11", "2025-05-12 00:00:00", sid="S-DTH-4")
not_expect("DTH-SETL", "S-DTH-4", why="patient not in psn")

setl("HS1", "H3", "21", "2025-01-10 10:00:00", "2025-01-01 08:00:00", "2025-01-10 10:00:00", sid="S-HS1-a")
setl("HS1", "H3", "21", "2025-01-30 10:00:00", "2025-01-25 10:00:00", "2025-01-30 10:00:00", sid="S-HS1-b")
expect("HOS-SPLIT", "S-HS1-b", why="readmitted exactly 15 days after discharge")
not_expect("HOS-SPLIT", "S-HS1-a", why="the first stay")
setl("HS2", "H3", "21", "2025-02-10 10:00:00", "2025-02-01 08:00:00", "2025-02-10 10:00:00", sid="S-HS2-a")
setl("HS2", "H3", "21", "2025-02-28 10:00:00", "2025-02-25 10:00:01", "2025-02-28 10:00:00", sid="S-HS2-b")
not_expect("HOS-SPLIT", "S-HS2-b", why="15 days + 1 s")
setl("HS3", "H3", "21", "2025-03-10 10:00:00", "2025-03-01 08:00:00", "2025-03-10 10:00:00", sid="S-HS3-a")
setl("HS3", "H3", "21", "2025-03-12 10:00:00", "2025-03-05 08:00:00", "2025-03-12 10:00:00", sid="S-HS3-b")
not_expect("HOS-SPLIT", "S-HS3-b", why="overlapping stays: begins before the other's end")
not_expect("HOS-SPLIT", "S-HS3-a", why="overlapping stays")
setl("HS4", "H3", "21", "2025-03-10 10:00:00", "2025-03-01 08:00:00", "2025-03-10 10:00:00", sid="S-HS4-a")
setl("HS4", "H2", "21", "2025-03-15 10:00:00", "2025-03-12 08:00:00", "2025-03-15 10:00:00", sid="S-HS4-b")
not_expect("HOS-SPLIT", "S-HS4-b", why="another institution")
setl("HS5", "H3", "21", "2025-03-10 10:00:00", "2025-03-01 08:00:00", "2025-03-10 10:00:00", sid="S-HS5-a")
setl("HS5", "H3", "21", "2025-03-15 10:00:00", "2025-03-10 10:00:00", "2025-03-15 10:00:00", sid="S-HS5-b")
expect("HOS-SPLIT", "S-HS5-b", why="begins at the other's endtime")
setl("HS6", "H3", "21", "2025-03-10 10:00:00", "2025-03-01 08:00:00", "2025-03-10 10:00:00", refd=1,
     sid="S-HS6-a")
setl("HS6", "H3", "21", "2025-03-15 10:00:00", "2025-03-12 10:00:00", "2025-03-15 10:00:00", sid="S-HS6-b")
not_expect("HOS-SPLIT", "S-HS6-b", why="the earlier stay is reversed")

setl("HO1", "H3", "21", "2025-04-10 08:00:00", "2025-04-01 08:00:00", "2025-04-10 08:00:00", sid="S-HO1-in")
setl("HO1", "H2", "11", "2025-04-05 10:00:00", sid="S-HO1-a")
expect("HOS-OUTP", "S-HO1-a", why="outpatient at another institution during the stay")
setl("HO1", "H3", "13", "2025-04-01 08:00:00", sid="S-HO1-b")
not_expect("HOS-OUTP", "S-HO1-b", why="at begntime")
setl("HO1", "H3", "13", "2025-04-10 08:00:00", sid="S-HO1-c")
not_expect("HOS-OUTP", "S-HO1-c", why="at endtime")
setl("HO1", "P1", "41", "2025-04-05 10:00:00", sid="S-HO1-d")
not_expect("HOS-OUTP", "S-HO1-d", why="pharmacy purchase")
setl("HO1", "H3", "13", "2025-04-05 10:00:00", refd=1, sid="S-HO1-e")
not_expect("HOS-OUTP", "S-HO1-e", why="reversed")
setl("HO2", "H3", "21", "2025-04-10 08:00:00", "2025-04-01 08:00:00", "2025-04-10 08:00:00", refd=1,
     sid="S-HO2-in")
setl("HO2", "H2", "11", "2025-04-05 10:00:00", sid="S-HO2-a")
not_expect("HOS-OUTP", "S-HO2-a", why="the stay is reversed")

# 4 chronic and special diseases
for reg_id, psn, dise, inst, begn, end, status in [
        ("R1", "O1", "M03900", "H3", "2025-01-01", "2025-12-31", 1),
        ("R2", "O1", "M03900", "H2", "2025-01-01", "", 0),
        ("R3", "O2", "M03900", "H3", "2025-01-01", "", 1),
        ("R4", "O3", "M03900", "H3", "2025-01-01", "", 1),
        ("R5", "O4", "M03900", "H3", "2025-01-01", "", 1),
        ("R6", "O5", "E11900", "H3", "2025-01-01", "", 1),
        ("R7", "O6", "M03900", "H3", "2025-01-01", "2025-02-10", 1),
        ("R8", "O7", "M03900", "H3", "2025-01-01", "", 1),
        ("R9", "O8", "M03900", "H3", "2025-01-01", "", 1)]:
    row("opsp_reg", reg_id=reg_id, psn_no=psn, opsp_dise_code=dise, opsp_dise_name="病种", fixmedins_code=inst,
        begndate=begn, enddate=end, status=status)

setl("O1", "H3", "14", "2025-12-31 23:00:00", dise="M03900", sid="S-NR-1")
not_expect("OPSP-NOREG", "S-NR-1", why="on the registration's enddate")
setl("O1", "H3", "14", "2026-01-01 00:00:00", dise="M03900", sid="S-NR-2")
expect("OPSP-NOREG", "S-NR-2", why="the day after the registration's enddate")
setl("O1", "H3", "14", "2025-06-01 10:00:00", dise="E11900", sid="S-NR-3")
expect("OPSP-NOREG", "S-NR-3", why="registered for another disease")
setl("O1", "H3", "14", "2025-06-01 10:00:00", dise="", sid="S-NR-4")
expect("OPSP-NOREG", "S-NR-4", why="null opsp_dise_code matches no registration")
setl("O1", "H2", "14", "2025-06-01 10:00:00", dise="M03900", sid="S-NR-5")
expect("OPSP-NOREG", "S-NR-5", why="the registration at H2 is revoked")
setl("O1", "H1", "14", "2025-06-01 10:00:00", dise="M03900", refd=1, sid="S-NR-6")
not_expect("OPSP-NOREG", "S-NR-6", why="reversed")
setl("O1", "H3", "14", "2025-06-01 10:00:00", dise="M03900", sid="S-NR-7")
not_expect("OPSP-NOREG", "S-NR-7", why="registered")

_e = [0]


def mdtrt(mid, psn, inst, typ, t, med="14", eid=None):
    _e[0] += 1
    row("mdtrt_event", event_id=eid or "ME%04d" % _e[0], mdtrt_id=mid, psn_no=psn, fixmedins_code=inst,
        med_type=med, opsp_dise_code="M03900" if med == "14" else "", event_type=typ, event_time=t,
        reason="号源已满" if typ == "cancel" else "")


def refusal(mid, psn, t_reg, t_cancel, inst="H3", med="14"):
    mdtrt(mid, psn, inst, "register", t_reg, med)
    mdtrt(mid, psn, inst, "cancel", t_cancel, med)


refusal("MA1", "O2", "2025-02-01 09:00:00", "2025-02-01 10:00:00")
refusal("MA2", "O2", "2025-03-03 08:59:59", "2025-03-03 09:30:00")
expect("OPSP-REFUSE", "O2", "H3", why="two refusals 30 days - 1 s apart")
refusal("MB1", "O3", "2025-02-01 09:00:00", "2025-02-01 10:00:00")
refusal("MB2", "O3", "2025-03-03 09:00:00", "2025-03-03 09:30:00")
not_expect("OPSP-REFUSE", "O3", "H3", why="exactly 30 days apart")
refusal("MC1", "O4", "2025-02-01 09:00:00", "2025-02-01 09:00:00")
refusal("MC2", "O4", "2025-02-02 09:00:00", "2025-02-02 10:00:00")
refusal("MC3", "O4", "2025-02-03 09:00:00", "2025-02-03 10:00:00")
mdtrt("MC3", "O4", "H3", "settle", "2025-02-03 11:00:00")
refusal("MC4", "O4", "2025-02-04 09:00:00", "2025-02-04 10:00:00", med="11")
not_expect("OPSP-REFUSE", "O4", "H3",
           why="cancel at the register's own time; one settled; one med_type 11: one refusal only")
refusal("MD1", "O5", "2025-02-01 09:00:00", "2025-02-01 10:00:00")
refusal("MD2", "O5", "2025-02-05 09:00:00", "2025-02-05 10:00:00")
expect("OPSP-REFUSE", "O5", "H3", why="registered at H3 for another disease: a registration at X still covers")
refusal("ME1", "O6", "2025-02-01 09:00:00", "2025-02-01 10:00:00")
refusal("ME2", "O6", "2025-02-11 09:00:00", "2025-02-11 10:00:00")
not_expect("OPSP-REFUSE", "O6", "H3", why="the registration ends 2025-02-10: the second does not count")
refusal("MF1", "O7", "2025-02-01 09:00:00", "2025-02-01 10:00:00")
refusal("MF2", "O7", "2025-02-01 09:00:00", "2025-02-01 11:00:00")
expect("OPSP-REFUSE", "O7", "H3", why="two refusals registered at the same second")
mdtrt("MG1", "O8", "H3", "cancel", "2025-02-01 08:00:00")
mdtrt("MG1", "O8", "H3", "register", "2025-02-01 09:00:00")
refusal("MG2", "O8", "2025-02-02 09:00:00", "2025-02-02 10:00:00")
not_expect("OPSP-REFUSE", "O8", "H3", why="the first encounter's cancel is before its register")

for cid, psn, inst, t, cat, ok, why in [
        ("C-1", "O1", "H3", "2025-06-01 10:00:00", "拒收", True, "registered at H3"),
        ("C-2", "O1", "H2", "2025-06-01 10:00:00", "推诿", False, "the registration at H2 is revoked"),
        ("C-3", "O1", "H3", "2025-06-01 10:00:00", "收费", False, "category 收费"),
        ("C-4", "O1", "H3", "2026-01-01 00:00:00", "推诿", False, "after the registration's enddate"),
        ("C-5", "O1", "H3", "2025-12-31 23:59:59", "推诿", True, "on the registration's enddate"),
        ("C-LAST", "M1", "H3", "2026-06-30 12:00:00", "其他", False, "category 其他 (the latest event: as-of)")]:
    row("complaint", complaint_id=cid, psn_no=psn, fixmedins_code=inst, recv_time=t, category=cat, content="内容")
    (expect if ok else not_expect)("OPSP-COMPLAINT", cid, why=why)

# 5 delivery; as-of = 2026-06-30 12:00:00
_o = [0]


def order(dist, t, qty="100", urgent=0, cancel="", deliveries=(), late=None, why="", oid=None):
    _o[0] += 1
    oid = oid or "O%04d" % _o[0]
    row("vbp_order", order_id=oid, fixmedins_code="H3", distributor_code=dist, hilist_code="DRUGA", order_qty=qty,
        order_time=t, urgent_flag=urgent, cancel_time=cancel)
    for k, (q, dt) in enumerate(deliveries):
        row("vbp_delivery", delivery_id="%s-D%d" % (oid, k), order_id=oid, delivered_qty=q, delivery_time=dt)
    if late is True:
        expect("DLV-LATE", oid, why=why or "late")
    elif late is False and why:
        not_expect("DLV-LATE", oid, why=why)
    return oid


order("DX1", "2026-06-28 12:00:00", late=True, why="deadline = as-of, nothing delivered")
order("DX1", "2026-06-28 12:00:01", late=False, why="deadline 1 s after the as-of time")
order("DX1", "2026-06-01 08:00:00", urgent=1, deliveries=[("100", "2026-06-01 12:00:00")], late=False,
      why="urgent, delivered exactly at the 4 h deadline")
order("DX1", "2026-06-01 08:00:00", urgent=1, deliveries=[("100", "2026-06-01 12:00:01")], late=True,
      why="urgent, delivered 1 s after the 4 h deadline")
order("DX1", "2026-06-01 08:00:00", deliveries=[("60", "2026-06-02 08:00:00"), ("40", "2026-06-03 08:00:00")],
      late=False, why="two parts add up by the deadline")
order("DX1", "2026-06-01 08:00:00", deliveries=[("60", "2026-06-02 08:00:00"), ("40", "2026-06-03 08:00:01")],
      late=True, why="the second part is 1 s late")
order("DX1", "2026-06-01 08:00:00", cancel="2026-06-03 07:59:59", late=False,
      why="cancelled 1 s before the deadline: not judged")
order("DX1", "2026-06-01 08:00:00", cancel="2026-06-03 08:00:00", late=True,
      why="cancelled at the deadline: judged, nothing delivered")
order("DX1", "2026-06-01 08:00:00", qty="100", deliveries=[("99.9999", "2026-06-02 08:00:00")], late=True,
      why="99.9999 < 100")


def month_of_orders(dist, month, total, on_time, first_day=1):
    """total judged orders in month ('YYYY-MM'), the first on_time delivered in time, the rest never."""
    for k in range(total):
        t = "%s-%02d %02d:00:00" % (month, first_day + k // 10, 8 + k % 10)
        if k < on_time:
            order(dist, t, deliveries=[("100", t)], late=False)
        else:
            order(dist, t, late=True, why="never delivered (%s %s)" % (dist, month))


for m in ["2025-11", "2025-12", "2026-01", "2026-02"]:
    month_of_orders("DR1", m, 20, 17)
    expect("DLV-RATE", "DR1", m, why="17 of 20 on time")
not_expect("DLV-3M", "DR1", "2025-12", why="only two low months so far")
expect("DLV-3M", "DR1", "2026-01", why="Nov, Dec, Jan: consecutive across the year end")
expect("DLV-3M", "DR1", "2026-02", why="Dec, Jan, Feb")
month_of_orders("DR2", "2025-11", 30, 27)
not_expect("DLV-RATE", "DR2", "2025-11", why="27 of 30 = 0.90 exactly")
month_of_orders("DR2", "2025-12", 20, 18)
not_expect("DLV-RATE", "DR2", "2025-12", why="18 of 20 = 0.90 exactly")
month_of_orders("DR3", "2026-03", 21, 19)
not_expect("DLV-RATE", "DR3", "2026-03", why="19 of 21 = 0.905")
month_of_orders("DR3", "2026-04", 21, 18)
expect("DLV-RATE", "DR3", "2026-04", why="18 of 21 = 0.857")
month_of_orders("DR3", "2026-05", 19, 0)
not_expect("DLV-RATE", "DR3", "2026-05", why="19 orders")
month_of_orders("DR4", "2026-06", 19, 0, first_day=20)
order("DR4", "2026-06-28 12:00:01", late=False, why="not due at the as-of time (DR4's 20th order)")
not_expect("DLV-RATE", "DR4", "2026-06", why="20 orders, one not due yet: 19 judged")
month_of_orders("DR5", "2026-02", 20, 17)
expect("DLV-RATE", "DR5", "2026-02", why="17 of 20")
month_of_orders("DR5", "2026-04", 20, 17)
expect("DLV-RATE", "DR5", "2026-04", why="17 of 20")
month_of_orders("DR5", "2026-05", 20, 17)
expect("DLV-RATE", "DR5", "2026-05", why="17 of 20")
not_expect("DLV-3M", "DR5", "2026-05", why="March missing: Feb, Apr, May are not consecutive")

# 6 dual channel: DC1 is dual-channel from 2025-07-01; pharmacy P1 (its own flag 0)
row("erx", hi_rxno="RX1", psn_no="X1", fixmedins_code="H3", rx_time="2025-08-01 10:00:00", vali_days=3,
    hilist_codes="PLAIN|DC1", rx_stas=1)
row("erx", hi_rxno="RX2", psn_no="X2", fixmedins_code="H3", rx_time="2025-08-01 10:00:00", vali_days=3,
    hilist_codes="DC1", rx_stas=1)
row("erx", hi_rxno="RX3", psn_no="X1", fixmedins_code="H3", rx_time="2025-08-01 10:00:00", vali_days=3,
    hilist_codes="DC1", rx_stas=0)
row("erx", hi_rxno="RX4", psn_no="X1", fixmedins_code="H3", rx_time="2025-08-01 10:00:00", vali_days=3,
    hilist_codes="DC10|XDC1", rx_stas=1)
for sn, t, rxno, inst, code, ok, why, extra in [
        ("F-DCH-1", "2025-08-04 10:00:00", "RX1", "P1", "DC1", False, "at rx_time + vali_days exactly", {}),
        ("F-DCH-2", "2025-08-04 10:00:01", "RX1", "P1", "DC1", True, "1 s after the prescription expired", {}),
        ("F-DCH-3", "2025-08-01 09:59:59", "RX1", "P1", "DC1", True, "1 s before rx_time", {}),
        ("F-DCH-4", "2025-08-02 10:00:00", "", "P1", "DC1", True, "the settlement names no rxno", {}),
        ("F-DCH-5", "2025-08-02 10:00:00", "RXNONE", "P1", "DC1", True, "no erx row with that hi_rxno", {}),
        ("F-DCH-6", "2025-08-02 10:00:00", "RX2", "P1", "DC1", True, "the prescription is another patient's", {}),
        ("F-DCH-7", "2025-08-02 10:00:00", "RX3", "P1", "DC1", True, "the prescription is revoked", {}),
        ("F-DCH-8", "2025-08-02 10:00:00", "RX4", "P1", "DC1", True, "DC1 is not in DC10|XDC1", {}),
        ("F-DCH-9", "2025-08-02 10:00:00", "", "H3", "DC1", False, "at a hospital", {}),
        ("F-DCH-10", "2025-08-02 10:00:00", "", "P2", "PLAIN", False, "not a dual-channel drug", {}),
        ("F-DCH-11", "2025-06-20 10:00:00", "", "P1", "DC1", False, "DC1's row on 2025-06-20 is not dual-channel", {}),
        ("F-DCH-12", "2025-08-02 10:00:00", "", "P1", "DC1", False, "the settlement is absent",
         {"setl_id": "S-ABSENT-5"}),
        ("F-DCH-13", "2025-08-02 10:00:00", "", "P1", "DC1", False, "reversed", {"refd": 1}),
        ("F-DCH-14", "2025-08-02 10:00:00", "RX1", "P1", "DC10", True, "DC10 is not in PLAIN|DC1", {}),
        ("F-DCH-15", "2025-08-02 10:00:00", "RX1", "P1", "DC1", False, "a valid prescription covers it", {})]:
    fee(sn, "X1", inst, t, code, rxno=rxno, **extra) if "setl_id" not in extra else \
        fee(sn, "X1", inst, t, code, **extra)
    (expect if ok else not_expect)("DCH-NORX", sn, why=why)

# 3 trac_event sequences (code, [(event_id, type, time)]); T = 2025-09-01
_codes = {
    "C01": [("E0101", "sale", "10:00:00"), ("E0102", "sale", "11:00:00")],
    "C02": [("E0201", "sale", "10:00:00"), ("E0202", "sale_return", "11:00:00"), ("E0203", "sale", "12:00:00")],
    "C03": [("E0302", "sale", "10:00:00"), ("E0301", "sale", "10:00:00")],
    "C04": [("E0401", "sale_return", "10:00:00"), ("E0402", "sale", "10:00:00"), ("E0403", "sale", "11:00:00")],
    "C05": [("E0501", "sale", "10:00:00"), ("E0502", "sale_return", "11:00:00"),
            ("E0503", "sale_return", "12:00:00"), ("E0504", "sale", "13:00:00")],
    "C06": [("E0601", "sale", "10:00:00"), ("E0602", "purchase_return", "11:00:00"), ("E0603", "3505", "12:00:00")],
    "C07": [("E0701", "sale", "10:00:00"), ("E0702", "purchase_in", "11:00:00"),
            ("E0703", "sale_return", "12:00:00")],
    "C08": [("E0801", "purchase_in", "10:00:00"), ("E0802", "sale", "11:00:00")],
    "C09": [("E0902", "sale", "10:00:00"), ("E0901", "purchase_in", "10:00:00")],
    "C10": [("E1001", "sale", "10:00:00"), ("E1002", "purchase_in", "10:00:00")],
    "C11": [("E1101", "sale", "10:00:00"), ("E1102", "sale_return", "11:00:00"),
            ("E1103", "purchase_in", "12:00:00")],
    "C12": [("E1201", "sale", "10:00:00"), ("E1202", "sale_return", "11:00:00"), ("E1203", "sale", "12:00:00"),
            ("E1204", "purchase_in", "13:00:00")],
    "C13": [("E1302", "sale", "10:00:00"), ("E1301", "sale_return", "10:00:00"),
            ("E1303", "purchase_in", "11:00:00")],
    "C14": [("E1401", "sale", "10:00:00"), ("E1402", "sale", "09:00:00")],
}
for code, events in _codes.items():
    for eid, typ, hms in events:
        row("trac_event", event_id=eid, drug_trac_codg=code, event_type=typ, event_time="2025-09-01 " + hms,
            fixmedins_code="P1", hilist_code="DRUGA", psn_no="T1" if typ in ("sale", "3505") else "",
            setl_id="")
# C15: the first sale names a reversed settlement; trac_event rows are not settlements or fee lines.
s_rev = setl("T1", "P1", "41", "2025-09-01 10:00:00", refd=1, sid="S-TRC-REV")
row("trac_event", event_id="E1501", drug_trac_codg="C15", event_type="sale", event_time="2025-09-01 10:00:00",
    fixmedins_code="P1", hilist_code="DRUGA", psn_no="T1", setl_id=s_rev)
row("trac_event", event_id="E1502", drug_trac_codg="C15", event_type="sale", event_time="2025-09-02 10:00:00",
    fixmedins_code="P2", hilist_code="DRUGA", psn_no="T1", setl_id="")
for code, why in [("C01", "sale, sale"), ("C03", "two sales at the same second"),
                  ("C04", "return (sorts first), sale, sale"), ("C06", "a purchase_return does not undo a sale; "
                                                                         "the second sale is given as code 3505"),
                  ("C14", "rows out of time order: sale 09:00, sale 10:00"),
                  ("C15", "the first sale's settlement is reversed, but trac_event rows are not excluded")]:
    expect("TRC-DUP", code, why=why)
for code, why in [("C02", "sale, return, sale"), ("C05", "sale, return, return, sale"),
                  ("C07", "one sale"), ("C13", "one sale")]:
    not_expect("TRC-DUP", code, why=why)
for code, why in [("C07", "sale, purchase_in, then sale_return: sold at the purchase_in"),
                  ("C10", "sale and purchase_in at the same second, the sale's event_id first"),
                  ("C12", "sale, return, sale, purchase_in"),
                  ("C13", "return (event_id first), sale, purchase_in")]:
    expect("TRC-REFLOW", code, why=why)
for code, why in [("C08", "purchase_in before the sale"),
                  ("C09", "same second, the purchase_in's event_id first"),
                  ("C11", "sale, return, purchase_in")]:
    not_expect("TRC-REFLOW", code, why=why)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: edge_cases.py OUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for table, cols in COLS.items():
        with open(os.path.join(out, table + ".csv"), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(cols)
            for r in rows[table]:
                w.writerow([r.get(c, "") for c in cols])
    keys = set()
    with open(os.path.join(out, "ground_truth.jsonl"), "w", encoding="utf-8") as f:
        for t in truth:
            k = (t["rule_id"], json.dumps(t["key"], sort_keys=True))
            assert k not in keys, k
            keys.add(k)
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    with open(os.path.join(out, "near_misses.jsonl"), "w", encoding="utf-8") as f:
        for t in near:
            k = (t["rule_id"], json.dumps(t["key"], sort_keys=True))
            assert k not in keys, ("both expected and not expected", k)
            f.write(json.dumps(t, ensure_ascii=False) + "\n")


main()
