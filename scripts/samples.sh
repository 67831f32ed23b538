#!/usr/bin/env bash
# The packages as their users meet them: packs them (scripts/pack.sh) into artifacts/packages, builds the samples
# against that folder (samples/NuGet.config), runs each briefly, installs the gatedlif tool from the same folder and
# runs its help and the evaluation of the reference's checkpoint (../shared/golden, when present).
#   scripts/samples.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
feed="$root/artifacts/packages"
version="$(sed -n 's:.*<GatedLifVersion>\(.*\)</GatedLifVersion>.*:\1:p' "$root/build/Version.props")"
golden="$root/../shared/golden"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$root/scripts/pack.sh" "$feed"
# NuGet keeps a package by id and version: drop what an earlier pack of this version left, so these are used.
cache="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
for id in gatedlif.core gatedlif.models gatedlif.data gatedlif; do rm -rf "${cache%/}/$id/$version"; done

run() { # name, then the sample's arguments
  local sample="$1"; shift
  echo "samples.sh: $sample $*"
  dotnet build "$root/samples/$sample/$sample.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly
  dotnet "$root/samples/$sample/bin/Release/net10.0/$sample.dll" "$@" | tee "$work/$sample.out"
}
expect() { # output file, text it must contain
  grep -qF -- "$2" "$1" || { echo "samples.sh: $(basename "$1" .out) did not print '$2'" >&2; exit 1; }
}

run GlifFashionMnist 20
expect "$work/GlifFashionMnist.out" "test accuracy on 2000 images:"
run PlainLifNetwork
expect "$work/PlainLifNetwork.out" "PLIF"
if [[ -f "$golden/r18cw-CIFAR10-step2.pth.tar" ]]; then
  run ReferenceCheckpoint "$golden/r18cw-CIFAR10-step2.pth.tar" "$golden/cifar"
  expect "$work/ReferenceCheckpoint.out" "top-1 on 300 test images: 9.67%"
fi

echo "samples.sh: the gatedlif tool from $feed"
dotnet tool install --tool-path "$work/tools" --add-source "$feed" gatedlif --version "$version" >/dev/null
"$work/tools/gatedlif" --help > "$work/help.out"
expect "$work/help.out" "--modeltag"
if [[ -d "$golden" ]]; then
  (cd "$work" && "$work/tools/gatedlif" --modeltag r18cw-CIFAR10-step2.pth.tar --soft-mode --eval \
    --eval-resume "$golden" --stand18 --channel-wise --t 2 --dataset-path "$golden/cifar" --no-download) \
    | tee "$work/eval.out"
  expect "$work/eval.out" "Top-1  = 0.096667"
fi
echo "samples.sh: the samples and the tool ran from the packages"
