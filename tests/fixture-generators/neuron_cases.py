"""Writes tests/GatedLif.Tests/Fixtures/neuron_cases.json: GLIF forward spikes and BPTT gradients computed by
PyTorch autograd from the equations of SPEC section 1 (our own transcription, float32, the reference's order of
operations). Run with a Python that has torch (Debian's python3-torch): /usr/bin/python3 neuron_cases.py"""
import json
import math
import os

import torch


class Spike(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(z)
        return torch.gt(z, 0.).float()

    @staticmethod
    def backward(ctx, g):
        (z,) = ctx.saved_tensors
        return g * (z.abs() < 0.5).float()


class StraightThrough(torch.autograd.Function):
    @staticmethod
    def forward(ctx, p):
        return torch.gt(p, 0.5).float()

    @staticmethod
    def backward(ctx, g):
        return g.clone()


def sig(p):
    return p.sigmoid()


def cw_gate(p, soft, static):
    v = p.view(1, -1, 1, 1)
    if static:
        return v.clone().detach().sigmoid() if soft else v.clone().detach().gt(0.).float()
    return v.sigmoid() if soft else StraightThrough.apply(v.sigmoid())


def run_cw(x, P, soft, static):
    T = x.shape[0]
    u = torch.zeros(x.shape[1:])
    o = torch.zeros(x.shape[1:])
    al, be, ga = (cw_gate(P[k], soft, static) for k in ("alpha", "beta", "gamma"))
    c = lambda k: sig(P[k])[None, :, None, None]
    out = []
    for t in range(T):
        cond = sig(P["conduct"][t])[None, :, None, None]
        I = x[t] * (1 - be * (1 - cond))
        u = ((1 - al * (1 - c("tau"))) * u * (1 - ga * o) - (1 - al) * c("leak")) + I - (1 - ga) * c("reVth") * o
        o = Spike.apply(u - c("Vth"))
        out.append(o)
    return torch.stack(out)


def run_lw(x, P, static, static_param=False, time_wise=False):
    T = x.shape[0]
    u = torch.zeros(x.shape[1:])
    o = torch.zeros(x.shape[1:])
    if static:
        al, be, ga = (P[k].clone().detach().gt(0.).float() for k in ("alpha", "beta", "gamma"))
    else:
        al, be, ga = (P[k].sigmoid() for k in ("alpha", "beta", "gamma"))
    out = []
    for t in range(T):
        at = (lambda k: sig(P[k][t])) if time_wise else (lambda k: sig(P[k]))
        cond = sig(P["conduct"]) if static_param else sig(P["conduct"][t])
        I = x[t] * (1 - be * (1 - cond))
        u = ((1 - al * (1 - at("tau"))) * u * (1 - ga * o) - (1 - al) * at("leak")) + I - (1 - ga) * at("reVth") * o
        o = Spike.apply(u - at("Vth"))
        out.append(o)
    return torch.stack(out)


def run_fused(x, P):
    T = x.shape[0]
    u = torch.zeros(x.shape[1:])
    o = torch.zeros(x.shape[1:])
    c = lambda k: sig(P[k])[None, :, None, None]
    out = []
    for t in range(T):
        cond = sig(P["conduct"][t])[None, :, None, None]
        I = x[t] * cond
        u = (c("tau") * u * (1 - o) - c("leak")) + I - c("reVth") * o
        o = Spike.apply(u - c("Vth"))
        out.append(o)
    return torch.stack(out)


def logit(p):
    return -math.log(1 / p - 1)


def params(names_shapes, gen):
    return {k: (torch.randn(s, generator=gen) * 1.5).requires_grad_() for k, s in names_shapes}


def case(name, variant, x, P, fn, gen, settings):
    w = torch.randn(x.shape, generator=gen)
    x = x.clone().requires_grad_()
    o = fn(x, P)
    (o * w).sum().backward()
    grads = {k: (v.grad.flatten().tolist() if v.grad is not None else None) for k, v in P.items()}
    return {
        "name": name, "variant": variant, "settings": settings,
        "shape": list(x.shape), "x": x.detach().flatten().tolist(), "upstream": w.flatten().tolist(),
        "params": {k: {"shape": list(v.shape), "values": v.detach().flatten().tolist()} for k, v in P.items()},
        "spikes": o.detach().flatten().tolist(), "grad_x": x.grad.flatten().tolist(), "grad_params": grads,
    }


def main():
    gen = torch.Generator().manual_seed(2022)
    T, B, C, H, W = 3, 2, 3, 2, 2
    shape = (T, B, C, H, W)
    x = torch.randn(shape, generator=gen) * 0.8 + 0.3
    cw = [("alpha", (C,)), ("beta", (C,)), ("gamma", (C,)), ("tau", (C,)), ("Vth", (C,)), ("leak", (C,)),
          ("reVth", (C,)), ("conduct", (T, C))]
    lw = [("alpha", ()), ("beta", ()), ("gamma", ()), ("tau", ()), ("Vth", ()), ("leak", ()), ("reVth", ()),
          ("conduct", (T,))]
    lw_tw = [("alpha", ()), ("beta", ()), ("gamma", ()), ("tau", (T,)), ("Vth", (T,)), ("leak", (T,)),
             ("reVth", (T,)), ("conduct", (T,))]
    fused = [("gamma", (C,)), ("tau", (C,)), ("Vth", (C,)), ("leak", (C,)), ("reVth", (C,)), ("conduct", (T, C))]
    cases = []
    for soft in (True, False):
        for static in (False, True):
            P = params(cw, gen)
            cases.append(case(f"cw-{'soft' if soft else 'hard'}{'-static' if static else ''}", "ChannelWise", x, P,
                              lambda x, P, s=soft, st=static: run_cw(x, P, s, st), gen,
                              {"SoftMode": soft, "StaticGate": static}))
    for static in (False, True):
        P = params(lw, gen)
        cases.append(case(f"lw{'-static' if static else ''}", "LayerWise", x, P,
                          lambda x, P, st=static: run_lw(x, P, st), gen, {"StaticGate": static}))
    P = params(lw_tw, gen)
    cases.append(case("lw-timewise", "LayerWise", x, P, lambda x, P: run_lw(x, P, False, time_wise=True), gen,
                      {"TimeWise": True}))
    P = params(lw[:3], gen)
    const = {"tau": logit(0.25), "Vth": logit(0.5), "leak": logit(0.0625), "conduct": logit(0.5), "reVth": logit(0.5)}
    full = lambda x, P: run_lw(x, {**P, **{k: torch.tensor(v, dtype=torch.float) for k, v in const.items()}}, False,
                               static_param=True)
    cases.append(case("lw-static-param", "LayerWise", x, P, full, gen, {"StaticParam": True}))
    P = params(fused, gen)
    cases.append(case("glif_f", "Fused", x, P, run_fused, gen, {}))

    # T = 1: only the input and the leak act at the first step; tau, gamma and reVth get zero gradients.
    x1 = torch.randn((1, B, C, H, W), generator=gen) * 0.8 + 0.3
    cw1 = [(k, (1, C) if k == "conduct" else s) for k, s in cw]
    P = params(cw1, gen)
    cases.append(case("cw-soft-T1", "ChannelWise", x1, P, lambda x, P: run_cw(x, P, True, False), gen, {"SoftMode": True}))

    # Surrogate window edges, exactly representable: hard static gates make alpha = 1, beta = gamma = 0, so
    # I_t = x_t, u_t = tau u_{t-1} + x_t - reVth o_{t-1}; Vth = sigma(0) = 0.5.
    edge = torch.tensor([1.0, 0.0, 0.9, 0.1, 0.5, 0.75]).view(1, 1, 6, 1, 1).repeat(3, 1, 1, 1, 1)
    P = {"alpha": torch.full((6,), 2.0), "beta": torch.full((6,), -2.0), "gamma": torch.full((6,), -2.0),
         "tau": torch.full((6,), -50.0), "Vth": torch.zeros(6), "leak": torch.full((6,), 1.0),
         "reVth": torch.full((6,), 50.0), "conduct": torch.zeros(3, 6)}
    P = {k: v.requires_grad_() for k, v in P.items()}
    cases.append(case("window-edges", "ChannelWise", edge, P, lambda x, P: run_cw(x, P, False, True), gen,
                      {"SoftMode": False, "StaticGate": True}))

    out = os.path.join(os.path.dirname(__file__), "..", "GatedLif.Tests", "Fixtures", "neuron_cases.json")
    with open(out, "w") as f:
        json.dump({"generator": "tests/fixture-generators/neuron_cases.py", "torch": torch.__version__,
                   "cases": cases}, f)
    print(f"wrote {len(cases)} cases to {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
