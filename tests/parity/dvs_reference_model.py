"""Local parity check (not CI): a 7B-wideNet (or MODEL) built by the reference's own cifar10dvs code, evaluated.

usage: /usr/bin/python3 dvs_reference_model.py MIRROR DATA_DIR T CHECKPOINT_OUT [SEED [MODEL]]
MIRROR is the bare git dir of CAS-CLab/Gated-LIF; its cifar10dvs/layers.py and smodels.py are read from HEAD
into a temporary folder (not copied into this repository), with SpikingJelly's SeqToANNContainer (0.0.0.0.10,
transcribed) and import-only stand-ins for the neurons and surrogate it imports. The model gets random weights,
BatchNorm statistics and GLIF parameters, is saved as train.py saves ({'net', ...}), and evaluated on the test
split of DATA_DIR the way train.py does (SpikingJelly frames, Resize([48, 48]) on float64, then .float()).
"""
import math, os, sys, tempfile
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from dvs_frames_reference import integrate, load_origin_data
import reference_code

mirror, root, T, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
seed = int(sys.argv[5]) if len(sys.argv) > 5 else 1
model = sys.argv[6] if len(sys.argv) > 6 else 'SEWResNet_GLIF_dsr'
dsr = model.endswith('_dsr')

reference_code.load(mirror, ['cifar10dvs/layers.py', 'cifar10dvs/smodels.py'], tempfile.mkdtemp())

import smodels  # noqa: E402

np.random.seed(seed)
torch.manual_seed(seed)
net = getattr(smodels, model)('ADD', T=T)
with torch.no_grad():
    for name, m in net.named_modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.normal_(0, 0.5)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.uniform_(0.5, 1.5)
            m.bias.normal_(0.3, 0.5)
            m.num_batches_tracked.fill_(100)
    for name, p in net.named_parameters():
        if name.split('.')[-1] in ('tau', 'Vth', 'leak', 'reVth', 'conduct'):
            p.add_(torch.randn_like(p) * 0.3)
torch.save({'net': net.state_dict(), 'epoch': 0, 'max_test_acc': 0.5}, out)

classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)) and not d.startswith('frames_number_'))
test = []
for label, c in enumerate(classes):
    files = sorted(f for f in os.listdir(os.path.join(root, c)) if f.endswith('.aedat'))
    pos = math.ceil(len(files) * 0.9)
    test += [(os.path.join(root, c, f), label) for f in files[pos:]]

if os.environ.get('GATES_FLOAT32'):
    # Diagnostic: float32 gates make the reference's membrane float32 too.
    for m in net.modules():
        if hasattr(m, 'alpha') and isinstance(m.alpha, nn.Parameter):
            for g in ('alpha', 'beta', 'gamma'):
                setattr(m, g, nn.Parameter(getattr(m, g).data.float()))
net.eval()
b = 16
loss_sum = acc_sum = samples = 0
with torch.no_grad():
    for start in range(0, len(test), b):
        chunk = test[start:start + b]
        raw = [torch.tensor(integrate(load_origin_data(p), 'number', T)) for p, _ in chunk]
        if dsr:
            raw = [F.interpolate(f, size=[48, 48], mode='bilinear', align_corners=False) for f in raw]
        frames = torch.stack(raw).float()
        label = torch.tensor([l for _, l in chunk])
        out_fr = net(frames)
        loss = F.cross_entropy(out_fr, label)
        samples += label.numel()
        loss_sum += loss.item() * label.numel()
        acc_sum += (out_fr.argmax(1) == label).float().sum().item()
print(f'reference: test_loss={loss_sum / samples:.6f}, test_acc={acc_sum / samples:.6f} '
      f'(loss {loss_sum / samples!r}, {samples} samples)')
