#!/usr/bin/env bash
# The GPU check: the CUDA tests and `bench --device cuda` on a CUDA machine that has PyTorch but no .NET SDK and
# no network, with the same measurements of the reference's PyTorch code beside ours.
#
#   scripts/gpu-check.sh prepare [--out DIR] [--torchsharp-src DIR]
#       On a machine with the .NET SDK: packs into DIR (default ./gpu-check-pack, at most 60 MiB) this script and
#       payload.tar.xz: a framework-dependent publish of the tests (which holds the program) built for an installed
#       PyTorch's libtorch, xunit's console runner, the .NET runtime, TorchSharp 0.107.0's bridge sources (downloaded
#       and checked, or from --torchsharp-src, see scripts/torch-bridge.sh), torch-bridge.sh and the reference bench.
#   DIR/gpu-check.sh run [--torch DIR] [--reference DIR] [--golden DIR] [--bridge FILE] [--repeat N] [--work DIR]
#       On the GPU machine (PyTorch with CUDA, CMake, a C++ compiler and the CUDA toolkit): builds the bridge against
#       the PyTorch (--torch, default: python3's torch; --bridge: one built before), runs the CUDA tests, runs
#       `bench --device cuda`, runs tests/parity/gpu_bench_reference.py on the reference's code where --reference
#       names a checkout of CAS-CLab/Gated-LIF, and prints the table: ours, PyTorch, ratio. --golden names
#       ../shared/golden for the golden-checkpoint test (skipped without it). About 5 minutes on one GPU.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pack_limit=$((60 * 1024 * 1024))
fail() { echo "gpu-check: $*" >&2; exit 1; }
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

prepare() {
  local root out source_args=()
  root="$(cd "$here/.." && pwd)"
  out="$PWD/gpu-check-pack"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --out) out="$2"; shift 2 ;;
      --torchsharp-src) source_args=(--torchsharp-src "$2"); shift 2 ;;
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

  echo "gpu-check: compressing" >&2
  mkdir -p "$out"
  tar -C "$stage" -cf - . | xz -6 -T0 > "$out/payload.tar.xz.tmp"
  mv "$out/payload.tar.xz.tmp" "$out/payload.tar.xz"
  cp "${BASH_SOURCE[0]}" "$out/gpu-check.sh"
  local size
  size="$(du -cb "$out/payload.tar.xz" "$out/gpu-check.sh" | tail -n1 | cut -f1)"
  ((size <= pack_limit)) || fail "$out holds $((size / 1048576)) MiB, more than the 60 MiB a pack may hold"
  echo "gpu-check: $out ($(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }') MiB, .NET $runtime, commit $(cat "$stage/commit")); on the GPU machine: $out/gpu-check.sh run [--reference DIR] [--golden DIR]"
}

# Prints "name  ours  PyTorch  ratio" rows; ratio > 1 means ours is faster (times: PyTorch's over ours; rates: ours
# over PyTorch's). The reference has one GLIF layer, its per-step graph, which both of ours are compared with.
table() {
  local ours="$1" theirs="$2"
  awk -F'\t' '
    NR == FNR { value[$1] = $2; next }
    {
      reference = $1; sub(/_(fused|unrolled)/, "", reference)
      if (!(reference in value)) { printf "%-34s %12.3f %-9s %12s %8s\n", $1, $2, $3, "-", "-"; next }
      ratio = ($3 == "images/s") ? $2 / value[reference] : value[reference] / $2
      printf "%-34s %12.3f %-9s %12.3f %7.2fx\n", $1, $2, $3, value[reference], ratio
    }' "$theirs" "$ours"
}

run() {
  local torch="" reference="" golden="" bridge="" repeat=5 work=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --torch) torch="$2"; shift 2 ;;
      --reference) reference="$(cd "$2" && pwd)"; shift 2 ;;
      --golden) golden="$(cd "$2" && pwd)"; shift 2 ;;
      --bridge) bridge="$(readlink -f "$2")"; shift 2 ;;
      --repeat) repeat="$2"; shift 2 ;;
      --work) work="$2"; shift 2 ;;
      *) usage >&2; exit 2 ;;
    esac
  done
  [[ -f "$here/payload.tar.xz" ]] || fail "$here has no payload.tar.xz: run the copy that 'scripts/gpu-check.sh prepare' wrote"
  local start=$SECONDS
  stage() { echo "gpu-check: [$((SECONDS - start)) s] $*" >&2; }
  if [[ -z "$work" ]]; then
    work="$(mktemp -d)"
  fi
  mkdir -p "$work"
  work="$(cd "$work" && pwd)"
  stage "unpacking into $work"
  xz -dc "$here/payload.tar.xz" | tar -C "$work" -xf -

  if [[ -z "$torch" ]]; then
    torch="$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))' 2>/dev/null)" \
      || fail "python3 cannot import torch: name the PyTorch folder with --torch .../site-packages/torch"
  fi
  if [[ -z "$bridge" ]]; then
    stage "building TorchSharp's bridge against $torch"
    bridge="$("$work/scripts/torch-bridge.sh" --torchsharp-src "$work/torchsharp" "$torch")"
  fi
  cp "$bridge" "$work/tests/libLibTorchSharp.so"

  export DOTNET_ROOT="$work/dotnet" PATH="$work/dotnet:$PATH" DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
  # xunit's console runner targets an older .NET; it runs on the packed one.
  export DOTNET_ROLL_FORWARD=Major
  # TorchSharp first loads "torch_cpu" by name: the PyTorch's own must come before any system libtorch. NCCL comes
  # with PyTorch's CUDA wheels (nvidia/nccl/lib beside torch/); the program loads it by name too.
  local nccl_dirs
  torch="$(cd "$torch" && pwd -P)"
  [[ -d "$torch/torch/lib" ]] && torch="$torch/torch"
  nccl_dirs="$(find "$(dirname "$torch")/nvidia" -maxdepth 3 -name 'libnccl.so*' -printf '%h:' 2>/dev/null || true)"
  export LD_LIBRARY_PATH="$torch/lib:${nccl_dirs}${LD_LIBRARY_PATH:-}"
  printf '#!/usr/bin/env bash\nexec "%s/dotnet/dotnet" "%s/tests/gatedlif.dll" "$@"\n' "$work" "$work" > "$work/gatedlif"
  chmod +x "$work/gatedlif"
  export GATEDLIF_CLI="$work/gatedlif"
  [[ -n "$golden" ]] && export GATEDLIF_GOLDEN="$golden"

  if ! nvidia-smi -L 2>/dev/null | grep -q '^GPU '; then
    echo "gpu-check: nvidia-smi lists no GPU here: the CUDA tests will report themselves skipped and the measurements are left out" >&2
  fi
  stage "CUDA tests"
  (cd "$work/tests" && timeout 300 dotnet xunit.console.dll GatedLif.Tests.dll -trait "Category=Cuda" -parallel none \
      -nocolor -verbose) > "$work/tests.log" 2>&1 || true
  grep -E '\[(FAIL|SKIP)\]|^ +(needs|Assert|Expected|Actual)|Total:' "$work/tests.log" >&2 || tail -n 30 "$work/tests.log" >&2
  local tests_status=0
  grep -qE 'Total: [1-9][0-9]*, Errors: 0, Failed: 0' "$work/tests.log" || tests_status=1

  if nvidia-smi -L 2>/dev/null | grep -q '^GPU '; then
    stage "bench --device cuda"
    timeout 200 "$work/gatedlif" bench --device cuda --repeat "$repeat" --results "$work/ours.tsv"
    if [[ -n "$reference" ]]; then
      stage "the same measurements with the reference's PyTorch code"
      timeout 200 python3 "$work/scripts/gpu_bench_reference.py" --reference "$reference" --device cuda \
        --repeat "$repeat" --out "$work/pytorch.tsv"
    else
      : > "$work/pytorch.tsv"
      echo "gpu-check: no --reference checkout of CAS-CLab/Gated-LIF: PyTorch's column stays empty" >&2
    fi
    {
      echo "GPU: $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | head -n1); PyTorch $(python3 -c 'import torch; print(torch.__version__, "CUDA", torch.version.cuda)' 2>/dev/null || echo '?'); commit $(cat "$work/commit")"
      printf "%-34s %12s %-9s %12s %8s\n" measurement ours unit PyTorch ratio
      table "$work/ours.tsv" "$work/pytorch.tsv"
      awk -F'\t' '{ v[$1] = $2 } END { if (v["glif_fused_ms"] > 0) printf "fused GLIF layer: %.1fx faster than the unrolled one (%.1fx with --amp)\n", v["glif_unrolled_ms"] / v["glif_fused_ms"], v["glif_unrolled_amp_ms"] / v["glif_fused_amp_ms"] }' "$work/ours.tsv"
      echo "(ratio > 1: ours is faster; goals: fused GLIF >= 3x the unrolled one, the R18-CW T=2 step >= 1x PyTorch)"
    } | tee "$work/table.txt"
  fi
  stage "done: $work/table.txt, $work/tests.log"
  return "$tests_status"
}

case "${1:-}" in
  prepare) shift; prepare "$@" ;;
  run) shift; run "$@" ;;
  -h|--help) usage ;;
  *) usage >&2; exit 2 ;;
esac
