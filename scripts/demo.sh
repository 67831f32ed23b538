#!/usr/bin/env bash
# The demo: trains a GLIF network on Fashion-MNIST (Debian's dataset-fashion-mnist, converted to the CIFAR-10
# python layout: zero-padded to 32x32, grey copied to R, G, B) through the same command line as train.py, and
# reports the test top-1. Installs what it needs on a fresh Debian 12 machine with the .NET SDK. Runs on the libtorch
# GATEDLIF_TORCH chooses (scripts/torch-backend.sh: a CUDA build where nvidia-smi lists a GPU, else the CPU one).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${DEMO_DIR:-$root/demo-run}"
train_images="${DEMO_TRAIN_IMAGES:-10000}"
test_images="${DEMO_TEST_IMAGES:-2000}"
start=$(date +%s)

if [[ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz || ! -d /usr/share/fonts/truetype/dejavu ]] \
   || [[ -z "$(ldconfig -p | grep libjemalloc.so.2 || true)" ]]; then
  echo "demo: installing Debian's libjemalloc2 (the launcher's allocator), dataset-fashion-mnist and fonts-dejavu-core with fontconfig-config (the figures' font, found by name)" >&2
  source "$root/scripts/debian-packages.sh"
  debian_install libjemalloc2 dataset-fashion-mnist fonts-dejavu-core fontconfig-config
fi

mkdir -p "$work"
cd "$work"
# A fresh run each time: an earlier run's checkpoints would otherwise count as the best so far.
rm -rf raw log train.log summaries figures
"$root/scripts/gatedlif" fashion-mnist --dataset-path ./data --train-limit "$train_images" --test-limit "$test_images"

# A train.py command line (ResNet-18, layer-wise GLIF, T = 1); --width (ours) narrows the network to a quarter
# of its channels so that three epochs fit in minutes on two cores.
"$root/scripts/gatedlif" --stand18 --t 1 --width 0.25 --batch-size 16 --learning-rate 0.1 --epochs 3 \
  --display-interval 100 --dataset-path ./data --no-download --modeltag demo-fmnist | tee train.log

top1=$(grep -o 'Top-1  = [0-9.]*' train.log | tail -1 | awk '{print $3}')
echo "demo: test top-1 = ${top1} on ${test_images} Fashion-MNIST test images, $(( $(date +%s) - start )) s in all"

# Figures of the run (ours): GLIF parameters per layer and over the epochs, training curves.
"$root/scripts/gatedlif" plot --modeltag demo-fmnist --log train.log
echo "demo: figures in $work/figures/demo-fmnist, TensorBoard summaries in $work/summaries/demo-fmnist"
