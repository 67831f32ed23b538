"""Writes tests/GatedLif.Tests/Fixtures/fashion_mnist_golden_indices.json: for each of the 300 images in
../shared/golden/cifar/cifar-10-batches-py/test_batch, the index of the Fashion-MNIST test image (t10k) it was made
from. They are not the first 300: the reference took a random sample whose seed is unknown, so the images are found
by content (the 28x28 centre of the red plane). Needs Debian's dataset-fashion-mnist and python3-numpy:
/usr/bin/python3 fashion_mnist_golden_indices.py"""
import gzip
import json
import os
import pickle

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "..", "..", "shared", "golden", "cifar", "cifar-10-batches-py", "test_batch")
T10K = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"


def main():
    with open(GOLDEN, "rb") as f:
        golden = pickle.load(f, encoding="latin1")["data"].reshape(-1, 3, 32, 32)
    with gzip.open(T10K) as f:
        t10k = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    where = {image.tobytes(): i for i, image in enumerate(t10k)}
    indices = [where[image[0, 2:30, 2:30].tobytes()] for image in golden]
    assert len(set(indices)) == len(indices), "an image occurs twice"

    out = os.path.join(HERE, "..", "GatedLif.Tests", "Fixtures", "fashion_mnist_golden_indices.json")
    with open(out, "w") as f:
        json.dump({"generator": "tests/fixture-generators/fashion_mnist_golden_indices.py",
                   "golden": "golden/cifar/cifar-10-batches-py/test_batch",
                   "source": "t10k-images-idx3-ubyte.gz", "indices": indices}, f)
        f.write("\n")
    print(f"wrote {len(indices)} indices to {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
