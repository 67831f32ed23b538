"""Local (not CI): runs the reference's own cifar10dvs/train.py (commit f70ee6c, with its smodels.py and layers.py)
on the CPU with Debian's PyTorch 1.13 and torchvision 0.14, on the synthetic frame folder of
reference_loader_fixtures.py, for comparing its per-epoch line with `scripts/gatedlif dvs` on the same folder.

    /usr/bin/python3 tests/parity/reference_dvs_train_run.py --workdir DIR -- <cifar10dvs/train.py arguments>

The frames go to DIR/data (pass `-data_dir DIR/data` to ours), the reference's split pickles to DIR/cache (made
first, so main() runs as a second run does, with RandomCrop), its checkpoints under DIR/out. The stand-ins are those
of the fixture script; the model is the reference's own and really trains. Each training step's loss and top-1 are
printed as `step N: loss=…, acc=…`.
"""
import argparse
import os
import sys

import torch
import torch.nn.functional as F

import reference_code
import reference_loader_fixtures as fixtures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirror", default="/work/.mirror/CAS-CLab+Gated-LIF/repo")
    parser.add_argument("--workdir", required=True)
    parser.add_argument("train_args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    train_args = [a for a in args.train_args if a != "--"]
    work = os.path.abspath(args.workdir)
    T = int(train_args[train_args.index("-T") + 1]) if "-T" in train_args else 16
    data, cache = os.path.join(work, "data"), os.path.join(work, "cache")
    code = os.path.join(work, "code")
    reference_code.export(args.mirror, fixtures.COMMIT,
                          ["cifar10dvs/train.py", "cifar10dvs/smodels.py", "cifar10dvs/layers.py"], code)
    sys.path.insert(0, os.path.join(code, "cifar10dvs"))
    fixtures.install_dvs_stand_ins()
    train, _, _ = fixtures.prepare_second_run(data, cache, T)

    step = [0]
    real = F.cross_entropy

    def cross_entropy(output, label, *a, **k):
        loss = real(output, label, *a, **k)
        if torch.is_grad_enabled() and output.requires_grad:
            step[0] += 1
            acc = (output.argmax(1) == label).float().mean().item()
            print(f"step {step[0]}: loss={loss.item():.6f}, acc={acc:.6f}", flush=True)
        return loss

    F.cross_entropy = cross_entropy
    sys.argv = ["train.py", *train_args, "-data_dir", data, "-dts_cache", cache, "-out_dir", os.path.join(work, "out")]
    train.main()


if __name__ == "__main__":
    main()
