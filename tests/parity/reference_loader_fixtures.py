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
"""
import argparse
import base64
import hashlib
import json
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


def main():
    parser = argparse.ArgumentParser()
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--mirror", default="/work/.mirror/CAS-CLab+Gated-LIF/repo")
    parser.add_argument("--out", default=os.path.join(repo, "tests", "GatedLif.Tests", "Fixtures", "loaders"))
    args = parser.parse_args()
    for name, pipeline in (("cifar10", cifar), ("imagefolder", imagenet)):
        with open(os.path.join(args.out, f"{name}.json"), "w") as f:
            json.dump(pipeline(args.mirror), f)
            f.write("\n")


if __name__ == "__main__":
    main()
