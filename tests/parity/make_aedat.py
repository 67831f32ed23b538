"""Writes random AER-DAT 2.0 files in CIFAR10-DVS's layout for local parity checks.

usage: /usr/bin/python3 make_aedat.py ROOT CLASSES FILES_PER_CLASS [SEED]
Addresses carry random bits outside the decoded fields; some files hold fewer events than 16 frames.
"""
import numpy as np, os, sys

root, classes, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(int(sys.argv[4]) if len(sys.argv) > 4 else 0)
names = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'][:classes]
for c in names:
    os.makedirs(os.path.join(root, c), exist_ok=True)
    for k in range(per):
        n = int(rng.integers(1, 12)) if k % 4 == 3 else int(rng.integers(50, 5000))
        x0 = rng.integers(0, 128, n, dtype=np.uint32)
        y0 = rng.integers(0, 128, n, dtype=np.uint32)
        p0 = rng.integers(0, 2, n, dtype=np.uint32)
        noise = rng.integers(0, 2 ** 17, n, dtype=np.uint32) << np.uint32(15)
        addr = noise | (y0 << np.uint32(8)) | (x0 << np.uint32(1)) | p0
        t = (np.cumsum(rng.integers(0, 50, n)) + int(rng.integers(0, 1000))).astype(np.uint32)
        data = np.empty(2 * n, dtype='>u4')
        data[0::2] = addr
        data[1::2] = t
        with open(os.path.join(root, c, f'cifar10_{c}_{k}.aedat'), 'wb') as f:
            f.write(b'#!AER-DAT2.0\r\n# This is a raw AE data file - do not edit\r\n'
                    b'# Data format is int32 address, int32 timestamp (8 bytes total), repeated for each event\r\n')
            f.write(data.tobytes())
