"""Local parity check of `--eval --imagenet` (not run in CI): builds a random ResNet-18MS with the reference's own
model code (networks_for_ImageNet.py, blocks.py, layers.py from the mirror of CAS-CLab/Gated-LIF; spikingjelly's
SeqToANNContainer stubbed), converts its batch norms to plain BatchNorm2d as train.py's SyncBatchNorm conversion
does, perturbs every BN statistic and GLIF parameter, saves it with DistributedDataParallel's `module.` keys, writes a
small PNG ImageFolder (some images 256 on the short side, some not), computes the reference's evaluation (torchvision's
Resize/CenterCrop/ToTensor/Normalize done with PIL, train.py's test loop) and then runs scripts/gatedlif on the same
files and prints both TEST lines.

    /usr/bin/python3 tests/parity/imagenet_eval_parity.py --t 1 [--format jpg] [--mirror /work/.mirror/CAS-CLab+Gated-LIF/repo]
"""
import argparse
import os
import subprocess
import tempfile
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
from PIL import Image

import reference_code

MEAN, STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)


def to_plain_batch_norm(module):
    """What SyncBatchNorm.convert_sync_batchnorm does to tdBatchNorm (a BatchNorm2d subclass), as BatchNorm2d."""
    for name, child in module.named_children():
        if isinstance(child, nn.modules.batchnorm._BatchNorm):
            bn = nn.BatchNorm2d(child.num_features, child.eps, child.momentum, child.affine, child.track_running_stats)
            with torch.no_grad():
                bn.weight.copy_(child.weight)
                bn.bias.copy_(child.bias)
            bn.running_mean, bn.running_var, bn.num_batches_tracked = child.running_mean, child.running_var, child.num_batches_tracked
            setattr(module, name, bn)
        else:
            to_plain_batch_norm(child)


def perturb(model, generator):
    with torch.no_grad():
        for name, tensor in model.state_dict().items():
            if name.endswith("running_mean"):
                tensor.copy_(torch.randn(tensor.shape, generator=generator) * 0.2)
            elif name.endswith("running_var"):
                tensor.copy_(0.5 + torch.rand(tensor.shape, generator=generator) * 1.5)
            elif name.endswith("num_batches_tracked"):
                tensor.fill_(1234)
            elif name.split(".")[-1] in ("alpha", "beta", "gamma", "tau", "Vth", "leak", "reVth", "conduct"):
                tensor.add_(torch.randn(tensor.shape, generator=generator) * 0.3)
            elif name.endswith(".1.weight") and tensor.dim() == 1:
                tensor.copy_(0.7 + torch.rand(tensor.shape, generator=generator) * 0.6)
            elif name.endswith(".1.bias"):
                tensor.copy_(torch.randn(tensor.shape, generator=generator) * 0.2)
            elif name.startswith("lastave"):
                # Classes 0..2 (the folder's) get large weights so that top-1 and top-5 are not trivially 0.
                tensor.normal_(0, 0.05, generator=generator)
                tensor[:3].normal_(0, 1.0, generator=generator)


def write_folder(root, extension):
    sizes = [(256, 300), (341, 256), (256, 256), (300, 420), (512, 384), (200, 180), (256, 700)]
    rng = np.random.default_rng(11)
    for i, (w, h) in enumerate(sizes):
        cls = f"class_{i % 3}"
        os.makedirs(os.path.join(root, cls), exist_ok=True)
        y, x = np.mgrid[0:h, 0:w]
        base = np.stack([x * 255 / w, y * 255 / h, ((x // 16 + y // 16) % 2) * 200 + 20], axis=-1)
        pixels = np.clip(base + rng.integers(-60, 61, size=base.shape), 0, 255).astype(np.uint8)
        Image.fromarray(pixels, "RGB").save(os.path.join(root, cls, f"img{i}.{extension}"))


def resize_short_side(img, size=256):
    """torchvision.transforms.functional.resize(img, 256) for a PIL image."""
    w, h = img.size
    short, long = (w, h) if w <= h else (h, w)
    if short == size:
        return img
    new_short, new_long = size, int(size * long / short)
    new_w, new_h = (new_short, new_long) if w <= h else (new_long, new_short)
    return img.resize((new_w, new_h), Image.BILINEAR)


def center_crop(img, size=224):
    w, h = img.size
    top, left = int(round((h - size) / 2.0)), int(round((w - size) / 2.0))
    return img.crop((left, top, left + size, top + size))


def to_normalised_tensor(img):
    t = torch.from_numpy(np.array(img, np.uint8, copy=True)).permute(2, 0, 1).contiguous().to(torch.float32).div(255)
    mean = torch.as_tensor(MEAN, dtype=torch.float32).view(-1, 1, 1)
    std = torch.as_tensor(STD, dtype=torch.float32).view(-1, 1, 1)
    return t.sub_(mean).div_(std)


def image_folder(root):
    classes = sorted(e.name for e in os.scandir(root) if e.is_dir())
    samples = []
    for c, name in enumerate(classes):
        for folder, _, files in sorted(os.walk(os.path.join(root, name), followlinks=True)):
            for f in sorted(files):
                if f.lower().endswith((".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp")):
                    samples.append((os.path.join(folder, f), c))
    return samples


def accuracy(output, target, topk=(1,)):
    maxk = max(topk)
    batch_size = target.size(0)
    _, pred = output.topk(maxk, 1, True, True)
    pred = pred.t()
    correct = pred.eq(target.view(1, -1).expand_as(pred))
    return [correct[:k].reshape(-1).float().sum(0).mul_(100.0 / batch_size) for k in topk]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--t", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=3)
    parser.add_argument("--mirror", default="/work/.mirror/CAS-CLab+Gated-LIF/repo")
    parser.add_argument("--work", default=None)
    parser.add_argument("--format", default="png", help="png (decoding is exact) or jpg (decoders may differ)")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="imagenet-parity-")
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    reference_code.load(args.mirror, ["layers.py", "blocks.py", "networks_for_ImageNet.py"], os.path.join(work, "ref"))
    import networks_for_ImageNet as nets  # noqa: E402 (from the mirror)

    torch.manual_seed(1)
    generator = torch.Generator().manual_seed(7)
    lif = {'gate': [0.6, 0.8, 0.6], 'param': [nets.tau, nets.Vth, nets.linear_decay, nets.conduct], 't': args.t,
           'static_gate': False, 'static_param': False, 'time_wise': False, 'soft_mode': True}
    model = nets.ResNet_18_stand_CW_MS(lif_param=lif, input_size=224, n_class=1000)
    to_plain_batch_norm(model)
    perturb(model, generator)
    models = os.path.join(work, "models")
    os.makedirs(models, exist_ok=True)
    tag = f"r18ms-parity-step{args.t}.pth.tar"
    torch.save({'state_dict': OrderedDict(("module." + k, v) for k, v in model.state_dict().items())},
               os.path.join(models, tag))
    val = os.path.join(work, "val")
    write_folder(val, args.format)

    model.eval()
    samples = image_folder(val)
    losses, top1s, top5s, count = 0.0, 0.0, 0.0, 0
    criterion = nn.CrossEntropyLoss()
    with torch.no_grad():
        for start in range(0, len(samples), args.batch_size):
            chunk = samples[start:start + args.batch_size]
            data = torch.stack([to_normalised_tensor(center_crop(resize_short_side(Image.open(p).convert("RGB"))))
                                for p, _ in chunk])
            target = torch.tensor([c for _, c in chunk])
            output = model(data)
            loss = criterion(output, target)
            p1, p5 = accuracy(output, target, topk=(1, 5))
            n = data.size(0)
            losses += loss.item() * n
            top1s += p1.item() * n
            top5s += p5.item() * n
            count += n
    print("reference: TEST Epoch -1: loss = {:.6f},\tTop-1  = {:.6f},\tTop-5  = {:.6f}  (loss {!r})".format(
        losses / count, top1s / count / 100, top5s / count / 100, losses / count))

    ours = subprocess.run([os.path.join(repo, "scripts", "gatedlif"), "--modeltag", tag, "--soft-mode", "--eval",
                           "--eval-resume", models, "--MS18", "--channel-wise", "--t", str(args.t),
                           "--train-dir", os.path.join(work, "train-unused"), "--val-dir", val, "--imagenet",
                           "--batch-size", str(args.batch_size), "--device", "cpu"],
                          cwd=work, capture_output=True, text=True)
    lines = [l for l in ours.stdout.splitlines() if "TEST Epoch" in l]
    print("ours:     ", lines[0] if lines else f"(no TEST line; exit {ours.returncode})\n{ours.stdout}\n{ours.stderr}")


if __name__ == "__main__":
    main()
