"""Local parity check (not CI): frames of our cache against SpikingJelly 0.0.0.0.10's rules, transcribed.

usage: /usr/bin/python3 dvs_frames_reference.py DATA_DIR T
Reads DATA_DIR/<class>/*.aedat, integrates them as cifar10_dvs.load_origin_data +
integrate_events_by_fixed_frames_number(split_by='number') do, and compares with
DATA_DIR/frames_number_T_split_by_number/<class>/<file>.npz written by `gatedlif dvs`.
"""
import os, sys
import numpy as np


def skip_header(fp):
    p = 0
    lt = fp.readline()
    ltd = lt.decode().strip()
    while ltd and ltd[0] == "#":
        p += len(lt)
        lt = fp.readline()
        try:
            ltd = lt.decode().strip()
        except UnicodeDecodeError:
            break
    return p


def load_origin_data(file_name):
    with open(file_name, 'rb') as fp:
        p = skip_header(fp)
        fp.seek(p)
        data = np.frombuffer(fp.read(), dtype='>u4')
    if len(data) % 2 != 0:
        raise ValueError('odd number of data elements')
    addr, t = data[::2], data[1::2]
    x = (addr & 0xfE) >> 1
    y = (addr & 0x7f00) >> 8
    p = (addr & 1).astype(bool)
    return {'t': t, 'x': 127 - y, 'y': 127 - x, 'p': 1 - p.astype(int)}


def integrate_events_segment_to_frame(events, H, W, j_l=0, j_r=-1):
    frame = np.zeros(shape=[2, H * W])
    x = events['x'][j_l: j_r].astype(int)
    y = events['y'][j_l: j_r].astype(int)
    p = events['p'][j_l: j_r]
    mask = [p == 0]
    mask.append(np.logical_not(mask[0]))
    for c in range(2):
        position = y[mask[c]] * W + x[mask[c]]
        events_number_per_pos = np.bincount(position)
        frame[c][np.arange(events_number_per_pos.size)] += events_number_per_pos
    return frame.reshape((2, H, W))


def segment_index(events_t, split_by, frames_num):
    j_l = np.zeros(shape=[frames_num], dtype=int)
    j_r = np.zeros(shape=[frames_num], dtype=int)
    N = events_t.size
    if split_by == 'number':
        di = N // frames_num
        for i in range(frames_num):
            j_l[i] = i * di
            j_r[i] = j_l[i] + di
        j_r[-1] = N
    else:
        dt = (events_t[-1] - events_t[0]) // frames_num
        idx = np.arange(N)
        for i in range(frames_num):
            t_l = dt * i + events_t[0]
            t_r = t_l + dt
            mask = np.logical_and(events_t >= t_l, events_t < t_r)
            idx_masked = idx[mask]
            j_l[i] = idx_masked[0]
            j_r[i] = idx_masked[-1] + 1
        j_r[-1] = N
    return j_l, j_r


def integrate(events, split_by, frames_num, H=128, W=128):
    j_l, j_r = segment_index(events['t'], split_by, frames_num)
    frames = np.zeros([frames_num, 2, H, W])
    for i in range(frames_num):
        frames[i] = integrate_events_segment_to_frame(events, H, W, j_l[i], j_r[i])
    return frames


if __name__ == '__main__':
    root, T = sys.argv[1], int(sys.argv[2])
    cache = os.path.join(root, f'frames_number_{T}_split_by_number')
    files = equal = 0
    for c in sorted(os.listdir(root)):
        d = os.path.join(root, c)
        if not os.path.isdir(d) or c.startswith('frames_number_'):
            continue
        for f in sorted(os.listdir(d)):
            if not f.endswith('.aedat'):
                continue
            ref = integrate(load_origin_data(os.path.join(d, f)), 'number', T)
            ours = np.load(os.path.join(cache, c, f[:-6] + '.npz'))['frames']
            files += 1
            equal += int(ours.dtype == ref.dtype and ours.shape == ref.shape and np.array_equal(ours, ref))
    print(f'{equal} of {files} frame files equal (dtype, shape, values)')
