#!/usr/bin/env bash
# The GPU check: the CUDA tests and `bench --device cuda` on a CUDA machine that has PyTorch but no .NET SDK and
# no network, with the same measurements of the reference's PyTorch code beside ours.
#
#   scripts/gpu-check.sh prepare [--out DIR] [--torchsharp-src DIR] [--reference DIR]
#       On a machine with the .NET SDK: packs into DIR (default ./gpu-check-pack, at most 60 MiB) this script and
#       payload.tar.xz: a framework-dependent publish of the tests (which holds the program) built for an installed
#       PyTorch's libtorch, xunit's console runner, the .NET runtime, TorchSharp 0.107.0's bridge sources (downloaded
#       and checked, or from --torchsharp-src, see scripts/torch-bridge.sh), torch-bridge.sh, the reference bench
#       and, with --reference (a checkout or bare git mirror of CAS-CLab/Gated-LIF), the reference's model code.
#   bash DIR/gpu-check.sh run [--out DIR] [--budget SECONDS] [--python FILE] [--torch DIR]
#                             [--bridge FILE | --bridge-patch FILE] [--reference DIR] [--golden DIR] [--repeat N] [--work DIR]
#       On the GPU machine (PyTorch with CUDA and a C++ compiler): first writes to run.log what it finds there (python,
#       torch and its CUDA, nvcc, cmake, g++, the GPU, free disk); builds the bridge against the PyTorch (--python,
#       default /opt/torch/.venv/bin/python3 where it exists, else python3; --torch, default: that python's torch;
#       --bridge: one built before, such as OUT/libLibTorchSharp.so
#       of an earlier run; --bridge-patch: a diff of TorchSharp's tree applied before the build), runs the CUDA
#       tests, runs `bench --device cuda`, runs tests/parity/gpu_bench_reference.py on the reference's code (the
#       packed copy, or --reference) and prints the table: ours, PyTorch, ratio. --golden names a folder of the
#       golden run (../shared/golden) for the golden-checkpoint test, which is skipped without it.
#       --budget (default 570 s, for a command limit of 600 s) is the time the whole run may take: what does not fit is dropped, the reference's
#       bench first, then ours, and no stage runs past the budget. --out (default ./gpu-check-out) receives, as they
#       are made, at most 8 files: run.log (everything said, ldd's view of the bridge, the verdict), bridge-build.log,
#       libLibTorchSharp.so, tests.log, ours.tsv, pytorch.tsv, table.txt. With a GPU visible, a CUDA test that
#       reports itself skipped fails the check (the golden test may skip when no --golden is given).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pack_limit=$((60 * 1024 * 1024))
# Seconds each stage takes on the GPU machine (16 cores, one H200), for the budget; the bridge's is measured on
# this project's CPU machine and scaled (docs/articles/gpu-builds.md).
estimate_bridge=150 estimate_tests=120 estimate_bench=120 estimate_reference=120
# The Python that holds PyTorch on the GPU machine this project is lent (a plain python3 may be another).
lent_python=/opt/torch/.venv/bin/python3
fail() { echo "gpu-check: $*" >&2; exit 1; }
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

prepare() {
  local root out source_args=() reference=""
  root="$(cd "$here/.." && pwd)"
  out="$PWD/gpu-check-pack"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --out) out="$2"; shift 2 ;;
      --torchsharp-src) source_args=(--torchsharp-src "$2"); shift 2 ;;
      --reference) reference="$2"; shift 2 ;;
      *) usage >&2; exit 2 ;;
    esac
  done
  [[ -f "$root/GatedLif.sln" ]] || fail "prepare runs from a checkout (scripts/gpu-check.sh prepare)"
  command -v dotnet >/dev/null || fail "prepare needs the .NET SDK"
  local stage
  stage="$(mktemp -d)"
  trap "rm -rf '$stage'" EXIT
  export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

  echo "gpu-check: TorchSharp's bridge sources" >&2
  "$root/scripts/torch-bridge.sh" "${source_args[@]}" --export-sources "$stage/torchsharp"

  echo "gpu-check: publishing the tests and the program for an installed PyTorch's libtorch (minutes)" >&2
  dotnet publish "$root/tests/GatedLif.Tests/GatedLif.Tests.csproj" -c Release -r linux-x64 --self-contained false \
    -p:GatedLifTorch=local -o "$stage/tests" --nologo -v quiet -clp:ErrorsOnly
  # Microsoft.CodeCoverage's per-platform collectors are for dotnet test, which the pack does not use.
  rm -rf "$stage/tests"/{alpine,arm64,macos,ubuntu,x64,x86,CodeCoverage}
  local runner="${NUGET_PACKAGES:-$HOME/.nuget/packages}/xunit.runner.console/2.4.1/tools/netcoreapp2.0"
  [[ -f "$runner/xunit.console.dll" ]] || fail "$runner: xunit's console runner is missing (dotnet restore tests/GatedLif.Tests downloads it)"
  cp "$runner"/xunit.console.{dll,deps.json,runtimeconfig.json} "$runner"/xunit.runner.*.dll "$stage/tests/"

  local dotnet_root runtime
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  runtime="$(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$stage/tests/GatedLif.Tests.runtimeconfig.json" | head -n1)"
  runtime="$(ls "$dotnet_root/shared/Microsoft.NETCore.App" | grep "^${runtime%.*}\." | sort -V | tail -n1)"
  [[ -n "$runtime" ]] || fail "no Microsoft.NETCore.App runtime under $dotnet_root for the tests"
  mkdir -p "$stage/dotnet/shared/Microsoft.NETCore.App"
  cp "$dotnet_root/dotnet" "$stage/dotnet/"
  cp -r "$dotnet_root/host" "$stage/dotnet/"
  cp -r "$dotnet_root/shared/Microsoft.NETCore.App/$runtime" "$stage/dotnet/shared/Microsoft.NETCore.App/"

  mkdir -p "$stage/scripts"
  cp "$root/scripts/torch-bridge.sh" "$root/tests/parity/gpu_bench_reference.py" "$stage/scripts/"
  git -C "$root" rev-parse HEAD > "$stage/commit" 2>/dev/null || echo unknown > "$stage/commit"
  if [[ -n "$reference" ]]; then
    # The GPU machine has no network: the reference's model code (a few hundred KiB, without its checkpoints)
    # travels in the pack.
    mkdir -p "$stage/reference"
    local name
    for name in layers.py blocks.py networks_for_CIFAR.py networks_for_ImageNet.py; do
      if [[ -f "$reference/$name" ]]; then
        cp "$reference/$name" "$stage/reference/"
      elif [[ "$(git -C "$reference" rev-parse --is-bare-repository 2>/dev/null)" == true ]]; then
        git -C "$reference" show "HEAD:$name" > "$stage/reference/$name" || fail "--reference $reference: its HEAD has no $name"
      else
        fail "--reference $reference: no $name (name a checkout or bare mirror of CAS-CLab/Gated-LIF)"
      fi
    done
  fi

  echo "gpu-check: compressing" >&2
  mkdir -p "$out"
  tar -C "$stage" -cf - . | xz -6 -T0 > "$out/payload.tar.xz.tmp"
  mv "$out/payload.tar.xz.tmp" "$out/payload.tar.xz"
  cp "${BASH_SOURCE[0]}" "$out/gpu-check.sh"
  local size
  size="$(du -cb "$out/payload.tar.xz" "$out/gpu-check.sh" | tail -n1 | cut -f1)"
  ((size <= pack_limit)) || fail "$out holds $((size / 1048576)) MiB, more than the 60 MiB a pack may hold"
  echo "gpu-check: $out ($(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }') MiB, .NET $runtime, commit $(cat "$stage/commit")); on the GPU machine: bash $out/gpu-check.sh run --out DIR [--golden DIR]"
}

# Prints "name  ours  PyTorch  ratio" rows; ratio > 1 means ours is faster (times: PyTorch's over ours; rates: ours
# over PyTorch's). The reference has one GLIF layer, its per-step graph, which both of ours are compared with.
table() {
  local ours="$1" theirs="$2"
  # By file name rather than NR == FNR: with PyTorch's file empty (its bench dropped) ours would be read as theirs.
  awk -F'\t' '
    FILENAME == ARGV[1] { value[$1] = $2; next }
    {
      reference = $1; sub(/_(fused|unrolled)/, "", reference)
      if (!(reference in value)) { printf "%-34s %12.3f %-9s %12s %8s\n", $1, $2, $3, "-", "-"; next }
      ratio = ($3 == "images/s") ? $2 / value[reference] : value[reference] / $2
      printf "%-34s %12.3f %-9s %12.3f %7.2fx\n", $1, $2, $3, value[reference], ratio
    }' "$theirs" "$ours"
}


# The CUDA tests' verdict from xunit's XML: counts, then one line for each failure and for each test skipped where
# it must not be (a GPU is visible, and it is not the golden test without --golden); exit status 1 for any of them.
tests_verdict() {
  "$python" - "$@" <<'PY'
import sys
import xml.etree.ElementTree as ET
path, gpu, golden = sys.argv[1], sys.argv[2] == "1", sys.argv[3] == "1"
root = ET.parse(path).getroot()
tests = list(root.iter("test"))
count = {r: sum(t.get("result") == r for t in tests) for r in ("Pass", "Fail", "Skip")}
print(f"gpu-check: {len(tests)} CUDA tests: {count['Pass']} passed, {count['Fail']} failed, {count['Skip']} skipped")
problems = [f"gpu-check: an error outside the tests: {(e.findtext('failure/message') or e.get('name') or '').strip()}"
            for e in root.iter("error")]
for t in tests:
    name, result = t.get("name"), t.get("result")
    if result == "Fail":
        message = (t.findtext("failure/message") or "").strip().splitlines()
        problems.append(f"gpu-check: FAILED {name}: {message[0] if message else 'no message'}")
    elif result == "Skip":
        reason = (t.findtext("reason") or "").strip()
        optional = not golden and reason.startswith("needs the golden reference files")
        if gpu and not optional:
            problems.append(f"gpu-check: SKIPPED with a GPU visible, which fails the check: {name}: {reason}")
if not tests:
    problems.append("gpu-check: xunit ran no CUDA test")
for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
PY
}

# A tool's path and the first line of its version that holds a version number, or "not found".
version_of() {
  local tool
  tool="$(command -v "$1")" || { echo "not found"; return 0; }
  shift
  echo "$tool ($("$tool" "$@" 2>&1 | grep -m1 -E '[0-9]+\.[0-9]+' | sed 's/^ *//'))"
}

# What the machine has, said before anything else, so that a run failing in its first minute still tells what to
# fix: python, torch and its CUDA, the compilers, the GPU, cores, memory and free disk.
facts() {
  local probe nvcc
  probe='import torch
cuda = torch.cuda.is_available()
print(torch.__version__, "at", torch.__file__.rsplit("/", 1)[0], "| CUDA", torch.version.cuda, "| cuDNN",
      torch.backends.cudnn.version(), "|", torch.cuda.get_device_name(0) if cuda else "no CUDA device visible to torch")'
  echo "gpu-check: found: python $python ($("$python" --version 2>&1 | head -n1))" >&2
  echo "gpu-check: found: torch $(timeout 120 "$python" -c "$probe" 2>&1 | tail -n1)" >&2
  nvcc="$(version_of nvcc --version)"
  [[ "$nvcc" != "not found" || ! -x "${CUDA_HOME:-/usr/local/cuda}/bin/nvcc" ]] \
    || nvcc="$(PATH="${CUDA_HOME:-/usr/local/cuda}/bin" version_of nvcc --version) (not on PATH)"
  echo "gpu-check: found: nvcc $nvcc; cmake $(version_of cmake --version); c++ $(version_of "${CXX:-c++}" --version); ninja $(version_of ninja --version); xz $(version_of xz --version)" >&2
  if command -v nvidia-smi >/dev/null; then
    echo "gpu-check: found: GPU $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | head -n1)" >&2
  else
    echo "gpu-check: found: GPU none (no nvidia-smi)" >&2
  fi
  echo "gpu-check: found: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB memory", $2 / 1048576 }' /proc/meminfo), $(df -Ph "$work" | awk 'NR == 2 { print $4 " free on " $6 }') (work), $(df -Ph "$out" | awk 'NR == 2 { print $4 " free on " $6 }') (out)" >&2
}

run() {
  local torch="" reference="" golden="" bridge="" bridge_patch="" repeat=5 out="$PWD/gpu-check-out" budget=570 work="" python=""
  while [[ $# -gt 0 ]]; do
    [[ $# -ge 2 ]] || { usage >&2; fail "$1 needs a value"; }
    case "$1" in
      --torch) torch="$2" ;;
      --python) python="$2" ;;
      --reference) [[ -d "$2" ]] || fail "--reference $2: no such folder"; reference="$(cd "$2" && pwd)" ;;
      --golden) [[ -d "$2" ]] || fail "--golden $2: no such folder"; golden="$(cd "$2" && pwd)" ;;
      --bridge) [[ -f "$2" ]] || fail "--bridge $2: no such file"; bridge="$(readlink -f "$2")" ;;
      --bridge-patch) [[ -f "$2" ]] || fail "--bridge-patch $2: no such file"; bridge_patch="$(readlink -f "$2")" ;;
      --repeat) [[ "$2" =~ ^[1-9][0-9]*$ ]] || fail "--repeat $2: expected a positive whole number"; repeat="$2" ;;
      --budget) [[ "$2" =~ ^[1-9][0-9]*$ ]] || fail "--budget $2: expected seconds, a positive whole number"; budget="$2" ;;
      --out) out="$2" ;;
      --work) work="$2" ;;
      *) usage >&2; exit 2 ;;
    esac
    shift 2
  done
  [[ -n "$bridge" && -n "$bridge_patch" ]] && fail "--bridge-patch patches a bridge build, and --bridge skips it: give one of them"
  [[ -f "$here/payload.tar.xz" ]] || fail "$here has no payload.tar.xz: run the copy that 'scripts/gpu-check.sh prepare' wrote"
  mkdir -p "$out"
  out="$(cd "$out" && pwd -P)"
  [[ -n "$bridge" && "$bridge" == "$out/libLibTorchSharp.so" ]] || rm -f "$out/libLibTorchSharp.so"
  rm -f "$out"/{run.log,bridge-build.log,tests.log,ours.tsv,pytorch.tsv,table.txt}
  # Everything said goes to run.log as it is said, so a run killed at its limit still leaves what it learned.
  exec 2> >(tee -a "$out/run.log" >&2)
  local start=$SECONDS
  stage() { echo "gpu-check: [$((SECONDS - start)) s] $*" >&2; }
  left() { echo $((budget - (SECONDS - start))); }
  # A stage of about $2 seconds runs only while it fits in what is left of the budget.
  fits() {
    local name="$1" estimate="$2"
    if (($(left) < estimate)); then
      echo "gpu-check: dropped $name: it takes about $estimate s, and $(left) s of the $budget s budget are left" >&2
      return 1
    fi
  }
  # Runs "$@" for at most what is left of the budget (and 10 s at least, so a stage never starts with nothing).
  within_budget() {
    local limit
    limit="$(left)"
    ((limit >= 10)) || limit=10
    timeout "$limit" "$@"
  }
  if [[ -z "$python" ]]; then
    python="$lent_python"
    [[ -x "$python" ]] || python="$(command -v python3)" || fail "no python3 here: name the Python that holds PyTorch with --python FILE"
  fi
  [[ -n "$work" ]] || work="$(mktemp -d)"
  mkdir -p "$work"
  work="$(cd "$work" && pwd)"
  facts
  stage "unpacking into $work (budget $budget s, results in $out)"
  if command -v xz >/dev/null; then
    xz -dc "$here/payload.tar.xz" | tar -C "$work" -xf -
  else
    echo "gpu-check: no xz here: unpacking with Python's lzma" >&2
    "$python" -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' \
      "$here/payload.tar.xz" | tar -C "$work" -xf -
  fi
  stage "pack of commit $(cat "$work/commit")"

  if [[ -z "$torch" ]]; then
    torch="$("$python" -c 'import os, torch; print(os.path.dirname(torch.__file__))' 2>/dev/null)" \
      || fail "$python cannot import torch: name the Python that holds it with --python FILE, or its folder with --torch .../site-packages/torch"
  fi
  [[ -d "$torch" ]] || fail "--torch $torch: no such folder"
  torch="$(cd "$torch" && pwd -P)"
  [[ -d "$torch/torch/lib" ]] && torch="$torch/torch"
  local torch_version
  torch_version="$(sed -n "s/^__version__ = '\(.*\)'.*/\1/p" "$torch/version.py" 2>/dev/null || true)"
  stage "PyTorch: ${torch_version:-of unknown version} at $torch"

  if [[ -z "$bridge" ]]; then
    if (($(left) < estimate_bridge + estimate_tests)); then
      echo "gpu-check: a bridge build (about $estimate_bridge s) and the tests do not fit in $(left) s: pass --bridge OUT/libLibTorchSharp.so from an earlier run; building anyway" >&2
    fi
    stage "building TorchSharp's bridge against $torch (log: $out/bridge-build.log)"
    local bridge_args=(--torchsharp-src "$work/torchsharp" --log "$out/bridge-build.log")
    [[ -n "$bridge_patch" ]] && bridge_args+=(--patch "$bridge_patch")
    bridge="$(XDG_CACHE_HOME="$work/cache" within_budget "$work/scripts/torch-bridge.sh" "${bridge_args[@]}" "$torch")" \
      || fail "no bridge, so nothing more can run (the build's log: $out/bridge-build.log; a fix: --bridge-patch FILE)"
    cp "$bridge" "$out/libLibTorchSharp.so"
    stage "bridge built: $out/libLibTorchSharp.so (a second run takes it with --bridge)"
  elif [[ "$bridge" != "$out/libLibTorchSharp.so" ]]; then
    cp "$bridge" "$out/libLibTorchSharp.so"
  fi
  cp "$bridge" "$work/tests/libLibTorchSharp.so"

  export DOTNET_ROOT="$work/dotnet" PATH="$work/dotnet:$PATH" DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
  # xunit's console runner targets an older .NET; it runs on the packed one.
  export DOTNET_ROLL_FORWARD=Major
  # The GPU machine's image may have no ICU, without which .NET does not start; nothing here needs cultures.
  export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
  # TorchSharp first loads "torch_cpu" by name: the PyTorch's own must come before any system libtorch. The CUDA
  # libraries (cudnn, cublas, nccl, the runtime, nvrtc, ...) come as pip wheels beside torch/, in nvidia/*/lib.
  local library_path="$torch/lib" folder
  for folder in "$(dirname "$torch")"/nvidia/*/lib; do
    [[ -d "$folder" ]] && library_path+=":$folder"
  done
  export LD_LIBRARY_PATH="$library_path${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  echo "gpu-check: LD_LIBRARY_PATH=$LD_LIBRARY_PATH" >&2
  local linked
  linked="$(ldd "$work/tests/libLibTorchSharp.so" 2>&1)" || fail "ldd cannot read the bridge $bridge: $linked"
  echo "$linked" | sed 's/^/gpu-check: ldd: /' >&2
  local missing
  missing="$(awk '/=> not found/ { print $1 }' <<<"$linked" | paste -sd, -)"
  [[ -z "$missing" ]] || fail "the bridge needs $missing, which the loader cannot find on LD_LIBRARY_PATH (above)"

  printf '#!/usr/bin/env bash\nexec "%s/dotnet/dotnet" "%s/tests/gatedlif.dll" "$@"\n' "$work" "$work" > "$work/gatedlif"
  chmod +x "$work/gatedlif"
  export GATEDLIF_CLI="$work/gatedlif"
  [[ -n "$golden" ]] && export GATEDLIF_GOLDEN="$golden"
  # The program on this bridge and libtorch, on the CPU: a second or so, and a bridge that does not load stops here
  # rather than as every test's failure.
  stage "the program on the bridge: collectives-check --device cpu"
  within_budget "$work/gatedlif" collectives-check --device cpu >&2 \
    || fail "the program does not run on the bridge $bridge with the libtorch in $torch/lib (above)"

  # Counted from nvidia-smi's whole answer: under pipefail, grep -q closing the pipe early could fail nvidia-smi
  # with SIGPIPE and turn a GPU machine's run into a rehearsal.
  local gpu=0 listed
  listed="$(nvidia-smi -L 2>/dev/null || true)"
  if [[ "$(grep -c '^GPU ' <<<"$listed" || true)" -gt 0 ]]; then
    gpu=1
    stage "GPU: $(grep -m1 '^GPU ' <<<"$listed")"
  else
    echo "gpu-check: nvidia-smi lists no GPU here: the CUDA tests will report themselves skipped and the measurements are left out (a rehearsal)" >&2
  fi
  # What runs, by priority: the tests, then our bench, then the reference's, as long as their estimates add up
  # to no more than what is left; each still checks what is left when its turn comes.
  local plan_tests=1 plan_bench=$gpu plan_reference=$gpu planned
  planned=$estimate_tests
  ((planned + estimate_bench <= $(left))) && planned=$((planned + estimate_bench)) || plan_bench=0
  ((plan_bench && planned + estimate_reference <= $(left))) || plan_reference=0
  ((gpu && !plan_reference)) && echo "gpu-check: dropped the reference's bench: with the stages before it, it would not end within the budget ($(left) s left)" >&2
  ((gpu && !plan_bench)) && echo "gpu-check: dropped bench --device cuda: with the tests, it would not end within the budget ($(left) s left)" >&2

  local tests_status=1
  if fits "the CUDA tests" "$estimate_tests"; then
    stage "CUDA tests (log: $out/tests.log)"
    (cd "$work/tests" && within_budget dotnet xunit.console.dll GatedLif.Tests.dll -trait "Category=Cuda" -parallel none \
        -nocolor -verbose -xml "$work/tests.xml") > "$out/tests.log" 2>&1 || true
    if [[ -f "$work/tests.xml" ]]; then
      tests_status=0
      tests_verdict "$work/tests.xml" "$gpu" "$([[ -n "$golden" ]] && echo 1 || echo 0)" >&2 || tests_status=1
    else
      tail -n 30 "$out/tests.log" >&2
      echo "gpu-check: xunit wrote no results (its output's end above; all of it: $out/tests.log)" >&2
    fi
  fi

  if ((plan_bench)) && fits "bench --device cuda" "$estimate_bench"; then
    stage "bench --device cuda"
    within_budget "$work/gatedlif" bench --device cuda --repeat "$repeat" --results "$out/ours.tsv" >&2 \
      || echo "gpu-check: bench --device cuda failed or ran out of the budget (above)" >&2
  fi
  [[ -n "$reference" ]] || { [[ -d "$work/reference" ]] && reference="$work/reference"; }
  if ((plan_reference)) && fits "the reference's bench" "$estimate_reference"; then
    if [[ -n "$reference" ]]; then
      stage "the same measurements with the reference's PyTorch code ($reference)"
      PYTHONUNBUFFERED=1 within_budget "$python" "$work/scripts/gpu_bench_reference.py" --reference "$reference" \
        --device cuda --repeat "$repeat" --out "$out/pytorch.tsv" >&2 \
        || echo "gpu-check: the reference's bench failed or ran out of the budget (above)" >&2
    else
      echo "gpu-check: the pack holds no reference code and no --reference was given: PyTorch's column stays empty" >&2
    fi
  fi
  if [[ -s "$out/ours.tsv" ]]; then
    [[ -f "$out/pytorch.tsv" ]] || : > "$out/pytorch.tsv"
    {
      echo "GPU: $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -n1); PyTorch $torch_version CUDA $(sed -n "s/^cuda[^=]*= '\(.*\)'.*/\1/p" "$torch/version.py" 2>/dev/null | head -n1); commit $(cat "$work/commit")"
      printf "%-34s %12s %-9s %12s %8s\n" measurement ours unit PyTorch ratio
      table "$out/ours.tsv" "$out/pytorch.tsv"
      awk -F'\t' '{ v[$1] = $2 } END { if (v["glif_fused_ms"] > 0 && v["glif_fused_amp_ms"] > 0) printf "fused GLIF layer: %.1fx faster than the unrolled one (%.1fx with --amp)\n", v["glif_unrolled_ms"] / v["glif_fused_ms"], v["glif_unrolled_amp_ms"] / v["glif_fused_amp_ms"] }' "$out/ours.tsv"
      echo "(ratio > 1: ours is faster; goals: fused GLIF >= 3x the unrolled one, the R18-CW T=2 step >= 1x PyTorch)"
    } > "$out/table.txt"
    cat "$out/table.txt" >&2
  fi
  if ((tests_status == 0)); then
    stage "passed: the CUDA tests$( ((gpu)) || echo ' (all skipped: no GPU)'); results in $out"
  else
    stage "FAILED: the CUDA tests did not pass (above); results in $out"
  fi
  return "$tests_status"
}

case "${1:-}" in
  prepare) shift; prepare "$@" ;;
  run) shift; run "$@" ;;
  -h|--help) usage ;;
  *) usage >&2; exit 2 ;;
esac
