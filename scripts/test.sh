#!/usr/bin/env bash
# The test command: installs what the suite needs on a fresh Debian 12 machine with the .NET SDK
# (Debian's python3-torch, so the suite can check that PyTorch loads our checkpoints, dataset-fashion-mnist,
# so it can check the demo conversion against the golden files, and mpich for the multi-process runs), restores, builds (the build patches
# libLibTorchSharp.so, see build/WeakGlibcxxNeed.targets) and runs the tests on the libtorch GATEDLIF_TORCH chooses
# (scripts/torch-backend.sh); the CUDA tests are skipped where no GPU is visible.
#
#   scripts/test.sh [--cpu all|native|avx2|baseline] [dotnet test arguments, e.g. --filter ...]
#
# --cpu (or GATEDLIF_CPU) chooses the processor the tests run as (scripts/cpu-emulation.sh): native, or an AVX2 or
# SSE4.2 machine emulated by capping the instruction sets of libtorch, oneDNN, MKL and .NET; that choice runs the
# whole suite. all (the default, what CI runs) runs the whole suite natively and then the tests whose result depends
# on the CPU kernels (trait Kernels=Dependent) as each emulated machine. The last line sums all runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
source "$root/scripts/torch-backend.sh"
source "$root/scripts/cpu-emulation.sh"
cpu="${GATEDLIF_CPU:-all}"
test_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cpu) [[ $# -ge 2 ]] || { echo "test.sh: --cpu needs one of all ${cpu_emulation_choices[*]}" >&2; exit 2; }
      cpu="$2"; shift 2 ;;
    --cpu=*) cpu="${1#--cpu=}"; shift ;;
    *) test_args+=("$1"); shift ;;
  esac
done
case "$cpu" in
  all|native|avx2|baseline) ;;
  *) echo "test.sh: --cpu $cpu: expected one of all ${cpu_emulation_choices[*]}" >&2; exit 2 ;;
esac
if [[ "$cpu" != all ]] && ! cpu_emulation_possible "$cpu"; then
  echo "test.sh: --cpu $cpu: this processor lacks the instructions that choice keeps, and a cap cannot add them" >&2
  exit 2
fi
torch_backend_resolve
# The command-line runs of the tests build and run on the same backend.
export GATEDLIF_TORCH="$torch_choice"

if ! /usr/bin/python3 -c 'import torch, numpy' >/dev/null 2>&1 || [[ ! -d /usr/share/datasets/fashion-mnist ]] \
   || [[ -z "$(ldconfig -p | grep libturbojpeg.so.0 || true)" ]] || [[ ! -d /usr/share/fonts/truetype/dejavu ]] || [[ ! -f /etc/fonts/fonts.conf ]] \
   || [[ -z "$(ldconfig -p | grep libmpich.so.12 || true)" ]] || [[ -z "$(ldconfig -p | grep libjemalloc.so.2 || true)" ]]; then
  echo "test.sh: installing libjemalloc2 (the launcher's allocator), python3-torch, python3-numpy (PyTorch interoperability checks), dataset-fashion-mnist (demo data checks), libturbojpeg0 (JPEG decoding as Pillow does it), fonts-dejavu-core with fontconfig-config (plot figures) and mpich (multi-process training)" >&2
  source "$root/scripts/debian-packages.sh"
  debian_install libjemalloc2 python3-torch python3-numpy dataset-fashion-mnist libturbojpeg0 fonts-dejavu-core fontconfig-config mpich
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! dotnet restore "$root/GatedLif.sln" "${torch_build_props[@]}" --nologo -v quiet >"$log" 2>&1; then
  cat "$log" >&2
  torch_backend_explain_failure "$log"
  exit 1
fi
dotnet build "$root/GatedLif.sln" -c Release "${torch_build_props[@]}" --no-restore --nologo -v quiet -clp:ErrorsOnly
# The whole suite (what CI runs) also checks the layout: CSharpier, the formatter .editorconfig configures, must find
# nothing to change. A filtered run during development skips it.
if [[ ${#test_args[@]} -eq 0 ]]; then
  (cd "$root" && dotnet tool restore >"$log" 2>&1) || { cat "$log" >&2; exit 1; }
  if ! (cd "$root" && dotnet csharpier check src tests samples >"$log" 2>&1); then
    grep -v '^Checked ' "$log" >&2 || true
    echo "test.sh: files above are not laid out as CSharpier lays them out: run 'dotnet csharpier format src tests samples'" >&2
    exit 1
  fi
  # And the documentation site builds without a warning (a broken link, a cref that names nothing).
  "$root/scripts/docs.sh"
  # And the packages work as their users meet them: the samples build against the packed feed and run, and the
  # gatedlif tool installs from it and evaluates the reference's checkpoint.
  "$root/scripts/samples.sh"
fi
torch_backend_built
torch_backend_runtime_env

# One run of the suite (or of the tests the arguments select) as one CPU choice; adds its counts to the totals.
totals=(0 0 0)
results=()
status=0
run_tests() {
  local choice="$1" what="$2" started run_status=0 summary passed=0 failed=0 skipped=0
  shift 2
  cpu_emulation_apply "$choice"
  echo "test.sh: $(cpu_emulation_describe); $what"
  started=$SECONDS
  dotnet test "$root/tests/GatedLif.Tests/GatedLif.Tests.csproj" -c Release "${torch_build_props[@]}" --no-build --nologo "$@" \
    | tee "$log" || run_status=$?
  # dotnet test's own summary: one line at normal verbosity, a "Total tests:" block with a detailed console logger;
  # a filter that selects nothing prints neither and is no failure.
  summary="$(grep -E '(Passed|Failed)!' "$log" | tail -1 || true)"
  if [[ -n "$summary" ]]; then
    passed="$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary")"
    failed="$(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$summary")"
    skipped="$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$summary")"
  elif grep -q '^Total tests: ' "$log"; then
    count() { sed -n '/^Total tests: /,$p' "$log" | sed -nE "s/^ *$1: *([0-9]+)\$/\1/p" | tail -1; }
    passed="$(count Passed)"; failed="$(count Failed)"; skipped="$(count Skipped)"
    passed="${passed:-0}"; failed="${failed:-0}"; skipped="${skipped:-0}"
  fi
  totals=($((totals[0] + passed)) $((totals[1] + failed)) $((totals[2] + skipped)))
  results+=("$choice ($what): $passed passed, $failed failed, $skipped skipped in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s")
  ((run_status == 0)) || status=$run_status
}

# The emulated runs of `all` take the kernel-dependent tests among those the arguments select.
kernel_args=()
user_filter=""
for ((i = 0; i < ${#test_args[@]}; i++)); do
  if [[ "${test_args[i]}" == --filter && $((i + 1)) -lt ${#test_args[@]} ]]; then
    user_filter="${test_args[i + 1]}"
    i=$((i + 1))
  else
    kernel_args+=("${test_args[i]}")
  fi
done
kernel_filter="Kernels=Dependent"
[[ -n "$user_filter" ]] && kernel_filter="($user_filter)&Kernels=Dependent"

selection="the whole suite"
((${#test_args[@]} == 0)) || selection="the tests selected"
if [[ "$cpu" == all ]]; then
  run_tests native "$selection" "${test_args[@]}"
  for choice in avx2 baseline; do
    if cpu_emulation_possible "$choice"; then
      run_tests "$choice" "the kernel-dependent tests" "${kernel_args[@]}" --filter "$kernel_filter"
    else
      results+=("$choice: not run, this processor lacks the instructions it keeps")
    fi
  done
else
  run_tests "$cpu" "$selection" "${test_args[@]}"
fi
for line in "${results[@]}"; do echo "test.sh: $line"; done
# The plain closing line that any CI reader understands.
echo "${totals[0]} passed, ${totals[1]} failed, ${totals[2]} skipped"
exit "$status"
