"""The reference's own model code for the local parity scripts (not CI): its modules are read from HEAD of a
mirror of CAS-CLab/Gated-LIF (a bare git dir) into a folder outside this repository, and SpikingJelly 0.0.0.0.10 is
replaced by its SeqToANNContainer, transcribed, and import-only stand-ins for the neurons and surrogate that
cifar10dvs/smodels.py imports (the models these scripts build do not use them); or, for the PLIF baseline, which
runs SpikingJelly's own neuron, SpikingJelly itself from a mirror of fangwei123456/spikingjelly."""
import os
import subprocess
import sys
import types

import torch.nn as nn


class SeqToANNContainer(nn.Sequential):
    """SpikingJelly 0.0.0.0.10's: a [T, B, ...] sequence through the modules as [T*B, ...]."""

    def forward(self, x_seq):
        y_shape = [x_seq.shape[0], x_seq.shape[1]]
        y_seq = super().forward(x_seq.flatten(0, 1).contiguous())
        y_shape.extend(y_seq.shape[1:])
        return y_seq.view(y_shape)


def install_spikingjelly_stand_in():
    sj = types.ModuleType("spikingjelly")
    cd = types.ModuleType("spikingjelly.clock_driven")
    layer = types.ModuleType("spikingjelly.clock_driven.layer")
    layer.SeqToANNContainer = SeqToANNContainer
    neuron = types.ModuleType("spikingjelly.clock_driven.neuron")
    neuron.MultiStepParametricLIFNode = neuron.MultiStepLIFNode = None
    surrogate = types.ModuleType("spikingjelly.clock_driven.surrogate")
    surrogate.sigmoid = None
    cd.layer, cd.neuron, cd.surrogate = layer, neuron, surrogate
    sj.clock_driven = cd
    for module in (sj, cd, layer, neuron, surrogate):
        sys.modules[module.__name__] = module


# SpikingJelly's commit "update to v10": version 0.0.0.0.10, the one the reference names.
SPIKINGJELLY_COMMIT = os.environ.get("SPIKINGJELLY_COMMIT", "3f7d4ebe3b3159d8b7663ed8d5e27850f8a8b3e6")


def load(mirror, paths, folder, spikingjelly=None):
    """Writes each of <paths> (paths in the reference repository) from the mirror into <folder>, then either installs
    the SpikingJelly stand-in or, given <spikingjelly> (the bare git dir of fangwei123456/spikingjelly), exports its
    spikingjelly/ package at SPIKINGJELLY_COMMIT into <folder>; puts <folder> first on the import path."""
    os.makedirs(folder, exist_ok=True)
    for path in paths:
        text = subprocess.run(["git", "--git-dir", mirror, "show", f"HEAD:{path}"], check=True, capture_output=True).stdout
        with open(os.path.join(folder, os.path.basename(path)), "wb") as file:
            file.write(text)
    if spikingjelly is None:
        install_spikingjelly_stand_in()
    else:
        archive = subprocess.run(["git", "--git-dir", spikingjelly, "archive", SPIKINGJELLY_COMMIT, "spikingjelly"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
    sys.path.insert(0, folder)


def export(mirror, commit, paths, folder):
    """Writes each of <paths> from <commit> of the mirror into <folder>, keeping their folders (data_builder.py
    imports data/autoaugment.py), installs the SpikingJelly stand-in and puts <folder> first on the import path."""
    for path in paths:
        text = subprocess.run(["git", "--git-dir", mirror, "show", f"{commit}:{path}"], check=True, capture_output=True).stdout
        target = os.path.join(folder, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as file:
            file.write(text)
    install_spikingjelly_stand_in()
    sys.path.insert(0, folder)


def trust_cifar_files():
    """torchvision's CIFAR10 checks the official files' MD5 sums and downloads them otherwise; the small CIFAR-layout
    sets these scripts use are not the official files, and nothing is downloaded here."""
    import torchvision.datasets.cifar as cifar
    cifar.check_integrity = lambda *args, **kwargs: True
    cifar.CIFAR10._check_integrity = lambda self: True
    cifar.CIFAR10.download = lambda self: None
