"""Writes tests/GatedLif.Tests/Fixtures/plif_cases.json: forward spikes and BPTT gradients of the parametric LIF
neuron, computed by PyTorch autograd from the equations SpikingJelly 0.0.0.0.10 defines (our own transcription,
float32, its order of operations; docs/articles/cifar10dvs.md): from v = 0,
    h_t = v_{t-1} + (x_t - v_{t-1}) * sigmoid(w);  s_t = H(h_t - 1), H(0) = 1;  v_t = (1 - s_t) * h_t
with s_t detached in the reset when detach_reset, and the sigmoid surrogate
    dH/dz = alpha * sigmoid(alpha z) * (1 - sigmoid(alpha z)), alpha = 4.
Run with a Python that has torch (Debian's python3-torch): /usr/bin/python3 plif_cases.py"""
import json
import math
import os

import torch

ALPHA = 4.0


class Heaviside(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(z)
        return (z >= 0).to(z)

    @staticmethod
    def backward(ctx, g):
        (z,) = ctx.saved_tensors
        s = torch.sigmoid(z * ALPHA)
        return g * ALPHA * s * (1 - s)


def run(x, w, detach_reset):
    k = torch.sigmoid(w)
    v = torch.zeros(x.shape[1:])
    out = []
    for t in range(x.shape[0]):
        h = v + (x[t] - v) * k
        s = Heaviside.apply(h - 1.0)
        r = s.detach() if detach_reset else s
        v = (1.0 - r) * h
        out.append(s)
    return torch.stack(out)


def case(name, x, w0, detach_reset, gen):
    upstream = torch.randn(x.shape, generator=gen)
    x = x.clone().requires_grad_()
    w = torch.tensor(w0, dtype=torch.float32, requires_grad=True)
    o = run(x, w, detach_reset)
    (o * upstream).sum().backward()
    return {
        "name": name, "detach_reset": detach_reset, "shape": list(x.shape), "w": w0,
        "x": x.detach().flatten().tolist(), "upstream": upstream.flatten().tolist(),
        "spikes": o.detach().flatten().tolist(), "grad_x": x.grad.flatten().tolist(), "grad_w": w.grad.item(),
    }


def main():
    gen = torch.Generator().manual_seed(2021)
    shape = (4, 2, 3, 2, 2)
    x = torch.randn(shape, generator=gen) * 1.2 + 0.8
    cases = [
        # tau_0 = 2: w = -log(2 - 1) = -0.0, as SpikingJelly stores it.
        case("init-tau-2", x, -math.log(2.0 - 1.0), True, gen),
        case("learned-w", x, 0.7, True, gen),
        case("reset-attached", x, -0.4, False, gen),
        case("T1", torch.randn((1, 2, 3, 2, 2), generator=gen) * 1.2 + 0.8, 0.3, True, gen),
    ]
    # sigmoid(0) = 0.5 makes the first step's h = x / 2 exact: 2.0 reaches the threshold (H(0) = 1 and the
    # surrogate's peak, alpha / 4 = 1), 1.9990234375 stays below it; a spike resets v to 0 for the second step.
    edge = torch.tensor([[2.0, 1.9990234375, 0.0, 4.0], [2.0, 2.0, 2.0, 0.0]]).view(2, 1, 4, 1, 1)
    cases.append(case("threshold-edge", edge, 0.0, True, gen))

    out = os.path.join(os.path.dirname(__file__), "..", "GatedLif.Tests", "Fixtures", "plif_cases.json")
    with open(out, "w") as f:
        json.dump({"generator": "tests/fixture-generators/plif_cases.py", "torch": torch.__version__, "cases": cases}, f)
    print(f"wrote {len(cases)} cases to {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
