#!/usr/bin/env bash
# Benchmarks tracker at 1,000, 10,000 and 100,000 tasks, side by side with Taskwarrior on the
# same tasks. Run by hand (not part of `cargo test`); paste the table it prints into the
# README's Performance section with the date and the machine.
#
#   scripts/bench.sh              # all sizes
#   SIZES="1000 10000" scripts/bench.sh
#   PARTS="import workbooks" SIZES="10000 100000" scripts/bench.sh   # issue 15 and 16's targets
#   BIN=target/release/tracker PARTS=import RUNS=3 scripts/bench.sh   # import alone, a built binary
#   BIN=target/profiling/tracker PARTS=pg SIZES="10000" scripts/bench.sh  # a PostgreSQL ledger
#   (profile with `cargo build --profile profiling` and `perf record --call-graph dwarf`;
#   results and the import profile: docs/performance.md)
#
# PARTS (default all of them): import (a 0.9 MB report and a 10,000-row task table as .csv and
# .xlsx, made by scripts/bench-inputs.py, each imported into a new empty ledger), core (the
# everyday commands, export and restore), workbooks (export --format xlsx, sheets, collect),
# taskwarrior (the same tasks in Taskwarrior). Besides the median wall time, the CPU time
# (user + system, mean) is kept: on this shared machine the wall time of one run moves with
# the other builds, the CPU time far less.
#
# Needs hyperfine and taskwarrior (installed from Debian's packages if missing), python3.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-10}
PARTS=${PARTS:-"import core workbooks taskwarrior"}
want() { [[ " $PARTS " == *" $1 "* ]]; }
export TZ=UTC TRACKER_TODAY=2026-11-26 TRACKER_USER=bench LANG=C.UTF-8 NO_COLOR=1 COLUMNS=100

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
if want taskwarrior; then command -v task >/dev/null || need+=(taskwarrior); fi
command -v /usr/bin/time >/dev/null || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The binary to install (release; glibc linked statically on Linux): see the script.
bin=${BIN:-$(scripts/build-release.sh | tail -1)}   # BIN=PATH measures a binary already built
work=$(mktemp -d /tmp/tracker-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
results=$work/results.tsv
: > "$results"

# median seconds of a hyperfine run → results (size, tool, label, median, peak RSS KB, CPU s)
measure() {
  local size=$1 tool=$2 label=$3 runs=$4; shift 4
  local json=$work/h.json
  hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$json" "$@" >/dev/null 2>&1 || {
    echo "failed: $label" >&2; return; }
  local median
  median=$(python3 -c "import json,sys; print(json.load(open('$json'))['results'][0]['median'])")
  local cpu
  cpu=$(python3 -c "import json,sys; r=json.load(open('$json'))['results'][0]; print(r['user'] + r['system'])")
  local rss="" cmd=${*: -1}
  if [ "$tool" = tracker ]; then
    [ "$#" -gt 1 ] && bash -c "${@: -2:1}" >/dev/null 2>&1 || true   # the --prepare step, if any
    rss=$( { /usr/bin/time -f "%M" bash -c "$cmd > /dev/null 2>&1" ; } 2>&1 | tail -1 ) || true
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$tool" "$label" "$median" "$rss" "$cpu" >> "$results"
  printf '  %-8s %-44s %8.1f ms (cpu %.1f ms) %s\n' "$tool" "$label" "$(python3 -c "print($median*1000)")" \
    "$(python3 -c "print($cpu*1000)")" "${rss:+${rss} KB}" >&2
}

# Import (issue 15): each input into a new, empty ledger (made before each run, not timed).
if want import; then
  echo "== import" >&2
  scripts/bench-inputs.py "$work/in" 2>/dev/null
  fresh="bash -c 'rm -f $work/i.db $work/i.db-wal $work/i.db-shm; $bin --db $work/i.db init --empty'"
  measure 1485 tracker "import report (0.9 MB, 1,485 tasks) --dry-run" 3 \
    --prepare "$fresh" "$bin --db $work/i.db import $work/in/report.txt --dry-run"
  measure 1485 tracker "import report (0.9 MB, 1,485 tasks)" 3 \
    --prepare "$fresh" "$bin --db $work/i.db import $work/in/report.txt"
  for kind in csv xlsx; do
    measure 10000 tracker "import table.$kind (10,000 rows) --dry-run" 3 \
      --prepare "$fresh" "$bin --db $work/i.db import $work/in/table.$kind --dry-run"
    measure 10000 tracker "import table.$kind (10,000 rows)" 3 \
      --prepare "$fresh" "$bin --db $work/i.db import $work/in/table.$kind"
  done
fi

# A shared ledger on PostgreSQL (issue 18), over the unix socket of the throwaway cluster
# (scripts/pg-cluster.sh, started if need be): copy of a synthesised file into the server
# (COPY), then the everyday commands against the server. Each size gets its own schema.
# Targets: single-task commands <= 15 ms, list and the weekly report at 10,000 <= 80 ms,
# copy of 100,000 tasks <= 20 s. Not in the default PARTS: PARTS=pg.
if want pg; then
  scripts/pg-cluster.sh start
  base=$(scripts/pg-cluster.sh url)
  psql=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql | sort -V | tail -1)
  for n in $SIZES; do
    echo "== pg, $n tasks" >&2
    file=$work/pg$n.db
    "$bin" --db "$file" init --empty >/dev/null
    "$bin" --db "$file" dev synth --tasks "$n" --events-per-task 10 >/dev/null
    schema=bench_$n
    url="$base?options=-c%20search_path%3D$schema"
    drop="$psql -q $base -c 'DROP SCHEMA IF EXISTS $schema CASCADE'"
    cruns=3; [ "$n" -ge 100000 ] && cruns=1
    measure "$n" tracker "pg: copy --to URL (N tasks, 11 N events)" "$cruns" \
      --prepare "$drop" "$bin copy --from $file --to $url"
    bash -c "$drop" && "$bin" copy --from "$file" --to "$url" >/dev/null
    id=$(( n / 20 + 1 )).3
    runs=$RUNS; [ "$n" -ge 100000 ] && runs=5
    measure "$n" tracker "pg: list (all open tasks)" "$runs" "$bin --db $url list"
    measure "$n" tracker "pg: show ID" "$runs" "$bin --db $url show $id"
    measure "$n" tracker "pg: note ID" "$runs" "$bin --db $url note $id bench"
    measure "$n" tracker "pg: update ID --progress --note" "$runs" \
      "$bin --db $url update $id --status in-progress --progress 50 --note bench"
    measure "$n" tracker "pg: report (this week, table)" "$runs" "$bin --db $url report"
    measure "$n" tracker "pg: units rename, then undo" 3 \
      "bash -c '$bin --db $url units rename 组织科 组织部 --new-unit && $bin --db $url undo'"
    bash -c "$drop"
  done
fi

for n in $SIZES; do
  want core || want workbooks || want taskwarrior || break
  echo "== $n tasks" >&2
  db=$work/t$n.db
  export TRACKER_DB=$db
  start=$(date +%s.%N)
  "$bin" dev synth --tasks "$n" --events-per-task 10 >/dev/null
  synth=$(python3 -c "import time; print(time.time() - $start)")
  printf '%s\ttracker\tdev synth (N tasks, 10 events each)\t%s\t\t\n' "$n" "$synth" >> "$results"
  owner=干部科
  id=$(( n / 20 + 1 )).3
  runs=$RUNS; [ "$n" -ge 100000 ] && runs=5
  if want core; then
  measure "$n" tracker "list (all open tasks)" "$runs" "$bin list"
  measure "$n" tracker "list --status blocked --owner $owner" "$runs" "$bin list --status blocked --owner $owner"
  measure "$n" tracker "show ID" "$runs" "$bin show $id"
  cp "$db" "$work/copy.db"
  measure "$n" tracker "update ID --status in-progress --note" 20 \
    "$bin --db $work/copy.db update $id --status in-progress --note bench"
  measure "$n" tracker "note ID" 20 "$bin --db $work/copy.db note $id bench"
  measure "$n" tracker "report (this week, table)" "$runs" "$bin report"
  measure "$n" tracker "report --format json" "$runs" "$bin report --format json"
  measure "$n" tracker "report --rec N (one plan, table)" "$runs" "$bin report --rec $(( n / 20 + 1 ))"
  measure "$n" tracker "report --series weekly (two years)" "$runs" \
    "$bin report --series weekly --from 2024-11-26 --to 2026-11-26"
  measure "$n" tracker "export --format json" "$runs" "$bin export --format json"
  fi
  # Workbooks (issue 16): the 台账, the return sheets of every unit, and collecting them all
  # (into a fresh copy of the ledger each run, as the office does once a week).
  if want workbooks; then
  # At most 3 runs, fewer with RUNS (RUNS=2 at 100,000 tasks: each run is tens of seconds).
  xruns=$(( RUNS < 3 ? RUNS : 3 ))
  measure "$n" tracker "export --format xlsx" "$xruns" "$bin export --format xlsx --out $work/l.xlsx"
  if [ "$n" -le 10000 ]; then
    measure "$n" tracker "sheets (every unit)" 3 --prepare "rm -rf $work/sheets" "$bin sheets --out $work/sheets"
    units=$(ls "$work/sheets" | wc -l)
    measure "$n" tracker "collect --dry-run ($units units' sheets)" 3 \
      "bash -c '$bin --db $db collect --dry-run $work/sheets/*.xlsx'"
    measure "$n" tracker "collect ($units units' sheets)" 3 \
      --prepare "bash -c 'cp $db $work/collect.db; rm -f $work/collect.db-wal $work/collect.db-shm'" \
      "bash -c '$bin --db $work/collect.db collect $work/sheets/*.xlsx'"
    # 督办通知单 for every unit (issue 17 §3; target: 50 units in 2 s), into a fresh copy of
    # the ledger each run, since issuing records the notices.
    measure "$n" tracker "notice (every unit, docx)" 3 \
      --prepare "bash -c 'rm -rf $work/notices; cp $db $work/notice.db; rm -f $work/notice.db-wal $work/notice.db-shm'" \
      "$bin --db $work/notice.db notice --reply-by +1w --out $work/notices"
  fi
  # The weekly 通报 as .docx (issue 17 §4), its attachment cut to --limit (200) as today.
  measure "$n" tracker "report --format docx (通报)" 3 "$bin report --format docx --out $work/t.docx"
  fi
  if want core; then
  "$bin" export --format json > "$work/export.json"
  measure "$n" tracker "restore (N tasks and their 11 N events)" 3 \
    --prepare "rm -f $work/r.db $work/r.db-wal $work/r.db-shm" "$bin --db $work/r.db restore $work/export.json"
  # The same number of tasks with little history (about two events each): closer to what
  # Taskwarrior imports, which is the tasks alone.
  "$bin" --db "$work/light.db" dev synth --tasks "$n" --events-per-task 0 >/dev/null
  "$bin" --db "$work/light.db" export --out "$work/light.json" 2>/dev/null
  rm -f "$work"/light.db*
  measure "$n" tracker "restore (N tasks, about 2 N events)" 3 \
    --prepare "rm -f $work/r.db $work/r.db-wal $work/r.db-shm" "$bin --db $work/r.db restore $work/light.json"
  # Like for like: what Taskwarrior's import below gets (title, status, deadline, lead), the
  # title standing in for the text (which may not be empty), and one creation event each.
  python3 - "$work/light.json" "$work/same.json" <<'EOF2'
import json, sys
d = json.load(open(sys.argv[1]))
for t in d["tasks"]:
    t["text"], t["support"] = t["title"], []
d["events"] = [e for e in d["events"] if e["field"] == "created"]
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
EOF2
  measure "$n" tracker "restore (what task import gets: N tasks, N events)" 3 \
    --prepare "rm -f $work/r.db $work/r.db-wal $work/r.db-shm" "$bin --db $work/r.db restore $work/same.json"
  fi
  want taskwarrior || continue

  # Taskwarrior on the same tasks.
  tw=$work/tw$n
  mkdir -p "$tw"
  printf 'data.location=%s\nconfirmation=off\nverbose=nothing\ngc=on\nhooks=off\nnews.version=2.6.2\n' "$tw" > "$tw/rc"
  export TASKRC=$tw/rc TASKDATA=$tw
  [ -f "$work/export.json" ] || "$bin" export --format json > "$work/export.json"
  python3 - "$work/export.json" "$tw/import.json" <<'EOF'
import json, sys, uuid
src = json.load(open(sys.argv[1]))
out = []
for i, t in enumerate(src["tasks"]):
    status = {"done": "completed", "cancelled": "deleted"}.get(t["status"], "pending")
    item = {"uuid": str(uuid.UUID(int=i + 1)), "description": t["title"], "project": "rec" + t["id"].split(".")[0],
            "status": status, "entry": "20250101T000000Z"}
    if t["deadline"]:
        item["due"] = t["deadline"].replace("-", "") + "T000000Z"
    if status != "pending":
        item["end"] = "20260101T000000Z"
    if t["lead"]:
        item["tags"] = ["lead_" + str(abs(hash(t["lead"])) % 1000)]
    out.append(item)
json.dump(out, open(sys.argv[2], "w"), ensure_ascii=False)
EOF
  measure "$n" taskwarrior "import N tasks" 1 \
    --prepare "rm -f $tw/pending.data $tw/completed.data $tw/undo.data $tw/backlog.data" \
    "task rc:$tw/rc import $tw/import.json"
  measure "$n" taskwarrior "list (all open tasks)" "$runs" "task rc:$tw/rc list"
  measure "$n" taskwarrior "summary" "$runs" "task rc:$tw/rc summary"
  measure "$n" taskwarrior "burndown.weekly" 3 "task rc:$tw/rc burndown.weekly"
  measure "$n" taskwarrior "ID modify" 10 "task rc:$tw/rc 1 modify priority:H"
done

python3 - "$results" <<'EOF'
import sys, collections
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
sizes = sorted({int(r[0]) for r in rows})
def get(size, tool, label):
    for r in rows:
        if int(r[0]) == size and r[1] == tool and r[2] == label:
            return r
pairs = {
    "list (all open tasks)": "list (all open tasks)",
    "report (this week, table)": "summary",
    "report --series weekly (two years)": "burndown.weekly",
    "update ID --status in-progress --note": "ID modify",
    "restore (N tasks and their 11 N events)": "import N tasks",
    "restore (N tasks, about 2 N events)": "import N tasks",
    "restore (what task import gets: N tasks, N events)": "import N tasks",
}
print("| tasks | tracker command | median | CPU | peak RSS | Taskwarrior | median | tracker is |")
print("| ---: | --- | ---: | ---: | ---: | --- | ---: | ---: |")
for size in sizes:
    for r in rows:
        if int(r[0]) != size or r[1] != "tracker":
            continue
        label, med, rss, cpu = r[2], float(r[3]), r[4], r[5]
        tw = get(size, "taskwarrior", pairs.get(label, ""))
        twcell, twmed, ratio = "", "", ""
        if tw:
            twcell, twmed = tw[2], f"{float(tw[3]) * 1000:.1f} ms"
            r = float(tw[3]) / med if med > 0 else 0
            ratio = f"{r:.1f}× faster" if r >= 1 else (f"{1 / r:.1f}× slower" if r > 0 else "")
        rsscell = f"{int(rss) / 1024:.1f} MB" if rss else ""
        cpucell = f"{float(cpu) * 1000:.1f} ms" if cpu else ""
        print(f"| {size:,} | `{label}` | {med * 1000:.1f} ms | {cpucell} | {rsscell} | {twcell} | {twmed} | {ratio} |")
EOF
