"""Local benchmark (not CI): the measurements of `gatedlif bench --device cuda` made with the reference's own model
code on PyTorch, written in the same 'name<TAB>value<TAB>unit' lines, so that scripts/gpu-check.sh can print both
side by side. The reference is read from a folder (a checkout of CAS-CLab/Gated-LIF: layers.py, blocks.py,
networks_for_CIFAR.py, networks_for_ImageNet.py); spikingjelly's SeqToANNContainer is stubbed when spikingjelly is
not installed, and the surrogate's defect of the newest reference commit (SPEC 6.1: the saved tensor read as a
tuple) is fixed so that backward runs.

    python3 tests/parity/gpu_bench_reference.py --reference DIR [--device cuda] [--repeat 5] [--out FILE] [--scale 1]

Measured, each without and with autocast (float16 on CUDA, bfloat16 on the CPU) and, for training, a GradScaler
as train.py's --amp: the reference GLIF layer (LIFSpike_CW, the per-step graph) forward+backward on [6, 16, 128,
32, 32]; a ResNet_18_stand_CW T=2 batch-64 training step (SGD, momentum 0.9), and the float32 step once more with
TF32 off (PyTorch lets cuDNN convolutions use TF32 by default); ResNet_18_stand_CW_MS T=6 evaluation images/s on
224x224 batches of 32 (cross-entropy and top-1/top-5 as train.py's test()). --scale below 1 shrinks batches and
images for a quick run on a CPU. --out gets each measurement as soon as it is made, so a run stopped at its time
limit still leaves what it measured.
"""
import argparse
import os
import sys
import tempfile
import time

import torch
import torch.nn.functional as F

# This script is packed alone for the GPU machine (scripts/gpu-check.sh), so it carries its own copy of the
# SpikingJelly stand-in that the other parity scripts take from reference_code.py.
SEQ_STUB = '''
import torch.nn as nn
class SeqToANNContainer(nn.Sequential):
    def forward(self, x_seq):
        y_shape = [x_seq.shape[0], x_seq.shape[1]]
        y_seq = super().forward(x_seq.flatten(0, 1).contiguous())
        y_shape.extend(y_seq.shape[1:])
        return y_seq.view(y_shape)
'''


def load_reference(folder, stub_root):
    for name in ["layers.py", "blocks.py", "networks_for_CIFAR.py", "networks_for_ImageNet.py"]:
        if not os.path.isfile(os.path.join(folder, name)):
            sys.exit(f"gpu_bench_reference: {folder} has no {name}: name a checkout of CAS-CLab/Gated-LIF")
    try:
        import spikingjelly.clock_driven.layer  # noqa: F401
    except ImportError:
        package = os.path.join(stub_root, "spikingjelly", "clock_driven")
        os.makedirs(package)
        open(os.path.join(stub_root, "spikingjelly", "__init__.py"), "w").close()
        open(os.path.join(package, "__init__.py"), "w").close()
        open(os.path.join(package, "layer.py"), "w").write(SEQ_STUB)
        sys.path.insert(0, stub_root)
    sys.path.insert(0, folder)
    import layers

    def backward(ctx, grad_output):
        input, = ctx.saved_tensors
        return grad_output * (abs(input) < 0.5).float()

    layers.SpikeAct_extended.backward = staticmethod(backward)
    import networks_for_CIFAR
    import networks_for_ImageNet
    return layers, networks_for_CIFAR, networks_for_ImageNet


def lif_param(layers, t):
    # train.py's initial_dict for --soft-mode with the default gates.
    return {'gate': [0.6, 0.8, 0.6], 'param': [layers.tau, layers.Vth, layers.linear_decay, layers.conduct],
            't': t, 'static_gate': False, 'static_param': False, 'time_wise': False, 'soft_mode': True}


class Bench:
    def __init__(self, device, repeat, out):
        self.device, self.repeat, self.out = device, repeat, out
        if out:
            open(out, "w").close()
        self.low = torch.float16 if device.type == 'cuda' else torch.bfloat16

    def sync(self):
        if self.device.type == 'cuda':
            torch.cuda.synchronize(self.device)

    def time(self, action):
        action()
        self.sync()
        times = []
        for _ in range(self.repeat):
            start = time.perf_counter()
            action()
            self.sync()
            times.append(time.perf_counter() - start)
        times.sort()
        n = len(times)
        return times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2

    def autocast(self, amp):
        return torch.autocast(device_type=self.device.type, dtype=self.low, enabled=amp)

    def add(self, name, value, unit, description):
        if self.out:
            with open(self.out, "a") as f:
                f.write(f"{name}\t{value!r}\t{unit}\n")
        print(f"  {description}: {value:.3f} {unit}   [{name}]", flush=True)


def glif_layer(bench, layers, amp, scale):
    generator = torch.Generator().manual_seed(1)
    batch = max(1, int(16 * scale))
    x = torch.empty([6, batch, 128, 32, 32]).normal_(0.5, 0.6, generator=generator).to(bench.device)
    upstream = torch.empty([6, batch, 128, 32, 32]).normal_(0, 1, generator=generator).to(bench.device)
    neuron = layers.LIFSpike_CW(128, **lif_param(layers, 6)).to(bench.device)

    def step():
        inp = x.detach().requires_grad_()
        with bench.autocast(amp):
            out = neuron(inp)
        out.backward(upstream)
        neuron.zero_grad()

    suffix = "_amp" if amp else ""
    bench.add(f"glif{suffix}_ms", bench.time(step) * 1000, "ms",
              f"reference GLIF layer LIFSpike_CW [6,{batch},128,32,32] fwd+bwd{', autocast' if amp else ''}")


def training_step(bench, layers, cifar, amp, scale, suffix="", label=""):
    batch = max(2, int(64 * scale))
    torch.manual_seed(2)
    model = cifar.ResNet_18_stand_CW(lif_param=lif_param(layers, 2), input_size=32, n_class=10).to(bench.device)
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=4e-5)
    scaler = torch.cuda.amp.GradScaler(enabled=amp and bench.device.type == 'cuda')
    images = torch.randn([batch, 3, 32, 32]).to(bench.device)
    labels = torch.randint(10, [batch]).to(bench.device)

    def step():
        # train.py's loop body.
        optimizer.zero_grad()
        with bench.autocast(amp):
            output = model(images)
            loss = F.cross_entropy(output, labels)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()

    bench.add(f"r18cw_t2_b64_step{'_amp' if amp else ''}{suffix}_s", bench.time(step), "s",
              f"reference ResNet_18_stand_CW T=2 batch {batch} training step{', --amp' if amp else ''}{label}")


def evaluation(bench, layers, imagenet, amp, scale):
    batch, size, batches = max(1, int(32 * scale)), max(32, int(224 * scale) // 32 * 32), 4
    torch.manual_seed(3)
    model = imagenet.ResNet_18_stand_CW_MS(lif_param=lif_param(layers, 6), input_size=size, n_class=1000).to(bench.device)
    images = torch.randn([batch, 3, size, size])
    labels = torch.randint(1000, [batch])

    def run():
        # train.py's test(): loss and top-1/top-5 per batch, read back to the host.
        model.eval()
        with torch.no_grad():
            for _ in range(batches):
                x, y = images.to(bench.device), labels.to(bench.device)
                with bench.autocast(amp):
                    output = model(x)
                loss = F.cross_entropy(output.float(), y).item()
                top5 = output.topk(5, 1).indices
                correct = top5.eq(y.view(-1, 1))
                _ = (loss, correct[:, :1].sum().item(), correct.sum().item())

    suffix = "_amp" if amp else ""
    bench.add(f"r18ms_t6_eval{suffix}_images_per_s", batches * batch / bench.time(run), "images/s",
              f"reference ResNet_18_stand_CW_MS T=6 evaluation, {size}x{size}, batches of {batch}{', autocast' if amp else ''}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", required=True, help="folder of a CAS-CLab/Gated-LIF checkout")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", help="write the measurements here as name<TAB>value<TAB>unit lines")
    args = parser.parse_args()
    device = torch.device(args.device)
    if device.type == 'cuda' and not torch.cuda.is_available():
        sys.exit("gpu_bench_reference: this PyTorch sees no CUDA device")
    with tempfile.TemporaryDirectory() as stubs:
        layers, cifar, imagenet = load_reference(os.path.abspath(args.reference), stubs)
        bench = Bench(device, args.repeat, args.out)
        print(f"PyTorch {torch.__version__} on {device}"
              f"{' (' + torch.cuda.get_device_name(device) + ')' if device.type == 'cuda' else ''}", flush=True)
        for amp in (False, True):
            glif_layer(bench, layers, amp, args.scale)
        for amp in (False, True):
            training_step(bench, layers, cifar, amp, args.scale)
        conv_tf32, matmul_tf32 = torch.backends.cudnn.allow_tf32, torch.backends.cuda.matmul.allow_tf32
        torch.backends.cudnn.allow_tf32 = torch.backends.cuda.matmul.allow_tf32 = False
        try:
            training_step(bench, layers, cifar, False, args.scale, "_notf32", ", TF32 off")
        finally:
            torch.backends.cudnn.allow_tf32, torch.backends.cuda.matmul.allow_tf32 = conv_tf32, matmul_tf32
        for amp in (False, True):
            evaluation(bench, layers, imagenet, amp, args.scale)


if __name__ == "__main__":
    main()
