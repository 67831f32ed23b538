"""Local (not CI): runs the reference's own train.py (commit f70ee6c, the last whose backward pass works) on the CPU
with Debian's PyTorch 1.13 and torchvision 0.14, for comparing its Train Epoch lines with scripts/gatedlif's.

    /usr/bin/python3 tests/parity/reference_train_run.py --workdir DIR -- <train.py arguments>

The reference's files are read from the mirror into DIR/code (not into this repository); train.py runs with DIR as
its working folder (its ./log, ./summaries, ./raw go there). Stand-ins: SpikingJelly's SeqToANNContainer
(reference_code.py), tensorboardX's SummaryWriter (writes nothing), and torchvision's CIFAR file check (the
data are not the official files).
"""
import argparse
import os
import runpy
import sys
import types

import reference_code

COMMIT = "f70ee6c"
FILES = ["train.py", "data_builder.py", "data/autoaugment.py", "networks_for_CIFAR.py", "networks_for_ImageNet.py",
         "utils.py", "layers.py", "blocks.py", "schedulers.py", "Regularization.py"]


class SummaryWriter:
    def __init__(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirror", default="/work/.mirror/CAS-CLab+Gated-LIF/repo")
    parser.add_argument("--workdir", required=True)
    parser.add_argument("train_args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    code = os.path.join(os.path.abspath(args.workdir), "code")
    reference_code.export(args.mirror, COMMIT, FILES, code)
    reference_code.trust_cifar_files()
    tensorboardx = types.ModuleType("tensorboardX")
    tensorboardx.SummaryWriter = SummaryWriter
    sys.modules["tensorboardX"] = tensorboardx
    os.chdir(args.workdir)
    sys.argv = ["train.py"] + [a for a in args.train_args if a != "--"]
    runpy.run_path(os.path.join(code, "train.py"), run_name="__main__")


if __name__ == "__main__":
    main()
