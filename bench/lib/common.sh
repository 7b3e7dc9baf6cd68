# shellcheck shell=bash disable=SC2034  # sourced: the variables are the callers'
# bench/lib/common.sh: helpers shared by bench/compare.sh and the peer
# runners (sourced, not run). Every runner writes into its own OUT directory:
#
#   OUT/steps.tsv   phase  step  wall_s  status  keys     one line per timed step
#                   (phase: load | query | scan; status: ok | timeout | error)
#   OUT/procs.tsv   phase  label  wall_s  user_s  sys_s  maxrss_kb
#                   one line per client process, from /usr/bin/time
#   OUT/server.tsv  phase  cpu_s  hwm_kb                 MariaDB's server process
#   OUT/keys/<RULE-ID>.keys                              see bench/lib/keys.py
#
# bench/lib/report.py turns these into the table.

bench_die() { echo "$(basename "$0"): $*" >&2; exit 1; }
bench_now() { date +%s.%N; }
bench_elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# The time(1) binary, not the shell keyword: it reports the child's user and
# system CPU and peak RSS.
BENCH_TIME=/usr/bin/time
[ -x "$BENCH_TIME" ] || bench_die "$BENCH_TIME is missing (Debian package 'time'); it measures CPU and peak memory"

# bench_run OUT PHASE LABEL TIMEOUT_S CMD...
# Runs CMD under time(1), and under timeout(1) when TIMEOUT_S > 0; appends
# its rusage to OUT/procs.tsv. Sets BENCH_WALL (seconds) and BENCH_STATUS
# (ok, timeout or error); returns 0 unless the command could not be started.
bench_run() {
  local out=$1 phase=$2 label=$3 limit=$4; shift 4
  local rusage t0 t1 rc
  rusage=$(mktemp "${TMPDIR:-/tmp}/bench-rusage.XXXXXX")
  t0=$(bench_now)
  if [ "$limit" -gt 0 ] 2>/dev/null; then
    # --kill-after: a process that ignores TERM still ends.
    "$BENCH_TIME" -f '%e %U %S %M' -o "$rusage" timeout --kill-after=10 "$limit" "$@" && rc=0 || rc=$?
  else
    "$BENCH_TIME" -f '%e %U %S %M' -o "$rusage" "$@" && rc=0 || rc=$?
  fi
  t1=$(bench_now)
  BENCH_WALL=$(bench_elapsed "$t0" "$t1")
  case $rc in
    0) BENCH_STATUS=ok ;;
    124|137) BENCH_STATUS=timeout ;;
    *) BENCH_STATUS=error ;;
  esac
  # time(1) writes "Command exited with non-zero status N" before its line.
  local _e user sys kb
  read -r _e user sys kb < <(tail -n 1 "$rusage")
  rm -f "$rusage"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$label" "$BENCH_WALL" "${user:-0}" "${sys:-0}" "${kb:-0}" >>"$out/procs.tsv"
}

# bench_step OUT PHASE STEP WALL STATUS KEYS: one line of OUT/steps.tsv.
bench_step() {
  printf '%s\t%s\t%s\t%s\t%s\n' "$2" "$3" "$4" "$5" "$6" >>"$1/steps.tsv"
}

# The 23 catalogue rules, in catalogue order.
BENCH_RULES="LMT-SEX LMT-AGE LMT-DX LMT-LV PRC-CEIL QTY-RX
DTH-SETL HOS-SPLIT HOS-OUTP QTY-30D FRQ-MULTI
TRC-DUP TRC-REFLOW TRC-FMT TRC-MISMATCH TRC-MISSING
OPSP-REFUSE OPSP-COMPLAINT OPSP-NOREG
DLV-LATE DLV-RATE DLV-3M DCH-NORX"
BENCH_TABLES="fixmedins hilist psn opsp_reg setl fee_list trac_event mdtrt_event complaint vbp_order vbp_delivery erx"
