#!/usr/bin/env bash
# Packs the NuGet packages into artifacts/packages (or the folder given): the libraries GatedLif.Core,
# GatedLif.Models and GatedLif.Data (each with its symbols package) and the gatedlif .NET tool, all at the version
# Directory.Build.props sets. The tool carries the CPU libtorch; the libraries leave the runtime to the application.
#   scripts/pack.sh [FOLDER]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath -m "${1:-$root/artifacts/packages}")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
rm -rf "$out"
mkdir -p "$out"
for project in GatedLif.Core GatedLif.Models GatedLif.Data GatedLif.Cli; do
  dotnet pack "$root/src/$project/$project.csproj" -c Release -o "$out" --nologo -v quiet -clp:ErrorsOnly \
    -p:GatedLifTorch=cpu
done
ls -l "$out" | awk 'NR > 1 { size = $5 >= 1e6 ? sprintf("%.1f MB", $5 / 1e6) : sprintf("%.0f kB", $5 / 1e3)
                           printf "pack.sh: %s (%s)\n", $NF, size }'
