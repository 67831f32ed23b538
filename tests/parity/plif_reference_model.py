"""Local parity check of the PLIF baseline: networks built by the reference's own cifar10dvs/smodels.py with
SpikingJelly's own neuron, written with their outputs for tests/GatedLif.Tests/Dvs/PlifReferenceParityTests.cs.

usage: /usr/bin/python3 plif_reference_model.py GATED_LIF_MIRROR SPIKINGJELLY_MIRROR OUT.pth [--small] [-T T] [--seed S] [--cnf ADD|AND|IAND]
GATED_LIF_MIRROR is the bare git dir of CAS-CLab/Gated-LIF (its cifar10dvs/layers.py and smodels.py are read from
HEAD), SPIKINGJELLY_MIRROR that of fangwei123456/spikingjelly: its spikingjelly/ package is exported at the commit
that made version 0.0.0.0.10 (reference_code.SPIKINGJELLY_COMMIT, or $SPIKINGJELLY_COMMIT), the version the reference
names, into a temporary folder; nothing of either is copied into this repository.
Default: smodels.SEWResNet(cnf), the paper's PLIF 7B-wideNet, on [2, T, 2, 128, 128] event counts. --small: the
reference's ResNetN with every block type (sew, plain with its own middle channels, basic), a 3x3 channel-changing
conv and max pooling, at 8/16 channels on 16x16 input, its classifier re-made for that input (ResNetN sizes it from
128x128); this is the committed fixture Fixtures/plif_resnetn_reference.pth.
Weights, BatchNorm statistics and every neuron's w are random. OUT holds {'net': state_dict, 'cnf', 'frames', 'labels',
'eval_logits' (net.eval()), 'train_logits' (net.train()), 'grads': {name: d cross_entropy / d parameter}}.
Then: GATEDLIF_PLIF_PARITY=OUT.pth dotnet test tests/GatedLif.Tests -c Release --filter PlifReferenceParityTests
"""
import argparse, tempfile
import torch
import torch.nn as nn
import torch.nn.functional as F
import reference_code

parser = argparse.ArgumentParser()
parser.add_argument('gated_lif')
parser.add_argument('spikingjelly')
parser.add_argument('out')
parser.add_argument('--small', action='store_true')
parser.add_argument('-T', type=int, default=4)
parser.add_argument('--seed', type=int, default=1)
parser.add_argument('--cnf', default='ADD')
args = parser.parse_args()

reference_code.load(args.gated_lif, ['cifar10dvs/layers.py', 'cifar10dvs/smodels.py'], tempfile.mkdtemp(),
                    spikingjelly=args.spikingjelly)

import smodels  # noqa: E402
from spikingjelly.clock_driven import functional  # noqa: E402
from spikingjelly.clock_driven.neuron import MultiStepParametricLIFNode  # noqa: E402

torch.manual_seed(args.seed)
if args.small:
    layer_list = [
        {'channels': 8, 'up_kernel_size': 1, 'num_blocks': 1, 'block_type': 'sew', 'k_pool': 2},
        {'channels': 8, 'up_kernel_size': 1, 'mid_channels': 4, 'num_blocks': 2, 'block_type': 'plain'},
        {'channels': 16, 'up_kernel_size': 3, 'num_blocks': 1, 'block_type': 'basic', 'k_pool': 2},
        {'channels': 16, 'up_kernel_size': 1, 'num_blocks': 1, 'block_type': 'sew'},
    ]
    net = smodels.ResNetN(layer_list, 10, args.cnf)
    net.out = nn.Linear(16 * 4 * 4, 10, bias=True)
    side = 16
else:
    net = smodels.SEWResNet(args.cnf)
    side = 128

with torch.no_grad():
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.normal_(0, 0.5)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.uniform_(0.5, 1.5)
            m.bias.normal_(0.3, 0.5)
            m.num_batches_tracked.fill_(100)
        if isinstance(m, MultiStepParametricLIFNode):
            m.w.normal_(0, 0.5)

N = 3 if args.small else 2
frames = torch.randint(0, 4, [N, args.T, 2, side, side]).float()
labels = torch.randint(0, 10, [N])

net.eval()
with torch.no_grad():
    eval_logits = net(frames)
functional.reset_net(net)

net.train()
state = {k: v.clone() for k, v in net.state_dict().items()}
train_logits = net(frames)
F.cross_entropy(train_logits, labels).backward()
functional.reset_net(net)
grads = {name: p.grad.clone() for name, p in net.named_parameters()}

torch.save({'net': state, 'cnf': args.cnf, 'frames': frames, 'labels': labels, 'eval_logits': eval_logits,
            'train_logits': train_logits.detach(), 'grads': grads}, args.out)
spikes = sum(1 for m in net.modules() if isinstance(m, MultiStepParametricLIFNode))
print(f'reference: {type(net).__name__} cnf={args.cnf} T={args.T} input {side}x{side}, {spikes} PLIF neurons, '
      f'{len(state)} state_dict entries; eval logits[0] {eval_logits[0, :4].tolist()}; wrote {args.out}')
