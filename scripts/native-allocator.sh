# Sourced by scripts/gatedlif: which malloc serves libtorch's tensors (docs/articles/speed.md, Memory).
#
# glibc either maps every large tensor afresh (page faults and zeroing each step: up to 2x slower training) or,
# with the CLI's mallopt policy, keeps them in a heap that fragments (up to 2x the live memory at the peak).
# jemalloc, which PyTorch users preload for the same reason, reuses freed memory by size class: the CIFAR10-DVS
# 7B-wideNet at -T 16 -b 8 peaks at about half of the heap policy's memory at the same speed. Freed pages are kept
# (dirty_decay_ms:-1, muzzy_decay_ms:-1) so no step faults them in again; a MALLOC_CONF of your own is kept.
#
#   GATEDLIF_ALLOCATOR=jemalloc   preload Debian's libjemalloc2 (an error where it is missing)
#   GATEDLIF_ALLOCATOR=glibc      glibc with the CLI's policy (GATEDLIF_KEEP_FREED_MEMORY=0: glibc's own)
#   unset                         jemalloc where installed, else glibc with a note on stderr

native_allocator_library() {
  local candidate
  for candidate in /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2 \
      /usr/lib64/libjemalloc.so.2 /usr/lib/libjemalloc.so.2; do
    [[ -f "$candidate" ]] && { echo "$candidate"; return 0; }
  done
  return 1
}

native_allocator_apply() {
  local choice="${GATEDLIF_ALLOCATOR:-}" library
  case "$choice" in
    glibc) return 0 ;;
    jemalloc|"") ;;
    *) echo "gatedlif: GATEDLIF_ALLOCATOR=$choice: expected jemalloc or glibc" >&2; return 2 ;;
  esac
  if ! library="$(native_allocator_library)"; then
    if [[ "$choice" == jemalloc ]]; then
      echo "gatedlif: GATEDLIF_ALLOCATOR=jemalloc, but libjemalloc.so.2 is not installed (Debian: apt-get install libjemalloc2)" >&2
      return 2
    fi
    echo "gatedlif: note: libjemalloc2 is not installed, so tensors are allocated by glibc (peak memory up to 2x; Debian: apt-get install libjemalloc2)" >&2
    return 0
  fi
  case ":${LD_PRELOAD:-}:" in
    *":$library:"*) ;;
    *) export LD_PRELOAD="$library${LD_PRELOAD:+:$LD_PRELOAD}" ;;
  esac
  export MALLOC_CONF="${MALLOC_CONF:-dirty_decay_ms:-1,muzzy_decay_ms:-1}"
}
