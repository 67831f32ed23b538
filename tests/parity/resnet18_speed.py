"""Local speed comparison (not CI): the reference PyTorch ResNet-18 channel-wise (--stand18 --channel-wise
--soft-mode) training step and evaluation against ours, on this machine, in one run.

    /usr/bin/python3 tests/parity/resnet18_speed.py --mirror /work/.mirror/CAS-CLab+Gated-LIF/repo [--t 2]
        [--batch-size 16] [--repeat 5] [--rounds 2]

The reference model is built by the reference's own code (networks_for_CIFAR.py, blocks.py, layers.py read from
a mirror of CAS-CLab/Gated-LIF, with spikingjelly's SeqToANNContainer stubbed) with train.py's GLIF settings and its
two-group SGD, and its surrogate's defect fixed (SPEC 6.1: the saved tensor is read as a tuple). It times SGD steps
on random images (median of --repeat after one warm-up) and evaluation forward passes of one batch in eval mode
without gradients; then `scripts/gatedlif bench --resnet-only` measures ours for each convolution implementation
(dense, spike, auto). Reference and ours alternate --rounds times, so a drifting machine load shifts both; each
side's figure is the median over its rounds. Prints both and the ratios reference / ours, of wall time and of the
CPU time per thread (the process's CPU seconds over a timed run divided by the threads, as the bench prints it): on a
shared machine, where waiting for a core inflates wall time, the CPU-time ratio is the estimate for an idle one.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import torch
import torch.nn.functional as F

import reference_code

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

def reference_model(t):
    import layers
    import networks_for_CIFAR

    def backward(ctx, grad_output):
        z, = ctx.saved_tensors
        return grad_output * (abs(z) < 0.5).float()

    layers.SpikeAct_extended.backward = staticmethod(backward)
    # train.py's initial_dict for --soft-mode --channel-wise --t T with the default gates.
    lif = {'gate': [0.6, 0.8, 0.6], 'param': [layers.tau, layers.Vth, layers.linear_decay, layers.conduct], 't': t,
           'static_gate': False, 'static_param': False, 'time_wise': False, 'soft_mode': True}
    torch.manual_seed(0)
    model = networks_for_CIFAR.ResNet_18_stand_CW(lif_param=lif, input_size=32, n_class=10)
    glif = [p for n, p in model.named_parameters()
            if n.split(".")[-1] in ("alpha", "beta", "gamma", "tau", "Vth", "leak", "reVth", "conduct")]
    ids = set(map(id, glif))
    others = [p for p in model.parameters() if id(p) not in ids]
    optimizer = torch.optim.SGD([{'params': others}, {'params': glif, 'weight_decay': 0.}], lr=0.1, momentum=0.9,
                                weight_decay=4e-5)
    return model, optimizer


def time_reference(model, optimizer, images, labels, repeat, threads):
    def step():
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()

    def evaluate():
        with torch.no_grad():
            model(images)

    model.train()
    step_wall, step_cpu = timed(step, repeat)
    model.eval()
    eval_wall, eval_cpu = timed(evaluate, repeat)
    return (statistics.median(step_wall), statistics.median(eval_wall),
            statistics.median(step_cpu) / threads, statistics.median(eval_cpu) / threads)


def timed(action, repeat):
    """Wall and process CPU seconds of each of `repeat` runs after one warm-up."""
    action()
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


OURS = re.compile(r"^convolutions (\w+): training step (\d+\.\d+) s \(cpu/thr (\d+\.\d+) s\), evaluation (\d+\.\d+) s "
                  r"per batch.*?cpu/thr (\d+\.\d+) s\); firing rate (\d+\.\d+)%", re.MULTILINE)


def time_ours(t, batch, repeat, threads):
    # libtorch reads OMP_NUM_THREADS, so ours runs on as many threads as the reference.
    environment = dict(os.environ, OMP_NUM_THREADS=str(threads))
    run = subprocess.run([os.path.join(ROOT, "scripts", "gatedlif"), "bench", "--resnet-only", "--t", str(t),
                          "--batch-size", str(batch), "--repeat", str(repeat)], capture_output=True, text=True, env=environment)
    if run.returncode != 0:
        sys.exit(f"scripts/gatedlif bench failed:\n{run.stdout}\n{run.stderr}")
    # name: (step, evaluation, firing rate, step cpu/thr, evaluation cpu/thr)
    found = {m[1]: (float(m[2]), float(m[4]), float(m[6]), float(m[3]), float(m[5])) for m in OURS.finditer(run.stdout)}
    if not found:
        sys.exit(f"no 'convolutions ...' lines in the bench output:\n{run.stdout}")
    return found, run.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirror", required=True, help="a checkout (or bare mirror) of CAS-CLab/Gated-LIF")
    parser.add_argument("--t", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)),
                        help="PyTorch's threads (default: the cores this process may use, as ours uses)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    with tempfile.TemporaryDirectory() as folder:
        reference_code.load(args.mirror, ["layers.py", "blocks.py", "networks_for_CIFAR.py"], folder)
        model, optimizer = reference_model(args.t)
    generator = torch.Generator().manual_seed(2)
    images = torch.randn([args.batch_size, 3, 32, 32], generator=generator)
    labels = torch.randint(0, 10, [args.batch_size], generator=generator)

    reference, ours = [], []
    for round_ in range(args.rounds):
        reference.append(time_reference(model, optimizer, images, labels, args.repeat, args.threads))
        print(f"round {round_ + 1}: reference step {reference[-1][0]:.3f} s (cpu/thr {reference[-1][2]:.3f} s), "
              f"evaluation {reference[-1][1]:.3f} s per batch (cpu/thr {reference[-1][3]:.3f} s)", flush=True)
        found, output = time_ours(args.t, args.batch_size, args.repeat, args.threads)
        ours.append(found)
        print(output, flush=True)

    ref_step, ref_eval, ref_step_cpu, ref_eval_cpu = (statistics.median(r[i] for r in reference) for i in range(4))
    print(f"reference PyTorch {torch.__version__}, {torch.get_num_threads()} threads: training step {ref_step:.3f} s "
          f"(cpu/thr {ref_step_cpu:.3f} s), evaluation {ref_eval:.3f} s (cpu/thr {ref_eval_cpu:.3f} s) per batch of "
          f"{args.batch_size} (T={args.t}); load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for name in ours[0]:
        step, evaluation, rate, step_cpu, eval_cpu = (statistics.median(o[name][i] for o in ours) for i in range(5))
        print(f"ours, {name:5}: training step {step:.3f} s ({ref_step / step:.2f}x the reference; cpu/thr {step_cpu:.3f} s, "
              f"{ref_step_cpu / step_cpu:.2f}x), evaluation {evaluation:.3f} s ({ref_eval / evaluation:.2f}x; cpu/thr "
              f"{eval_cpu:.3f} s, {ref_eval_cpu / eval_cpu:.2f}x); firing rate {rate:.1f}%")


if __name__ == "__main__":
    main()
