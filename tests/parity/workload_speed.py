"""Local speed comparison (not CI): every workload of the paper, the reference's own model code against ours, side by
side in one run on this machine: training step, evaluation and peak resident memory.

    /usr/bin/python3 tests/parity/workload_speed.py --mirror /work/.mirror/CAS-CLab+Gated-LIF/repo \\
        --spikingjelly /work/.mirror/fangwei123456+spikingjelly/repo [--models resnet18,7b-widenet] [--cpu native|avx2]
        [--t T] [--batch-size B] [--conv-impls dense,spike,auto] [--repeat 5] [--rounds 2] [--threads N]

The workloads and their settings (T, the frames a training step sees, batch, classes, inputs) are ours:
`scripts/gatedlif bench --list-models` prints them, with --t and --batch-size applied to every chosen workload, and
the reference gets the same. Its models are built by its own code (train.py's networks from networks_for_CIFAR.py and
networks_for_ImageNet.py with train.py's GLIF settings and two-group SGD; cifar10dvs/smodels.py's networks with
cifar10dvs/train.py's SGD over all parameters), read from the mirror by reference_code.py with SpikingJelly's
SeqToANNContainer stubbed, or, for the PLIF baseline (sew-plif), with SpikingJelly 0.0.0.0.10 itself (--spikingjelly).
The GLIF surrogate's defect is fixed (SPEC 6.1: the saved tensor is read as a tuple). The reference's single-process
ImageNet training keeps tdBN (train.py converts to SyncBatchNorm only on several GPUs); ours computes plain BatchNorm
(SPEC 3), the same work. A training step is zero_grad, forward, cross-entropy, backward, SGD step on fixed random
inputs (images from N(0, 1), or event counts 0..3 per pixel and polarity); evaluation is one batch in eval mode without
gradients on all T frames. Each figure is the median of --repeat runs after one warm-up (ours' evaluation: the mean of
--repeat batches after as many, as the bench times it).

Every measurement runs in a child process of its own, so that its peak resident memory (ru_maxrss from os.wait4 on
that child) is the workload's: the reference by this script re-invoked with --worker, ours as
`scripts/gatedlif bench --model W --conv-impl X`, one child per implementation. Reference and ours alternate
--rounds times per workload, so a drifting machine load shifts both; each figure is the median over the rounds (peak
memory: the largest). Both sides run on --threads threads (OMP_NUM_THREADS, torch.set_num_threads) and, with
--cpu avx2, as an AVX2 machine (scripts/cpu-emulation.sh's variables, for both). It prints each run as it ends, then
markdown tables of wall time and of CPU seconds per thread (the process's CPU time over a timed run divided by the
threads: on a shared machine, where waiting for a core inflates wall time, its ratio estimates an idle machine's).
"""
import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import reference_code

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GATEDLIF = os.path.join(ROOT, "scripts", "gatedlif")
IMPLEMENTATIONS = ("dense", "spike", "auto")
RESULT = "workload_speed result: "
OURS = re.compile(r"^convolutions (\w+): training step (\d+\.\d+) s \(cpu/thr (\d+\.\d+) s\), evaluation (\d+\.\d+) s "
                  r"per batch.*?cpu/thr (\d+\.\d+) s\); firing rate (\d+\.\d+)%", re.MULTILINE)

# The reference's networks, by our workload name: (file, class) of train.py's, or cifar10dvs/smodels.py's function.
STATIC = {"resnet18": ("networks_for_CIFAR", "ResNet_18_stand_CW"),
          "resnet19": ("networks_for_CIFAR", "ResNet_19_cifar_CW"),
          "resnet18ms": ("networks_for_ImageNet", "ResNet_18_stand_CW_MS")}
DVS = {"7b-widenet": "SEWResNet_GLIF_dsr", "sew-plif": "SEWResNet"}
NEEDS_SPIKINGJELLY = {"sew-plif"}


# ---------------------------------------------------------------------------------------------------------- worker
def reference_model(name, workload, mirror, spikingjelly, folder):
    """The reference's network and optimiser for a workload, built as its script builds them (seed 9, its default)."""
    import numpy as np
    import torch

    if name in STATIC:
        reference_code.load(mirror, ["layers.py", "blocks.py", "networks_for_CIFAR.py", "networks_for_ImageNet.py"], folder)
    else:
        reference_code.load(mirror, ["cifar10dvs/layers.py", "cifar10dvs/smodels.py"], folder,
                            spikingjelly=spikingjelly if name in NEEDS_SPIKINGJELLY else None)
    import layers

    def backward(ctx, grad_output):
        z, = ctx.saved_tensors
        return grad_output * (abs(z) < 0.5).float()

    layers.SpikeAct_extended.backward = staticmethod(backward)
    np.random.seed(9)
    torch.manual_seed(9)
    steps = workload["T"]
    if name in STATIC:
        module, cls = STATIC[name]
        # train.py's initial_dict for --soft-mode --channel-wise --t T with the default gates.
        lif = {"gate": [0.6, 0.8, 0.6], "param": [layers.tau, layers.Vth, layers.linear_decay, layers.conduct],
               "t": steps, "static_gate": False, "static_param": False, "time_wise": False, "soft_mode": True}
        model = getattr(__import__(module), cls)(lif_param=lif, input_size=workload["evaluation"][-1],
                                                  n_class=workload["classes"])
        glif = [p for n, p in model.named_parameters()
                if n.split(".")[-1] in ("alpha", "beta", "gamma", "tau", "Vth", "leak", "reVth", "conduct")]
        ids = set(map(id, glif))
        others = [p for p in model.parameters() if id(p) not in ids]
        optimizer = torch.optim.SGD([{"params": others}, {"params": glif, "weight_decay": 0.}], lr=0.1, momentum=0.9,
                                    weight_decay=4e-5)
        return model, optimizer, lambda: None
    import smodels
    function = getattr(smodels, DVS[name])
    # Only the GLIF networks take T (their conduct has a row per step); the PLIF network runs any number of frames.
    model = function("ADD", T=steps) if name not in NEEDS_SPIKINGJELLY else function("ADD")
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    if name in NEEDS_SPIKINGJELLY:
        from spikingjelly.clock_driven import functional
        # cifar10dvs/train.py resets SpikingJelly's neuron state after every batch.
        return model, optimizer, lambda: functional.reset_net(model)
    return model, optimizer, lambda: None


def timed(action, repeat):
    """Medians of wall and process CPU seconds over `repeat` runs after one warm-up."""
    action()
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def worker(args):
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(args.threads)
    workload = json.loads(args.worker)
    name = workload["model"]
    # The reference's files stay until the process ends: SpikingJelly imports some of its modules when first used.
    folder = tempfile.mkdtemp()
    model, optimizer, reset = reference_model(name, workload, args.mirror, args.spikingjelly, folder)
    generator = torch.Generator().manual_seed(2)

    def draw(shape):
        return (torch.randint(0, 4, shape, generator=generator).float() if workload["input"] == "events"
                else torch.randn(shape, generator=generator))

    training = draw(workload["training"])
    labels = torch.randint(0, workload["classes"], [workload["batch"]], generator=generator)
    evaluation = training if workload["training"] == workload["evaluation"] else draw(workload["evaluation"])

    def step():
        optimizer.zero_grad()
        F.cross_entropy(model(training), labels).backward()
        optimizer.step()
        reset()

    def evaluate():
        with torch.no_grad():
            model(evaluation)
        reset()

    model.train()
    step_wall, step_cpu = timed(step, args.repeat)
    model.eval()
    eval_wall, eval_cpu = timed(evaluate, args.repeat)
    print(RESULT + json.dumps({"step": step_wall, "step_cpu": step_cpu / args.threads, "eval": eval_wall,
                               "eval_cpu": eval_cpu / args.threads, "torch": torch.__version__}), flush=True)
    shutil.rmtree(folder)


# ---------------------------------------------------------------------------------------------------------- parent
def environment(cpu, threads):
    """This process's environment with scripts/cpu-emulation.sh's variables for `cpu` and the thread count."""
    script = (f"source {shlex.quote(os.path.join(ROOT, 'scripts', 'cpu-emulation.sh'))} && "
              f"cpu_emulation_possible {cpu} && cpu_emulation_apply {cpu} && env -0")
    run = subprocess.run(["bash", "-c", script], capture_output=True)
    if run.returncode != 0:
        sys.exit(f"--cpu {cpu}: this processor cannot run as that machine "
                 f"(scripts/cpu-emulation.sh) {run.stderr.decode().strip()}")
    variables = dict(entry.split("=", 1) for entry in run.stdout.decode().split("\0") if "=" in entry)
    variables["OMP_NUM_THREADS"] = str(threads)
    return variables


def child(command, env):
    """Runs a child to its end: (exit code, its output with stderr merged, its peak resident memory in bytes)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    output = process.stdout.read()
    process.stdout.close()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, output, usage.ru_maxrss * 1024  # Linux reports kilobytes


def overrides(args):
    return ([] if args.t is None else ["--t", str(args.t)]) + \
        ([] if args.batch_size is None else ["--batch-size", str(args.batch_size)])


def workloads(args, env):
    """Our workload table with the overrides applied (this also builds ours before anything is timed)."""
    run = subprocess.run([GATEDLIF, "bench", "--list-models"] + overrides(args), capture_output=True, text=True, env=env)
    if run.returncode != 0:
        sys.exit(f"scripts/gatedlif bench --list-models failed:\n{run.stdout}\n{run.stderr}")
    lines = [line.split("\t") for line in run.stdout.strip().splitlines()]
    table = {}
    for row in lines[1:]:
        name, steps, frames, batch, classes, kind, training, evaluation, command = row
        table[name] = {"model": name, "T": int(steps), "T_train": int(frames), "batch": int(batch), "classes": int(classes),
                       "input": kind, "training": [int(x) for x in training.split("x")],
                       "evaluation": [int(x) for x in evaluation.split("x")], "command": command}
    return table


def reference_run(args, workload, env):
    command = [sys.executable, os.path.abspath(__file__), "--worker", json.dumps(workload), "--mirror", args.mirror,
               "--repeat", str(args.repeat), "--threads", str(args.threads)]
    if args.spikingjelly:
        command += ["--spikingjelly", args.spikingjelly]
    code, output, peak = child(command, env)
    found = [line for line in output.splitlines() if line.startswith(RESULT)]
    if code != 0 or not found:
        sys.exit(f"the reference's {workload['model']} failed (exit {code}):\n{output}")
    result = json.loads(found[-1][len(RESULT):])
    result["peak"] = peak
    return result


def our_run(args, workload, implementation, env):
    code, output, peak = child([GATEDLIF, "bench", "--model", workload["model"], "--conv-impl", implementation,
                                "--repeat", str(args.repeat)] + overrides(args), env)
    match = OURS.search(output)
    if code != 0 or not match or match[1] != implementation:
        sys.exit(f"scripts/gatedlif bench --model {workload['model']} --conv-impl {implementation} failed (exit {code}):\n{output}")
    return {"step": float(match[2]), "step_cpu": float(match[3]), "eval": float(match[4]), "eval_cpu": float(match[5]),
            "rate": float(match[6]), "peak": peak}


def cpu_model():
    with open("/proc/cpuinfo") as cpuinfo:
        return next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "unknown")


def load_average():
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def median(runs, key):
    return statistics.median(run[key] for run in runs)


def table(chosen, table_rows, reference, ours, implementations, suffix, peaks):
    """A markdown table of each workload's median step and evaluation (key + suffix), the ratios reference / ours
    and, with `peaks`, each side's peak resident memory."""
    def cell(value, ref):
        return f"{value:.3f} s ({ref / value:.2f}x)"

    heads = " / ".join(implementations)
    print(f"| workload | reference step | ours step: {heads} | reference eval | ours eval: {heads} |"
          + (f" peak RSS: reference / {heads} |" if peaks else ""))
    print("|---|---|---|---|---|" + ("---|" if peaks else ""))
    for name in chosen:
        row = table_rows[name]
        ref_step, ref_eval = median(reference[name], "step" + suffix), median(reference[name], "eval" + suffix)
        steps = " / ".join(cell(median(ours[name][i], "step" + suffix), ref_step) for i in implementations)
        evals = " / ".join(cell(median(ours[name][i], "eval" + suffix), ref_eval) for i in implementations)
        memory = " / ".join(f"{max(r['peak'] for r in runs) / 1e9:.2f}"
                            for runs in [reference[name]] + [ours[name][i] for i in implementations])
        frames = "" if row["T_train"] == row["T"] else f", training on {row['T_train']}"
        print(f"| {name} (T={row['T']}{frames}, batch {row['batch']}) | {ref_step:.3f} s | {steps} | {ref_eval:.3f} s | "
              f"{evals} |" + (f" {memory} GB |" if peaks else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirror", required=True, help="the bare git dir of CAS-CLab/Gated-LIF")
    parser.add_argument("--spikingjelly", help="the bare git dir of fangwei123456/spikingjelly (for sew-plif)")
    parser.add_argument("--models", help="comma-separated workloads (default: all of `bench --list-models`)")
    parser.add_argument("--conv-impls", default=",".join(IMPLEMENTATIONS), help="ours: comma-separated --conv-impl values")
    parser.add_argument("--t", type=int, help="T of every chosen workload (default: each one's)")
    parser.add_argument("--batch-size", type=int, help="batch of every chosen workload (default: each one's)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)),
                        help="threads of both sides (default: the cores this process may use)")
    parser.add_argument("--cpu", choices=["native", "avx2"], default="native",
                        help="run both sides as this machine (scripts/cpu-emulation.sh)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    for flag, value in (("--repeat", args.repeat), ("--rounds", args.rounds), ("--threads", args.threads),
                        ("--t", args.t), ("--batch-size", args.batch_size)):
        if value is not None and value < 1:
            parser.error(f"{flag} must be at least 1 (got {value})")
    implementations = args.conv_impls.split(",")
    if not implementations or any(i not in IMPLEMENTATIONS for i in implementations):
        parser.error(f"--conv-impls {args.conv_impls}: expected a comma-separated list of {', '.join(IMPLEMENTATIONS)}")

    env = environment(args.cpu, args.threads)
    load_before = load_average()
    table_rows = workloads(args, env)
    chosen = args.models.split(",") if args.models else list(table_rows)
    unknown = [name for name in chosen if name not in table_rows]
    if unknown:
        parser.error(f"--models: {', '.join(unknown)}: expected some of {', '.join(table_rows)}")
    if NEEDS_SPIKINGJELLY.intersection(chosen) and not args.spikingjelly:
        parser.error(f"--spikingjelly is needed for {', '.join(sorted(NEEDS_SPIKINGJELLY.intersection(chosen)))} "
                     "(the reference's PLIF neuron is SpikingJelly's)")

    reference = {name: [] for name in chosen}
    ours = {name: {i: [] for i in implementations} for name in chosen}
    version = None
    for name in chosen:
        row = table_rows[name]
        print(f"{name}: {row['command']} (T={row['T']}, training on {row['T_train']} frames, batch {row['batch']})", flush=True)
        for round_ in range(1, args.rounds + 1):
            result = reference_run(args, row, env)
            version = result["torch"]
            reference[name].append(result)
            print(f"  round {round_}: reference step {result['step']:.3f} s (cpu/thr {result['step_cpu']:.3f} s), "
                  f"evaluation {result['eval']:.3f} s (cpu/thr {result['eval_cpu']:.3f} s), peak {result['peak'] / 1e9:.2f} GB",
                  flush=True)
            for implementation in implementations:
                result = our_run(args, row, implementation, env)
                ours[name][implementation].append(result)
                print(f"  round {round_}: ours {implementation:5} step {result['step']:.3f} s (cpu/thr {result['step_cpu']:.3f} s), "
                      f"evaluation {result['eval']:.3f} s (cpu/thr {result['eval_cpu']:.3f} s), firing rate {result['rate']:.1f}%, "
                      f"peak {result['peak'] / 1e9:.2f} GB", flush=True)

    print()
    print(f"command: {' '.join(shlex.quote(a) for a in [sys.executable] + sys.argv)}")
    print(f"machine: {cpu_model()}, {len(os.sched_getaffinity(0))} cores; --cpu {args.cpu}; {args.threads} threads each side; "
          f"reference on PyTorch {version}; load average {load_before} -> {load_average()}")
    print(f"medians of {args.repeat} runs per round over {args.rounds} rounds (peak RSS: the largest); ratios are reference / ours")
    print()
    print("Wall time:")
    print()
    table(chosen, table_rows, reference, ours, implementations, "", peaks=True)
    print()
    print("CPU seconds per thread:")
    print()
    table(chosen, table_rows, reference, ours, implementations, "_cpu", peaks=False)


if __name__ == "__main__":
    main()
