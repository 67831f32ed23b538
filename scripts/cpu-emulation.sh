# Sourced by scripts/test.sh (and usable by hand): caps the instruction sets that libtorch, its libraries and .NET
# pick kernels by, so that one machine runs what a machine with less would run (docs/articles/testing.md).
#
#   native     nothing capped: the kernels this processor's widest instructions allow
#   avx2       an AVX2 machine without AVX-512 (AMD Zen 2/3, Intel Haswell to Alder Lake): ATen's avx2 kernels,
#              oneDNN and MKL up to AVX2, .NET without AVX-512 (Vector512 off; Vector<float> stays 8 wide)
#   baseline   an x86-64 machine with SSE4.2 but no AVX: ATen's default kernels, oneDNN SSE4.1, MKL SSE4.2, .NET
#              without AVX (Vector256 off, Vector<float> 4 wide)
#
# cpu_emulation_apply CHOICE exports the variables of CHOICE and unsets those of the others, so a choice left in
# the environment by an earlier command never leaks into this one; cpu_emulation_describe prints what is in force.
# .NET 10 reads DOTNET_EnableAVX512 (DOTNET_EnableAVX512F, which older runtimes read, no longer has any effect);
# both are set.

cpu_emulation_choices=(native avx2 baseline)
cpu_emulation_variables=(ATEN_CPU_CAPABILITY ONEDNN_MAX_CPU_ISA MKL_ENABLE_INSTRUCTIONS DOTNET_EnableAVX512
  DOTNET_EnableAVX512F DOTNET_EnableAVX2 DOTNET_EnableAVX GATEDLIF_CPU)

# Whether this processor has the instructions CHOICE keeps: a cap can only take instructions away.
cpu_emulation_possible() {
  case "$1" in
    native|baseline) grep -qw sse4_2 /proc/cpuinfo || [[ "$1" == native ]] ;;
    avx2) grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo ;;
    *) return 1 ;;
  esac
}

cpu_emulation_apply() {
  local choice="$1" v
  for v in "${cpu_emulation_variables[@]}"; do unset "$v"; done
  case "$choice" in
    native) ;;
    avx2)
      export ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2 \
        DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 ;;
    baseline)
      export ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=SSE41 MKL_ENABLE_INSTRUCTIONS=SSE4_2 \
        DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 DOTNET_EnableAVX2=0 DOTNET_EnableAVX=0 ;;
    *)
      echo "--cpu $choice: expected one of ${cpu_emulation_choices[*]} (or all)" >&2
      return 2 ;;
  esac
  # The tests read the choice to know which machine they stand on (docs/articles/testing.md).
  export GATEDLIF_CPU="$choice"
}

cpu_emulation_describe() {
  local v set=()
  for v in "${cpu_emulation_variables[@]}"; do
    [[ "$v" != GATEDLIF_CPU && -n "${!v:-}" ]] && set+=("$v=${!v}")
  done
  local model
  model="$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  case "$GATEDLIF_CPU" in
    native) echo "CPU choice native: this processor's own kernels ($model), nothing capped" ;;
    avx2) echo "CPU choice avx2: emulates an AVX2 machine without AVX-512 on $model: ${set[*]}" ;;
    baseline) echo "CPU choice baseline: emulates an SSE4.2 machine without AVX on $model: ${set[*]}" ;;
  esac
}
