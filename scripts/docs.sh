#!/usr/bin/env bash
# Builds the documentation site with docfx (a local tool, .config/dotnet-tools.json) into docs/_site/: the articles
# under docs/articles and the API reference, which docfx reads from the four libraries' assemblies and the XML files
# the compiler writes beside them (docs/api holds docfx's intermediate YAML). Warnings are errors: a broken link or
# bookmark in an article, a reference docfx cannot resolve, and the compiler's own checks of the XML comments (a
# cref that names nothing, a paramref without its parameter). scripts/test.sh runs it with the whole suite (CI).
#
#   scripts/docs.sh        then open docs/_site/index.html, or serve it: dotnet docfx serve docs/_site
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
cd "$root"
dotnet tool restore >"$log" 2>&1 || { cat "$log" >&2; exit 1; }

# docfx cannot load these projects itself (its MSBuild workspace resolves none of their packages), so the API comes
# from built assemblies. They build into folders of their own (bin/docs/ and obj/docs/ in each project) without a
# libtorch package (GatedLifTorch=local and no bridge: the managed code is the same on every backend), so the site
# neither downloads a libtorch nor touches the program that scripts/gatedlif runs. The libraries write their XML files
# in every build (build/Package.props); the command line's only when GatedLifApiReference asks for them. Which comment warnings are allowed is
# the projects' own NoWarn (a member or parameter without a comment, CS1591 and CS1573); every other fails the build.
if ! dotnet build src/GatedLif.Cli/GatedLif.Cli.csproj -c Release -p:GatedLifTorch=local \
     -p:BaseOutputPath=bin/docs/ -p:BaseIntermediateOutputPath=obj/docs/ \
     -p:GatedLifApiReference=true --nologo -v quiet -clp:ErrorsOnly >"$log" 2>&1; then
  cat "$log" >&2
  echo "docs.sh: the build the API reference is read from failed (above)" >&2
  exit 1
fi

# The README's links into the articles are followed on GitHub, not by docfx: each must name a file that exists.
missing=()
while IFS= read -r target; do
  [[ -e "$target" ]] || missing+=("$target")
done < <(grep -oE '\]\([^)#]+' README.md | cut -c3- | grep -vE '^[a-z]+://')
if [[ ${#missing[@]} -gt 0 ]]; then
  printf 'docs.sh: README.md links to %s, which does not exist\n' "${missing[@]}" >&2
  exit 1
fi

# From a clean state, so nothing of a removed type or article lingers.
rm -rf docs/api docs/_site
for step in metadata build; do
  if ! dotnet docfx "$step" docs/docfx.json --warningsAsErrors >"$log" 2>&1; then
    grep -E '(warning|error)' "$log" >&2 || cat "$log" >&2
    echo "docs.sh: docfx $step failed on the problems above" >&2
    exit 1
  fi
done
echo "docs.sh: the site is in docs/_site/ (index.html)"
