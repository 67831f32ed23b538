#!/usr/bin/env bash
# Starts a multi-process (multi-GPU, multi-node) job as torchrun does: see 'scripts/launch.sh --help'.
exec "$(dirname "${BASH_SOURCE[0]}")/gatedlif" launch "$@"
