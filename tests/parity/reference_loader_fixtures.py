"""Local (not CI): the first epochs of the reference's own training data pipelines (CIFAR-10 and ImageNet's
ImageFolder), written as the fixtures that ReferenceLoaderFixtureTests compares our loaders with bit for bit.

    /usr/bin/python3 tests/parity/reference_loader_fixtures.py [--mirror /work/.mirror/CAS-CLab+Gated-LIF/repo]

Needs Debian's python3-torch (1.13) and python3-torchvision (0.14). data_builder.py is read from the mirror at
commit f70ee6c (the one whose train.py runs) into a temporary folder, not into this repository. As in train.py:
seed_all(seed) (random, NumPy, torch), then build_data(...) with its worker count (16 for CIFAR-10, 32 for
ImageNet), then per epoch one
pass over the training loader followed by one over the test loader (train.py's loop; the reference's test loader
shuffles too, so it draws from the default generator). No model is built, so the fixture starts from the generator
just after seed_all; our test does the same.

The CIFAR-10 set is synthetic (written here in the python layout; pixel value (37 i + 101 c + 13 y + 7 x + x y)
mod 256 for image i, channel c, row y, column x; label i mod 10; the training images split evenly over data_batch_1..5), so the test can rebuild it. Per batch the fixture
holds the sample indices, the labels, and the SHA-256 of the uint8 images after augmentation ([B, 3, 32, 32], what
RandomCrop and RandomHorizontalFlip give, read before ToTensor); the first batch of each epoch also in full (base64).

The ImageFolder is synthetic too: classes n0 and n1, IMAGES_PER_CLASS PNG files each, image k (counting over the
classes in order) of size IMAGE_SIZES[k mod len], pixel (R, G, B) = ((3 x + 5 y + 11 k) mod 256, (7 x + 2 y + k) mod
256, (x y + 13 k) mod 256); the fixture holds per batch the indices, labels and the SHA-256 of the uint8 images
after RandomResizedCrop(224, scale=(0.2, 1)) and the flip ([B, 3, 224, 224]).

cifar10dvs runs the reference's own cifar10dvs/train.py main() (same commit; smodels.py and layers.py beside it) for
two epochs on a synthetic frame folder (DVS_CLASSES classes of DVS_PER_CLASS recordings, SpikingJelly's layout
frames_number_{T}_split_by_number/c{c}/s{i:02d}.npz, float64 frames [T, 2, 128, 128] with count
((1009 k + 7 t + 3 p) (128 y + x + 1) mod 251) mod 6 for sample k counted over the classes in order). SpikingJelly is
not installed here, so its CIFAR10DVS is stood in for by what it is for frames (torchvision's DatasetFolder over
that folder with np.load(path)['frames']), functional.reset_net by a no-op and TensorBoard's SummaryWriter by a
recorder of nothing. The model is the reference's own (built by smodels.py after train.py's seeding, so torch's and
NumPy's generators stand where they stand in a real run) with its forward replaced by a recorder of the frames it
gets (returning the read-out of zeros, so the step still runs). The split is cached first as train.py caches it, so
main() loads the two pickled Subsets as a second run does (on a first run the reference's train and test sets share
one dataset object and the training set loses RandomCrop). Per configuration: every state_dict tensor as built (its
SHA-256, sum, first and last 16 values), and per training batch the sample indices (positions in the training Subset), the crop offsets (top,
left), the frames kept (-T_train), the labels and the SHA-256 of the float32 frames the network got.
"""
import argparse
import base64
import hashlib
import json
import math
import os
import pickle
import tempfile

import numpy as np
import torch

import reference_code

COMMIT = "f70ee6c"
SEED = 9
TRAIN_IMAGES = 40
TEST_IMAGES = 8
BATCH = 2
EPOCHS = 2
IMAGES_PER_CLASS = 5
IMAGE_SIZES = [(64, 48), (50, 70), (300, 20), (33, 33)]


def synthetic_images(count):
    i, c, y, x = np.meshgrid(np.arange(count), np.arange(3), np.arange(32), np.arange(32), indexing="ij")
    return ((37 * i + 101 * c + 13 * y + 7 * x + x * y) % 256).astype(np.uint8).reshape(count, 3072)


def write_cifar10(root):
    folder = os.path.join(root, "cifar-10-batches-py")
    os.makedirs(folder)
    train = synthetic_images(TRAIN_IMAGES)
    per_file = TRAIN_IMAGES // 5
    for k in range(5):
        part = range(k * per_file, (k + 1) * per_file)
        with open(os.path.join(folder, f"data_batch_{k + 1}"), "wb") as f:
            pickle.dump({"data": train[part.start:part.stop], "labels": [i % 10 for i in part]}, f)
    with open(os.path.join(folder, "test_batch"), "wb") as f:
        pickle.dump({"data": synthetic_images(TEST_IMAGES), "labels": [i % 10 for i in range(TEST_IMAGES)]}, f)
    with open(os.path.join(folder, "batches.meta"), "wb") as f:
        pickle.dump({"label_names": [str(k) for k in range(10)]}, f)


class Indexed(torch.utils.data.Dataset):
    """The loader's dataset, also returning each sample's index (the sampler's choice)."""

    def __init__(self, dataset):
        self.dataset = dataset

    def __len__(self):
        return len(self.dataset)

    def __getitem__(self, index):
        image, label = self.dataset[index]
        return image, label, index


def uint8_transform(transform):
    """The reference's training transform up to ToTensor, kept as its own objects, ending in uint8 [3, H, W]."""
    from torchvision.transforms import Compose, PILToTensor
    kept = []
    for t in transform.transforms:
        if type(t).__name__ == "ToTensor":
            break
        kept.append(t)
    return Compose(kept + [PILToTensor()])


def rebuilt(loader, dataset):
    """The same DataLoader settings train.py's build_data chose, over <dataset>."""
    return torch.utils.data.DataLoader(dataset, batch_size=loader.batch_size, shuffle=True,
                                       num_workers=loader.num_workers, pin_memory=loader.pin_memory)


def record(batches):
    out = []
    for k, (images, labels, indices) in enumerate(batches):
        images = images.numpy().astype(np.uint8)
        entry = {"indices": indices.tolist(), "labels": labels.tolist(),
                 "sha256": hashlib.sha256(images.tobytes()).hexdigest()}
        if k == 0:
            entry["images"] = base64.b64encode(images.tobytes()).decode()
        out.append(entry)
    return out


def cifar(mirror):
    root = tempfile.mkdtemp(prefix="reference-loaders-")
    reference_code.export(mirror, COMMIT, ["data_builder.py", "data/autoaugment.py"], os.path.join(root, "code"))
    reference_code.trust_cifar_files()
    write_cifar10(os.path.join(root, "data"))
    import data_builder  # noqa: E402 (from the mirror)
    import random

    # train.py's seed_all, then its CIFAR-10 build_data call.
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    train_loader, val_loader, _ = data_builder.build_data(use_cifar10=True, dpath=os.path.join(root, "data"),
                                                          batch_size=BATCH, train_val_split=False, workers=16)
    train_set = train_loader.dataset
    train_set.transform = uint8_transform(train_set.transform)
    train = rebuilt(train_loader, Indexed(train_set))
    epochs = []
    for _ in range(EPOCHS):
        epochs.append(record(train))
        for _ in val_loader:
            pass
    return {"seed": SEED, "workers": train_loader.num_workers, "batch_size": BATCH, "train_images": TRAIN_IMAGES,
            "test_images": TEST_IMAGES, "epochs": epochs}


def write_image_folder(root):
    from PIL import Image
    k = 0
    for c in range(2):
        os.makedirs(os.path.join(root, f"n{c}"))
        for i in range(IMAGES_PER_CLASS):
            w, h = IMAGE_SIZES[k % len(IMAGE_SIZES)]
            y, x = np.meshgrid(np.arange(h), np.arange(w), indexing="ij")
            rgb = np.stack([(3 * x + 5 * y + 11 * k) % 256, (7 * x + 2 * y + k) % 256, (x * y + 13 * k) % 256], axis=2)
            Image.fromarray(rgb.astype(np.uint8), "RGB").save(os.path.join(root, f"n{c}", f"img_{i}.png"))
            k += 1


def imagenet(mirror):
    root = tempfile.mkdtemp(prefix="reference-imagefolder-")
    reference_code.export(mirror, COMMIT, ["data_builder.py", "data/autoaugment.py"], os.path.join(root, "code"))
    write_image_folder(os.path.join(root, "train"))
    write_image_folder(os.path.join(root, "val"))
    import data_builder  # noqa: E402 (from the mirror)
    import random

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    train_loader, val_loader, _ = data_builder.build_data(use_cifar10=False, dataset="imagenet", batch_size=BATCH,
                                                          train_val_split=False, workers=32,
                                                          imagenet_train_dir=os.path.join(root, "train"),
                                                          imagenet_val_dir=os.path.join(root, "val"))
    train_set = train_loader.dataset
    train_set.transform = uint8_transform(train_set.transform)
    train = rebuilt(train_loader, Indexed(train_set))
    epochs = []
    for _ in range(EPOCHS):
        epochs.append([{k: v for k, v in b.items() if k != "images"} for b in record(train)])
        for _ in val_loader:
            pass
    return {"seed": SEED, "workers": train_loader.num_workers, "batch_size": BATCH, "images_per_class": IMAGES_PER_CLASS,
            "image_sizes": IMAGE_SIZES, "epochs": epochs}


DVS_CLASSES = 2
DVS_PER_CLASS = 10
DVS_RUNS = [
    # name, model, T, -j, -T_train, --dsr_da
    ("glif_dsr_workers", "SEWResNet_GLIF_dsr", 4, 3, None, True),
    ("glif_dsr_main_process", "SEWResNet_GLIF_dsr", 4, 0, None, True),
    ("plif_frame_subsets", "SEWResNet", 4, 2, 2, False),
]


def dvs_frames(k, T):
    t, p, y, x = np.meshgrid(np.arange(T), np.arange(2), np.arange(128), np.arange(128), indexing="ij")
    return ((1009 * k + 7 * t + 3 * p) * (128 * y + x + 1) % 251 % 6).astype(np.float64)


def write_dvs_frames(root, T):
    folder = os.path.join(root, f"frames_number_{T}_split_by_number")
    k = 0
    for c in range(DVS_CLASSES):
        os.makedirs(os.path.join(folder, f"c{c}"))
        for i in range(DVS_PER_CLASS):
            np.savez_compressed(os.path.join(folder, f"c{c}", f"s{i:02d}.npz"), frames=dvs_frames(k, T))
            k += 1


def load_frames(path):
    """SpikingJelly's frame loader (np.load(path)['frames'])."""
    return np.load(path)["frames"]


def install_dvs_stand_ins():
    """What train.py imports beyond torch, torchvision and the reference's own modules. The dataset class lives at
    module level, where pickle finds it when train.py caches the split."""
    import sys
    import types
    from torchvision.datasets import DatasetFolder

    class CIFAR10DVS(DatasetFolder):
        def __init__(self, root, data_type="frame", frames_number=None, split_by=None, transform=None):
            assert data_type == "frame" and split_by == "number"
            super().__init__(os.path.join(root, f"frames_number_{frames_number}_split_by_number"),
                             loader=load_frames, extensions=(".npz",), transform=transform)

    datasets = types.ModuleType("spikingjelly.datasets")
    cifar10_dvs = types.ModuleType("spikingjelly.datasets.cifar10_dvs")
    CIFAR10DVS.__module__, CIFAR10DVS.__qualname__ = cifar10_dvs.__name__, "CIFAR10DVS"
    cifar10_dvs.CIFAR10DVS = CIFAR10DVS
    datasets.cifar10_dvs = cifar10_dvs
    class MultiStepParametricLIFNode(torch.nn.Module):
        """SpikingJelly 0.0.0.0.10's parameters only (w = -ln(init_tau - 1)): the recorder never runs a neuron."""

        def __init__(self, init_tau=2.0, detach_reset=False):
            super().__init__()
            self.w = torch.nn.Parameter(torch.as_tensor(-math.log(init_tau - 1)))

    sys.modules["spikingjelly.clock_driven.neuron"].MultiStepParametricLIFNode = MultiStepParametricLIFNode
    functional = types.ModuleType("spikingjelly.clock_driven.functional")
    functional.reset_net = lambda net: None
    sys.modules["spikingjelly"].datasets = datasets
    sys.modules["spikingjelly.clock_driven"].functional = functional
    tensorboard = types.ModuleType("torch.utils.tensorboard")
    tensorboard.SummaryWriter = lambda *args, **kwargs: types.SimpleNamespace(add_scalar=lambda *a, **k: None)
    for module in (datasets, cifar10_dvs, functional, tensorboard):
        sys.modules[module.__name__] = module


def dvs_locate(got, candidates, crops, frames):
    """Which training sample (and crop) a recorded sample [T', 2, H, W] is."""
    for index, candidate in enumerate(candidates):
        kept = candidate[frames]
        for top, left in crops:
            if torch.equal(kept[..., top:top + got.shape[-2], left:left + got.shape[-1]].float(), got):
                return index, [top, left]
    raise AssertionError("a recorded sample matches no training sample")


def tensor_record(tensor):
    """A state_dict tensor as the fixture keeps it: its SHA-256, and, for a comparison within a tolerance where
    another processor's kernels round the initialisation's last operation otherwise, its sum and its first and last
    16 values."""
    flat = tensor.detach().flatten()
    return {"sha256": hashlib.sha256(tensor.contiguous().numpy().tobytes()).hexdigest(),
            "sum": flat.double().sum().item(), "head": flat[:16].double().tolist(), "tail": flat[-16:].double().tolist()}


def prepare_second_run(data, cache, T):
    """The synthetic frames in <data>, then train.py as a second run meets them: its module imported afresh (which
    seeds random, torch and NumPy), the split made and pickled into <cache> as its first run does (which draws
    nothing), and the generators seeded again, as a fresh process stands when main() begins. Returns the module, the
    origin dataset and the training Subset."""
    import random
    import sys
    write_dvs_frames(data, T)
    sys.modules.pop("train", None)
    import train  # noqa: E402 (the mirror's cifar10dvs/train.py)
    origin = train.cifar10_dvs.CIFAR10DVS(root=data, data_type="frame", frames_number=T, split_by="number")
    train_set, test_set = train.split_to_train_test_set(0.9, origin, 10)
    os.makedirs(cache)
    torch.save(train_set, os.path.join(cache, f"train_set_{T}.pt"))
    torch.save(test_set, os.path.join(cache, f"test_set_{T}.pt"))
    random.seed(train.seed)
    torch.manual_seed(train.seed)
    np.random.seed(train.seed)
    return train, origin, train_set


def cifar10dvs(mirror):
    import sys
    import torch.nn.functional as F

    root = tempfile.mkdtemp(prefix="reference-cifar10dvs-")
    code = os.path.join(root, "code")
    reference_code.export(mirror, COMMIT, ["cifar10dvs/train.py", "cifar10dvs/smodels.py", "cifar10dvs/layers.py"], code)
    sys.path.insert(0, os.path.join(code, "cifar10dvs"))
    install_dvs_stand_ins()
    import smodels  # noqa: E402 (from the mirror)
    runs = []
    for name, model, T, workers, T_train, dsr in DVS_RUNS:
        data, cache, out = (os.path.join(root, name, part) for part in ("data", "cache", "out"))
        train, origin, train_set = prepare_second_run(data, cache, T)

        built, batches, chosen, labels = {}, [], [], []
        real = getattr(smodels, model)

        def build(*args, **kwargs):
            net = real(*args, **kwargs)
            built["parameters"] = {k: tensor_record(v) for k, v in net.state_dict().items()}

            def record(x):
                if net.training:
                    batches.append(x.detach().clone())
                return net.out(torch.zeros(x.shape[0], net.out.in_features))

            net.forward = record
            return net

        def choice(*args, **kwargs):
            picked = real_choice(*args, **kwargs)
            chosen.append(picked)
            return picked

        def cross_entropy(output, label, *args, **kwargs):
            if output.requires_grad and torch.is_grad_enabled():
                labels.append(label.tolist())
            return real_cross_entropy(output, label, *args, **kwargs)

        real_choice, real_cross_entropy = np.random.choice, F.cross_entropy
        setattr(smodels, model, build)
        np.random.choice, F.cross_entropy = choice, cross_entropy
        argv = ["train.py", "-model", model, "-cnf", "ADD", "-T", str(T), "-b", "2", "-epochs", "2", "-j", str(workers),
                "-device", "cpu", "-lr", "0.01", "-data_dir", data, "-dts_cache", cache, "-out_dir", out]
        if T_train:
            argv += ["-T_train", str(T_train)]
        if dsr:
            argv += ["--dsr_da"]
        sys.argv = argv
        try:
            train.main()
        finally:
            setattr(smodels, model, real)
            np.random.choice, F.cross_entropy = real_choice, real_cross_entropy

        candidates = [torch.tensor(origin[i][0]) for i in train_set.indices]
        if dsr:
            candidates = [F.pad(F.interpolate(c, size=[48, 48], mode="bilinear", align_corners=False), [4] * 4)
                          for c in candidates]
        crops = [(top, left) for top in range(9) for left in range(9)] if dsr else [(0, 0)]
        per_epoch = len(train_set) // 2
        epochs = [[] for _ in range(2)]
        for b, frames in enumerate(batches):
            kept = sorted(int(v) for v in chosen[b]) if T_train else list(range(T))
            located = [dvs_locate(sample, candidates, crops, kept) for sample in frames]
            epochs[b // per_epoch].append({
                "indices": [i for i, _ in located], "crops": [c for _, c in located], "frames": kept,
                "labels": labels[b], "sha256": hashlib.sha256(frames.numpy().tobytes()).hexdigest()})
        runs.append({"name": name, "model": model, "T": T, "workers": workers, "T_train": T_train, "dsr_da": dsr,
                     "batch_size": 2, "parameters": built["parameters"], "epochs": epochs})
    return {"seed": 9, "classes": DVS_CLASSES, "per_class": DVS_PER_CLASS, "runs": runs}


def main():
    parser = argparse.ArgumentParser()
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--mirror", default="/work/.mirror/CAS-CLab+Gated-LIF/repo")
    parser.add_argument("--out", default=os.path.join(repo, "tests", "GatedLif.Tests", "Fixtures", "loaders"))
    parser.add_argument("--only", choices=["cifar10", "imagefolder", "cifar10dvs"])
    args = parser.parse_args()
    for name, pipeline in (("cifar10", cifar), ("imagefolder", imagenet), ("cifar10dvs", cifar10dvs)):
        if args.only and name != args.only:
            continue
        with open(os.path.join(args.out, f"{name}.json"), "w") as f:
            json.dump(pipeline(args.mirror), f)
            f.write("\n")


if __name__ == "__main__":
    main()
