#!/usr/bin/env bash
# The test command: installs what the suite needs on a fresh Debian 12 machine with the .NET SDK
# (Debian's python3-torch, so the suite can check that PyTorch loads our checkpoints, dataset-fashion-mnist,
# so it can check the demo conversion against the golden files, and mpich for the multi-process runs), restores, builds (the build patches
# libLibTorchSharp.so, see build/WeakGlibcxxNeed.targets) and runs every test on the libtorch GATEDLIF_TORCH chooses
# (scripts/torch-backend.sh); the CUDA tests are skipped where no GPU is visible.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
source "$root/scripts/torch-backend.sh"
torch_backend_resolve
# The command-line runs of the tests build and run on the same backend.
export GATEDLIF_TORCH="$torch_choice"

if ! /usr/bin/python3 -c 'import torch, numpy' >/dev/null 2>&1 || [[ ! -d /usr/share/datasets/fashion-mnist ]] \
   || [[ -z "$(ldconfig -p | grep libturbojpeg.so.0 || true)" ]] || [[ ! -d /usr/share/fonts/truetype/dejavu ]] || [[ ! -f /etc/fonts/fonts.conf ]] \
   || [[ -z "$(ldconfig -p | grep libmpich.so.12 || true)" ]]; then
  sudo_cmd=""
  [[ "$(id -u)" != 0 ]] && sudo_cmd="sudo"
  echo "test.sh: installing python3-torch, python3-numpy (PyTorch interoperability checks), dataset-fashion-mnist (demo data checks), libturbojpeg0 (JPEG decoding as Pillow does it), fonts-dejavu-core with fontconfig-config (plot figures) and mpich (multi-process training)" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
    python3-torch python3-numpy dataset-fashion-mnist libturbojpeg0 fonts-dejavu-core fontconfig-config mpich >/dev/null
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! dotnet restore "$root/GatedLif.sln" "${torch_build_props[@]}" --nologo -v quiet >"$log" 2>&1; then
  cat "$log" >&2
  torch_backend_explain_failure "$log"
  exit 1
fi
dotnet build "$root/GatedLif.sln" -c Release "${torch_build_props[@]}" --no-restore --nologo -v quiet -clp:ErrorsOnly
torch_backend_built
torch_backend_runtime_env
status=0
dotnet test "$root/tests/GatedLif.Tests/GatedLif.Tests.csproj" -c Release "${torch_build_props[@]}" --no-build --nologo "$@" | tee "$log" || status=$?
# The plain closing line that any CI reader understands, from dotnet test's own summary.
summary="$(grep -E '(Passed|Failed)!' "$log" | tail -1 || true)"
if [[ -n "$summary" ]]; then
  passed="$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary")"
  failed="$(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$summary")"
  skipped="$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$summary")"
  echo "$passed passed, $failed failed, $skipped skipped"
fi
exit "$status"
