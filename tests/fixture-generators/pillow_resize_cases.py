"""Writes tests/GatedLif.Tests/Fixtures/pillow-resize/: a seeded random RGB image (source.png) and what Pillow's
Image.resize(size, BILINEAR) makes of it for several sizes (WxH.png), shrinking and enlarging each axis,
and a 4:2:0 JPEG of it with Pillow's decoded pixels. Run with Debian's Python (Pillow 9.4, numpy):
/usr/bin/python3 pillow_resize_cases.py"""
import os

import numpy as np
from PIL import Image

out = os.path.join(os.path.dirname(__file__), "..", "GatedLif.Tests", "Fixtures", "pillow-resize")
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(4)
# Smooth gradients plus noise, so both flat areas and edges are exercised.
y, x = np.mgrid[0:61, 0:97]
base = np.stack([x * 255 / 96, y * 255 / 60, (x + y) % 64 * 4], axis=-1)
pixels = np.clip(base + rng.integers(-40, 41, size=base.shape), 0, 255).astype(np.uint8)
source = Image.fromarray(pixels, "RGB")
source.save(os.path.join(out, "source.png"))
for w, h in [(40, 25), (13, 7), (130, 80), (97, 30), (50, 61), (150, 20), (1, 1)]:
    source.resize((w, h), Image.BILINEAR).save(os.path.join(out, f"{w}x{h}.png"))

# JPEG decoding: a 4:2:0 JPEG (Pillow's default subsampling) of the source and Pillow's decoded pixels as PNG.
source.save(os.path.join(out, "source-420.jpg"), quality=85)
Image.open(os.path.join(out, "source-420.jpg")).convert("RGB").save(os.path.join(out, "source-420.jpg.png"))
