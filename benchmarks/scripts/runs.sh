# Repetitions for compare.sh (source it): how one run of one workload script is made and its rows
# numbered. A script writes rows "workload,implementation,metric,value,unit" to $RESULTS;
# compare.sh points RESULTS at a scratch file per run and appends the rows to the results with
# the run number as a sixth field. A script that repeats its measurements itself (e.g. JMH
# iterations, cheaper than new JVMs) says so with a line "# compare.sh: runs itself" in its
# first 30 lines; it is run once, told RUNS, and writes the sixth field (1..RUNS) itself.

# runs_itself SCRIPT: true when the script repeats its measurements itself.
runs_itself() { head -30 "$1" | grep -q '^# compare.sh: runs itself'; }

# run_script SCRIPT RUN RESULTS: runs the script once as run RUN, appending its rows to RESULTS.
run_script() {
  local script="$1" run="$2" results="$3" scratch status=0
  scratch="$BENCH_TMP/rows-$(basename "$script" .sh)-run$run.csv"
  : > "$scratch"
  RESULTS="$scratch" RUN="$run" bash "$script" || status=$?
  # Rows of a failed run are kept: what was measured before the failure is still true.
  awk -F, -v run="$run" -v src="$scratch" '
    NF == 5 { print $0 "," run; next }
    NF == 6 { print; next }
    NF > 0 { printf "%s: row with %d fields dropped: %s\n", src, NF, $0 > "/dev/stderr" }
  ' "$scratch" >> "$results"
  return "$status"
}
