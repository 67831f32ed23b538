#!/usr/bin/env bash
# Builds TorchSharp's native bridge (libLibTorchSharp.so) against an installed PyTorch's libtorch, so that the
# program runs on that PyTorch's libtorch (and its CUDA) instead of NuGet's libtorch packages.
#
#   scripts/torch-bridge.sh [--torchsharp-src DIR] [--patch FILE] [--jobs N] [--log FILE] [--cmake] TORCH
#   scripts/torch-bridge.sh [--torchsharp-src DIR] --export-sources OUT    (checked sources to OUT/src/Native)
#
# TORCH is a PyTorch package folder (.../site-packages/torch, with lib/, include/ and share/cmake/Torch) or the
# site-packages folder above it. The bridge's C++ sources are TorchSharp 0.107.0's src/Native: downloaded from
# GitHub, or taken from DIR (a TorchSharp checkout, source archive or git mirror, for machines without network);
# either way their content must match the checksum below. --patch FILE (a diff of TorchSharp's tree, `git diff`
# style, -p1) is applied after that check, for a libtorch whose C++ API moved.
# The build compiles the source files that TorchSharp's CMakeLists names straight against TORCH's include/ with the
# flags and defines that TorchSharp's and TORCH's CMake files set, and links TORCH's lib/ directly: it needs a C++17
# compiler (CXX, else c++) and no CMake, and a CUDA PyTorch's CMake discovery of the CUDA toolkit (nvcc, cuBLAS,
# NVTX), which the bridge does not use, cannot stop it. --cmake builds with TorchSharp's own CMakeLists instead
# (CMake, and for a CUDA PyTorch the CUDA toolkit: nvcc on PATH or under CUDA_HOME), pointed at TORCH's own Torch
# config, and a build that found another libtorch (a system one) or another version is refused. Either build uses
# every core (--jobs) and keeps going past a failing file, its whole log goes to --log as it runs, and a failure
# prints the compiler's first errors with their file and line.
# Prints the bridge's path on stdout; it is cached by PyTorch install under ${XDG_CACHE_HOME:-~/.cache}/gatedlif.
set -euo pipefail

# TorchSharp 0.107.0: the commit of its release notes, whose native exports are those of NuGet's 0.107.0 binary.
torchsharp_commit=c20b6a1cc574d690707638a488d2583f3b8b983f
torchsharp_archive="https://github.com/dotnet/TorchSharp/archive/${torchsharp_commit}.tar.gz"
# SHA-256 over "sha256  path" lines of every file under src/Native (sorted, CR removed), so that an archive and a
# checkout of the same sources agree whatever their compression or line endings.
native_tree_sha256=5d3ce19c23cfa5f8ab02e3373ac125a4b97c814359af53eede9788b1296e95ab
# libtorch versions this bridge is known to build against and run on.
known_good="2.10"

source_dir="${GATEDLIF_TORCHSHARP_SRC:-}"
jobs="$(nproc)"
torch=""
export_to=""
patch_file=""
log=""
route=direct
while [[ $# -gt 0 ]]; do
  case "$1" in
    --torchsharp-src) source_dir="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --patch) patch_file="$2"; shift 2 ;;
    --log) log="$2"; shift 2 ;;
    --cmake) route=cmake; shift ;;
    --export-sources) export_to="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) echo "torch-bridge: unknown option $1" >&2; exit 2 ;;
    *) torch="$1"; shift ;;
  esac
done
fail() { echo "torch-bridge: $*" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

native_tree_checksum() (
  cd "$1"
  find src/Native -type f | LC_ALL=C sort | while IFS= read -r f; do
    printf '%s  %s\n' "$(tr -d '\r' < "$f" | sha256sum | cut -d' ' -f1)" "$f"
  done | sha256sum | cut -d' ' -f1
)

# Sets sources: TorchSharp's checked source tree, from source_dir or downloaded.
obtain_sources() {
  if [[ -n "$source_dir" && -d "$source_dir/src/Native" ]]; then
    sources="$(cd "$source_dir" && pwd -P)"
  elif [[ -n "$source_dir" ]]; then
    # A git clone or bare mirror of TorchSharp: the pinned commit's src/Native.
    git -C "$source_dir" cat-file -e "${torchsharp_commit}^{commit}" 2>/dev/null \
      || fail "$source_dir: not TorchSharp's sources (no src/Native, nor a git repository holding commit $torchsharp_commit)"
    mkdir -p "$work/src"
    git -C "$source_dir" archive "$torchsharp_commit" src/Native | tar -x -C "$work/src"
    sources="$work/src"
  else
    echo "torch-bridge: downloading TorchSharp 0.107.0's sources ($torchsharp_archive)" >&2
    local hint="without network, pass --torchsharp-src DIR"
    if command -v curl >/dev/null; then
      curl -fsSL "$torchsharp_archive" -o "$work/torchsharp.tar.gz" || fail "download failed: $torchsharp_archive ($hint)"
    else
      wget -q "$torchsharp_archive" -O "$work/torchsharp.tar.gz" || fail "download failed: $torchsharp_archive ($hint)"
    fi
    mkdir "$work/src"
    tar -xzf "$work/torchsharp.tar.gz" -C "$work/src" --strip-components=1 || fail "$torchsharp_archive: not a tar.gz archive"
    sources="$work/src"
  fi
  local actual
  actual="$(native_tree_checksum "$sources")"
  [[ "$actual" == "$native_tree_sha256" ]] \
    || fail "$sources/src/Native has checksum $actual, not TorchSharp 0.107.0's $native_tree_sha256: other sources would not match TorchSharp.dll 0.107.0"
}

if [[ -n "$export_to" ]]; then
  obtain_sources
  mkdir -p "$export_to/src"
  cp -r "$sources/src/Native" "$export_to/src/"
  exit 0
fi
[[ -n "$torch" ]] || { echo "torch-bridge: name the PyTorch folder (.../site-packages/torch)" >&2; exit 2; }

[[ -d "$torch" ]] || fail "$torch: no such folder"
torch="$(cd "$torch" && pwd -P)"
[[ -d "$torch/torch/lib" ]] && torch="$torch/torch"
[[ -f "$torch/lib/libtorch_cpu.so" ]] || fail "$torch: not a PyTorch package folder (no lib/libtorch_cpu.so)"
config="$torch/share/cmake/Torch/TorchConfig.cmake"
[[ -f "$config" && -d "$torch/include/ATen" ]] \
  || fail "$torch: this PyTorch has no C++ development files (share/cmake/Torch/TorchConfig.cmake and include/); pip's and conda's torch packages have them, Debian's python3-torch does not"
version="$(sed -n "s/^__version__ = '\(.*\)'.*/\1/p" "$torch/version.py" 2>/dev/null || true)"
[[ -n "$version" ]] || fail "$torch/version.py: no __version__, cannot tell which PyTorch this is"
major_minor="$(cut -d. -f1,2 <<<"${version%%+*}")"
if ! awk -v v="$major_minor" 'BEGIN { split(v, p, "."); exit !(p[1] > 2 || (p[1] == 2 && p[2] >= 10)) }'; then
  fail "PyTorch $version at $torch is too old: TorchSharp 0.107's bridge calls libtorch 2.10's C++ API (known to work: $known_good)"
fi
[[ " $known_good " == *" $major_minor "* ]] \
  || echo "torch-bridge: PyTorch $version has not been tried with TorchSharp 0.107 (known to work: $known_good); building anyway" >&2

if [[ -n "$patch_file" ]]; then
  [[ -f "$patch_file" ]] || fail "--patch $patch_file: no such file"
  patch_file="$(cd "$(dirname "$patch_file")" && pwd -P)/$(basename "$patch_file")"
fi
if [[ -n "$log" ]]; then
  mkdir -p "$(dirname "$log")"
  log="$(cd "$(dirname "$log")" && pwd -P)/$(basename "$log")"
fi

cache="${XDG_CACHE_HOME:-$HOME/.cache}/gatedlif/torch-bridge"
key="$(printf '%s\n' "$torchsharp_commit" "$torch" "$version" "$(stat -c '%s %Y' "$torch/lib/libtorch_cpu.so")" \
  "$([[ -n "$patch_file" ]] && sha256sum < "$patch_file" | cut -d' ' -f1)" | sha256sum | cut -c1-16)"
bridge="$cache/$key/libLibTorchSharp.so"
if [[ -f "$bridge" ]]; then
  echo "$bridge"
  exit 0
fi

obtain_sources
if [[ -n "$patch_file" ]]; then
  # The checked tree stays as it is (it may be a read-only checkout): the patch goes onto a copy.
  mkdir -p "$work/patched/src"
  cp -r "$sources/src/Native" "$work/patched/src/"
  sources="$work/patched"
  if command -v patch >/dev/null; then
    patch -p1 --batch --forward -d "$sources" < "$patch_file" >&2 || fail "--patch $patch_file does not apply to TorchSharp 0.107.0's src/Native"
  elif command -v git >/dev/null; then
    git -C "$sources" apply -p1 "$patch_file" >&2 || fail "--patch $patch_file does not apply to TorchSharp 0.107.0's src/Native"
  else
    fail "--patch needs patch or git, and this machine has neither"
  fi
  echo "torch-bridge: applied $patch_file" >&2
fi

log="${log:-$work/build.log}"
: > "$log"
keep_log() {
  mkdir -p "$cache"
  [[ "$log" == "$work/"* ]] && cp "$log" "$cache/build-failure.log" && log="$cache/build-failure.log"
  return 0
}
# The compiler's own "file:line:column: error:" lines first; the build tool's summary otherwise.
first_errors() {
  grep -m 20 -E ':[0-9]+(:[0-9]+)?: (fatal )?error' "$log" >&2 \
    || grep -m 20 -E 'error|Error' "$log" >&2 || tail -n 40 "$log" >&2
}
# nvcc on PATH wherever the toolkit is, for the CMake route's CUDA discovery (CUDA_HOME alone does not reach it).
cuda_home="${CUDA_HOME:-${CUDA_PATH:-/usr/local/cuda}}"
[[ -x "$cuda_home/bin/nvcc" ]] && export PATH="$cuda_home/bin:$PATH"
mkdir -p "$work/build"

# The source files TorchSharp's CMakeLists builds (the folder holds one more that it leaves out).
listed_sources() {
  awk '/set\(SOURCES/ { on = 1; next }
       on { done = sub(/\).*/, ""); for (i = 1; i <= NF; i++) if ($i ~ /\.(c|cpp)$/) print $i; if (done) exit }' \
    "$sources/src/Native/LibTorchSharp/CMakeLists.txt"
}

# The defines a Torch CMake target would hand on: TORCH_CXX_FLAGS (the libstdc++ ABI) and the plain
# INTERFACE_COMPILE_DEFINITIONS of its Caffe2 targets (USE_DISTRIBUTED, USE_C10D_NCCL, ...).
torch_defines() {
  local abi
  abi="$(sed -n 's/.*TORCH_CXX_FLAGS "[^"]*-D_GLIBCXX_USE_CXX11_ABI=\([01]\).*/\1/p' "$config" | tail -n1)"
  echo "-D_GLIBCXX_USE_CXX11_ABI=${abi:-1}"
  sed -n 's/^ *INTERFACE_COMPILE_DEFINITIONS "\([^"$]*\)".*/\1/p' "$torch/share/cmake/Caffe2/Caffe2Targets.cmake" 2>/dev/null \
    | tr ';' '\n' | sed '/^$/d' | LC_ALL=C sort -u | sed 's/^/-D/'
}

build_direct() {
  local cxx="${CXX:-c++}" cc="${CC:-cc}" native="$sources/src/Native/LibTorchSharp" file
  command -v "$cxx" >/dev/null || fail "a C++17 compiler is needed to build the bridge: no $cxx (Debian: apt-get install g++; or set CXX)"
  local c_compiler=("$cc")
  command -v "$cc" >/dev/null || c_compiler=("$cxx" -x c)
  local files=() defines=()
  mapfile -t files < <(listed_sources)
  ((${#files[@]} > 0)) || fail "$native/CMakeLists.txt names no source files"
  mapfile -t defines < <(torch_defines)
  # TorchSharp's CMakeLists: Release (-O3 -DNDEBUG), C++17, position-independent, hidden symbols but the exports,
  # its own defines; -w for the reason above (warnings as errors there).
  local flags=(-O3 -DNDEBUG -fPIC -fvisibility=hidden -fstack-protector-strong -w -D_NO_ASYNCRTIMP -D_NO_PPLXIMP
    -D__LINUX__ "${defines[@]}" -I"$torch/include" -I"$torch/include/torch/csrc/api/include" -I"$native")
  echo "torch-bridge: compiling ${#files[@]} files against $torch/include with $cxx ($jobs jobs; minutes): ${defines[*]}" >&2
  mkdir -p "$work/obj"
  compile_one() {
    local name="$1" start=$SECONDS status=0 compiler=("$cxx" -std=c++17)
    [[ "$name" == *.c ]] && compiler=("${c_compiler[@]}")
    "${compiler[@]}" "${flags[@]}" -c "$native/$name" -o "$work/obj/$name.o" > "$work/obj/$name.log" 2>&1 || status=$?
    ((status == 0)) || : > "$work/obj/$name.failed"
    { cat "$work/obj/$name.log"; echo "torch-bridge: $name: $((SECONDS - start)) s$( ((status == 0)) || echo ', FAILED')"; } >> "$log"
  }
  for file in "${files[@]}"; do
    while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
    compile_one "$file" &
  done
  wait
  local failed=()
  for file in "${files[@]}"; do [[ -f "$work/obj/$file.failed" ]] && failed+=("$file"); done
  if ((${#failed[@]} > 0)); then
    keep_log
    first_errors
    fail "building the bridge against PyTorch $version failed: ${#failed[@]} of ${#files[@]} files did not compile (${failed[*]}; first errors above; the whole log: $log)"
  fi
  # As TORCH_LIBRARIES links them: torch, torch_cpu and c10, and for a CUDA build torch_cuda and c10_cuda, kept
  # even though no symbol of theirs is used (their loading registers the CUDA backend). The CUDA wheels' own
  # libraries (nvidia/*/lib) are there for the linker to follow; the bridge finds TORCH's lib/ through its RPATH.
  local libraries=(-ltorch -ltorch_cpu -lc10) folder follow=()
  [[ -f "$torch/lib/libtorch_cuda.so" ]] && libraries+=(-ltorch_cuda)
  [[ -f "$torch/lib/libc10_cuda.so" ]] && libraries+=(-lc10_cuda)
  for folder in "$(dirname "$torch")"/nvidia/*/lib; do
    [[ -d "$folder" ]] && follow+=("-Wl,-rpath-link,$folder")
  done
  local objects=()
  for file in "${files[@]}"; do objects+=("$work/obj/$file.o"); done
  echo "torch-bridge: linking against ${libraries[*]}" >&2
  if ! "$cxx" -shared -o "$work/build/libLibTorchSharp.so" "${objects[@]}" \
      -Wl,-Bsymbolic -Wl,--build-id=sha1 -L"$torch/lib" -Wl,-rpath,"$torch/lib" "${follow[@]}" \
      -Wl,--no-as-needed "${libraries[@]}" -Wl,--as-needed >>"$log" 2>&1; then
    keep_log
    tail -n 20 "$log" >&2
    fail "linking the bridge against PyTorch $version failed (above; the whole log: $log)"
  fi
}

build_cmake() {
  command -v cmake >/dev/null || fail "--cmake: CMake is needed (Debian: apt-get install cmake)"
  # TorchSharp's CMakeLists treats warnings as errors; -w keeps another compiler's warnings on PyTorch's headers
  # from stopping the build.
  local cmake_args=(-DCMAKE_BUILD_TYPE=Release -DLIBTORCH_PATH="$torch/share/cmake/Torch" -DCMAKE_C_FLAGS=-w -DCMAKE_CXX_FLAGS=-w)
  # find_package(Torch PATHS ...) searches its PATHS after the system's folders, so a system libtorch (Debian's
  # libtorch-dev: /usr/lib/x86_64-linux-gnu/cmake/Torch) would win: name this PyTorch's config outright.
  # $torch/share/cmake is what this PyTorch's torch.utils.cmake_prefix_path says.
  cmake_args+=("-DTorch_DIR=$torch/share/cmake/Torch" "-DCMAKE_PREFIX_PATH=$torch/share/cmake")
  # The build keeps going past a file that fails, so one build shows every file a newer libtorch breaks.
  local keep_going=(-k)
  if command -v ninja >/dev/null; then
    cmake_args+=(-G Ninja)
    keep_going=(-k 0)
  fi
  if [[ -f "$torch/lib/libtorch_cuda.so" ]]; then
    local nvcc
    nvcc="$(command -v nvcc)" \
      || fail "--cmake: PyTorch $version is a CUDA build, and its CMake files need the CUDA toolkit (nvcc), found neither in $cuda_home nor on PATH: install it, set CUDA_HOME, or build without --cmake"
    cmake_args+=("-DCMAKE_CUDA_COMPILER=$nvcc" "-DCUDAToolkit_ROOT=$(dirname "$(dirname "$nvcc")")")
  fi

  echo "torch-bridge: configuring against PyTorch $version at $torch" >&2
  if ! (cd "$work/build" && cmake "$sources/src/Native" "${cmake_args[@]}") >>"$log" 2>&1; then
    keep_log
    grep -m 20 -E 'CMake Error|error' "$log" >&2 || tail -n 40 "$log" >&2
    fail "configuring the bridge's build against PyTorch $version failed (above; the whole log: $log; without --cmake the build needs no configuring)"
  fi
  local found_dir found_version
  found_dir="$(sed -n 's/^Torch_DIR:[A-Z]*=//p' "$work/build/CMakeCache.txt" 2>/dev/null | head -n1)"
  found_version="$(sed -n 's/^ *set(PACKAGE_VERSION "\([^"]*\)").*/\1/p' "$found_dir/TorchConfigVersion.cmake" 2>/dev/null | head -n1)"
  echo "torch-bridge: CMake found Torch ${found_version:-of unknown version} at ${found_dir:-nowhere}" >&2
  [[ -n "$found_dir" && "$(readlink -f "$found_dir")" == "$(readlink -f "$torch/share/cmake/Torch")" ]] \
    || { keep_log; fail "CMake found Torch at ${found_dir:-nowhere}, not $torch/share/cmake/Torch: another libtorch would be built against (the whole log: $log)"; }
  [[ "${found_version%%+*}" == "${version%%+*}" ]] \
    || { keep_log; fail "CMake found Torch ${found_version:-of unknown version} at $found_dir, but $torch/version.py says $version: refusing to build against a mismatched libtorch"; }

  echo "torch-bridge: building libLibTorchSharp.so against PyTorch $version ($jobs jobs; minutes)" >&2
  if ! (cd "$work/build" && cmake --build . --target LibTorchSharp -j "$jobs" -- "${keep_going[@]}") >>"$log" 2>&1; then
    keep_log
    first_errors
    fail "building the bridge against PyTorch $version failed (first errors above; the whole log: $log)"
  fi
}

build_start=$SECONDS
"build_$route"
built="$(find "$work/build" -name libLibTorchSharp.so -print -quit)"
[[ -n "$built" ]] || fail "the build ended without libLibTorchSharp.so"
echo "torch-bridge: built in $((SECONDS - build_start)) s" >&2
mkdir -p "$cache/$key"
cp "$built" "$bridge.tmp.$$"
mv "$bridge.tmp.$$" "$bridge"
echo "$version" > "$cache/$key/torch-version"
echo "$torch" > "$cache/$key/torch-path"
echo "$bridge"
