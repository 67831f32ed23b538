"""Local (not CI): per-layer spike statistics of the golden checkpoint, counted with PyTorch forward hooks on the
reference's own model, written as the fixture tests/GatedLif.Tests/Fixtures/golden_spike_stats.json that
SpikeStatisticsGoldenTests compares ours with.

    /usr/bin/python3 tests/parity/golden_spike_stats.py [--mirror /work/.mirror/CAS-CLab+Gated-LIF/repo]

The reference's layers.py, blocks.py and networks_for_CIFAR.py are read from the mirror's HEAD into a temporary
folder (not copied into this repository), with SpikingJelly's SeqToANNContainer stubbed. ResNet_18_stand_CW (T = 2,
soft gates, 10 classes) loads ../shared/golden/r18cw-CIFAR10-step2.pth.tar and evaluates the 300 golden test images
(ToTensor, Normalize as train.py's CIFAR-10 test transform). Hooks count, independently of our code:
- on every LIFSpike_CW: spikes per step, and per (sample, neuron) whether it fired at no step / at every step;
- on every Conv2d and Linear: whether each sample's input is all 0/1, its synaptic operations as the sum of a
  convolution of the input with an all-ones kernel (one output channel per group, times the group's output
  channels), which is every input value times the outputs it reaches, and the dense MACs (output values x weights
  per output).
"""
import argparse
import json
import os
import pickle
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import reference_code

T = 2


def per_sample(x):
    """[T*B, ...] (a SeqToANNContainer's input) or [T, B, ...] (the plain Sequential head) as [T, B, -1]."""
    if x.dim() == 3 and x.shape[0] == T:
        return x.reshape(T, x.shape[1], -1)
    return x.reshape(T, x.shape[0] // T, -1)


def main():
    parser = argparse.ArgumentParser()
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--mirror", default="/work/.mirror/CAS-CLab+Gated-LIF/repo")
    parser.add_argument("--golden", default=os.path.join(repo, "..", "shared", "golden"))
    parser.add_argument("--out", default=os.path.join(repo, "tests", "GatedLif.Tests", "Fixtures", "golden_spike_stats.json"))
    parser.add_argument("--batch-size", type=int, default=50)
    args = parser.parse_args()
    torch.set_grad_enabled(False)

    reference_code.load(args.mirror, ["layers.py", "blocks.py", "networks_for_CIFAR.py"], tempfile.mkdtemp(prefix="golden-spike-stats-"))
    import layers  # noqa: E402 (from the mirror)
    import networks_for_CIFAR as nets  # noqa: E402

    lif = {"gate": [0.6, 0.8, 0.6], "param": [nets.tau, nets.Vth, nets.linear_decay, nets.conduct], "t": T,
           "static_gate": False, "static_param": False, "time_wise": False, "soft_mode": True}
    model = nets.ResNet_18_stand_CW(lif_param=lif, input_size=32, n_class=10)
    checkpoint = torch.load(os.path.join(args.golden, "r18cw-CIFAR10-step2.pth.tar"), map_location="cpu")
    model.load_state_dict(checkpoint["state_dict"], strict=True)
    model.eval()

    neurons, synapses, order = {}, {}, []

    def neuron_hook(name):
        def hook(module, inputs, output):
            s = neurons.setdefault(name, {"samples": 0, "neuron_samples": 0, "spikes": np.zeros(T), "never": 0, "always": 0})
            flat = output.reshape(T, output.shape[1], -1).double()
            s["samples"] += flat.shape[1]
            s["neuron_samples"] += flat.shape[1] * flat.shape[2]
            s["spikes"] += flat.sum(dim=(1, 2)).numpy()
            count = flat.sum(0)
            s["never"] += int((count == 0).sum())
            s["always"] += int((count == T).sum())
        return hook

    def synapse_hook(name):
        def hook(module, inputs, output):
            x = inputs[0]
            s = synapses.setdefault(name, {"samples": 0, "ann_macs": 0.0, "sops": 0.0, "macs": 0.0, "spike_samples": 0})
            rows = per_sample(x)
            samples = rows.shape[1]
            spike = ((rows == 0) | (rows == 1)).all(dim=2).all(dim=0)
            weights_per_output = module.weight[0].numel()
            items = rows.shape[0] * samples
            macs_per_item = output.numel() / items * weights_per_output
            if isinstance(module, nn.Conv2d):
                g = module.groups
                ones = torch.ones(g, module.in_channels // g, *module.kernel_size, dtype=torch.float64)
                reach = F.conv2d(x.double(), ones, None, module.stride, module.padding, module.dilation, g)
                per_item = reach.sum(dim=(1, 2, 3)) * (module.out_channels // g)
            else:
                per_item = x.double().reshape(items, -1).sum(1) * module.out_features
            sops = per_item.reshape(T, samples).sum(0)
            s["samples"] += samples
            s["ann_macs"] += macs_per_item * samples
            s["sops"] += float(sops[spike].sum())
            s["macs"] += macs_per_item * T * int((~spike).sum())
            s["spike_samples"] += int(spike.sum())
        return hook

    for name, module in model.named_modules():
        if isinstance(module, (layers.LIFSpike_CW, layers.LIFSpike)):
            module.register_forward_hook(neuron_hook(name))
            order.append(name)
        elif isinstance(module, (nn.Conv2d, nn.Linear)):
            module.register_forward_hook(synapse_hook(name))
            order.append(name)

    batch = pickle.load(open(os.path.join(args.golden, "cifar", "cifar-10-batches-py", "test_batch"), "rb"), encoding="latin1")
    images = torch.from_numpy(np.asarray(batch["data"], dtype=np.uint8).reshape(-1, 3, 32, 32)).float().div(255)
    mean = torch.tensor((0.4914, 0.4822, 0.4465)).view(1, 3, 1, 1)
    std = torch.tensor((0.247, 0.243, 0.261)).view(1, 3, 1, 1)
    images = (images - mean) / std
    labels = torch.tensor(batch["labels"])
    loss, correct = 0.0, 0
    for start in range(0, len(labels), args.batch_size):
        logits = model(images[start:start + args.batch_size])
        y = labels[start:start + args.batch_size]
        loss += float(F.cross_entropy(logits, y, reduction="sum"))
        correct += int((logits.argmax(1) == y).sum())
    print(f"loss {loss / len(labels):.6f}, top-1 {correct / len(labels):.6f} (r18cw.json: 3.044587, 0.096667)")

    out = []
    for name in order:
        if name in neurons:
            s = neurons[name]
            out.append({"layer": name, "neurons": s["neuron_samples"] // s["samples"],
                        "spikes_per_step": (s["spikes"] / s["samples"]).tolist(),
                        "firing_rate": float(s["spikes"].sum() / (s["neuron_samples"] * T)),
                        "never_fired": s["never"] / s["neuron_samples"], "always_fired": s["always"] / s["neuron_samples"]})
        else:
            s = synapses[name]
            out.append({"layer": name, "ann_macs": s["ann_macs"] / s["samples"], "sops": s["sops"] / s["samples"],
                        "macs": s["macs"] / s["samples"], "spike_input": s["spike_samples"] / s["samples"]})
    document = {
        "source": "tests/parity/golden_spike_stats.py: PyTorch " + torch.__version__ + " forward hooks on the reference's "
                  "ResNet_18_stand_CW with r18cw-CIFAR10-step2.pth.tar, T = 2, the 300 golden test images; every number per sample",
        "samples": int(len(labels)), "time_steps": T, "loss": loss / len(labels), "layers": out,
    }
    with open(args.out, "w") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    print(f"wrote {args.out}: {len(out)} layers")
    for row in out:
        print(row["layer"], row.get("firing_rate", ""), row.get("sops", ""), row.get("macs", ""))


if __name__ == "__main__":
    main()
