# Sourced by scripts/gatedlif, demo.sh and test.sh: which libtorch the build runs on (see docs/articles/gpu-builds.md).
#
# GATEDLIF_TORCH=cpu                NuGet's CPU libtorch 2.10 (the default without a GPU)
# GATEDLIF_TORCH=cuda               NuGet's CUDA 12.8 libtorch 2.10 (the default when nvidia-smi lists a GPU)
# GATEDLIF_TORCH=/path/to/torch     an installed PyTorch's libtorch (.../site-packages/torch), through a bridge
#                                   built by scripts/torch-bridge.sh (GATEDLIF_TORCHSHARP_SRC: its sources offline)
# Unset, the backend of the last successful build is kept, so a later source edit rebuilds the same backend.
#
# torch_backend_resolve sets torch_choice (cpu, cuda or the PyTorch folder), torch_backend (cpu|cuda|local),
# torch_backend_key (what the build stamp records), torch_build_props (the MSBuild properties) and torch_bin (the
# Release output folder of the command line, where the build stamp lives).

torch_backend_record="$root/src/GatedLif.Cli/obj/.gatedlif-torch"

torch_backend_choice() {
  if [[ -n "${GATEDLIF_TORCH:-}" ]]; then
    echo "$GATEDLIF_TORCH"
  elif [[ -f "$torch_backend_record" ]]; then
    cat "$torch_backend_record"
  elif command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L 2>/dev/null | grep -q '^GPU '; then
    echo cuda
  else
    echo cpu
  fi
}

torch_backend_resolve() {
  local choice
  choice="$(torch_backend_choice)"
  torch_build_props=()
  case "$choice" in
    cpu)
      torch_choice=cpu
      torch_backend=cpu
      torch_backend_key=cpu
      torch_bin="$root/src/GatedLif.Cli/bin/Release/net10.0"
      ;;
    cuda)
      torch_choice=cuda
      torch_backend=cuda
      torch_backend_key=cuda
      torch_build_props=(-p:GatedLifTorch=cuda)
      torch_bin="$root/src/GatedLif.Cli/bin/cuda/Release/net10.0"
      ;;
    /*|./*|../*)
      local bridge
      [[ -d "$choice" ]] && choice="$(cd "$choice" && pwd -P)"
      [[ -d "$choice/torch/lib" ]] && choice="$choice/torch"
      bridge="$("$root/scripts/torch-bridge.sh" "$choice")" || return 1
      torch_backend=local
      torch_backend_key="local $bridge"
      torch_choice="$choice"
      torch_build_props=(-p:GatedLifTorch=local "-p:TorchBridge=$bridge")
      torch_bin="$root/src/GatedLif.Cli/bin/local/Release/net10.0"
      ;;
    *)
      echo "GATEDLIF_TORCH=$choice: expected cpu, cuda or the path of an installed PyTorch (.../site-packages/torch)" >&2
      return 2
      ;;
  esac
}

# The local backend's process must find that PyTorch's libtorch before any other: TorchSharp first loads
# "torch_cpu" by name, which would otherwise pick up a system libtorch (Debian's libtorch-dev has one).
torch_backend_runtime_env() {
  if [[ "$torch_backend" == local ]]; then
    export LD_LIBRARY_PATH="$torch_choice/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
}

# After a successful build: the stamp records its backend, and the backend is remembered for the runs that do not
# name one.
torch_backend_built() {
  echo "$torch_backend_key" > "$torch_bin/.gatedlif-build-stamp"
  mkdir -p "$(dirname "$torch_backend_record")"
  echo "$torch_choice" > "$torch_backend_record"
}

# A build error that comes from the CUDA package not being served, said in one line after dotnet's own errors.
torch_backend_explain_failure() {
  local log="$1"
  if [[ "$torch_backend" == cuda ]] && grep -qiE 'NU110[0-9].*libtorch-cuda' "$log"; then
    echo "gatedlif: the CUDA build needs NuGet's libtorch-cuda-12.8-linux-x64 2.10.0.0 (24 packages, several GB), which your NuGet feeds do not serve (errors above); use GATEDLIF_TORCH=cpu, or GATEDLIF_TORCH=/path/to/site-packages/torch to run on an installed PyTorch's libtorch (docs/articles/gpu-builds.md)" >&2
  fi
}
