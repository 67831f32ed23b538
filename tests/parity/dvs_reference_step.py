"""Local benchmark (not CI): seconds per training step of the reference's 7B-wideNet on the CPU.

usage: /usr/bin/python3 dvs_reference_step.py MIRROR T BATCH [STEPS]
Builds the model from the reference's cifar10dvs code as dvs_reference_model.py does, with its surrogate's
defect fixed (SPEC 6.1: the saved tensor is read as a tuple), and times SGD steps on [BATCH, T, 2, 48, 48] counts.
"""
import resource, sys, time
import torch
import torch.nn.functional as F

mirror, T, B = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
steps = int(sys.argv[4]) if len(sys.argv) > 4 else 3
sys.argv = [sys.argv[0], mirror, '', str(T), '']
exec(open(__file__.replace('dvs_reference_step.py', 'dvs_reference_model.py')).read().split('np.random.seed(seed)')[0])
import layers  # noqa: E402


def backward(ctx, grad_output):
    input, = ctx.saved_tensors
    return grad_output * (abs(input) < 0.5).float()


layers.SpikeAct_extended.backward = staticmethod(backward)
torch.manual_seed(0)
net = smodels.SEWResNet_GLIF_dsr('ADD', T=T)
opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
x = torch.randint(0, 4, [B, T, 2, 48, 48]).float()
y = torch.randint(0, 10, [B])
times = []
for _ in range(steps):
    t0 = time.time()
    opt.zero_grad()
    loss = F.cross_entropy(net(x), y)
    loss.backward()
    opt.step()
    times.append(time.time() - t0)
print(f'reference step times (s): {[round(t, 2) for t in times]}, max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.1f} GB')
