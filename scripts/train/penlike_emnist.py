#!/usr/bin/env python3
"""Pen-like EMNIST (issue 9): EMNIST images re-drawn the way the pad draws a pen character.

EMNIST letters are scanned felt-pen strokes of varying width, blurred and scaled by their own
pipeline; the pad renders thin constant-width polylines (normalize.ts renderStrokes). To give the
network EMNIST's many writers in the pad's look, each upright EMNIST image is
  1. upsampled 3x (bilinear) and thresholded,
  2. thinned to a 1-px skeleton (Zhang-Suen, vectorised over a batch in torch),
  3. taken as a set of centre-line points, optionally slanted/rotated/stretched like penAugment.ts,
  4. framed exactly like renderStrokes frames a drawing: the centre-line box's longer side spans
     FRAME.box - pen width, centred at 14; each pixel = clamp(r + 0.5 - distance to the centre line,
     0, 1) (the renderer's 1-px anti-aliased round pen); gaussian blur 0.7; stretched to max 1.
Pen width is random around the app's 2.6 px. No stroke order is needed: the renderer's pixels depend
only on the distance to the centre line, which the dense skeleton points give (spacing ~0.3 px).

  /usr/bin/python3 scripts/train/penlike_emnist.py --grid reports/penlike-grid.png   # look at it
The training script calls make_penlike() once and caches the result in .cache/train/emnist-penlike.u8.
"""
import argparse, os, sys, time
import numpy as np
import torch
import torch.nn.functional as F

SIDE = 28
FRAME_BOX, FRAME_THICKNESS, FRAME_BLUR = 22.0, 2.6, 0.7      # normalize.ts FRAME
UP = 3                                                      # thinning resolution (x EMNIST)


def _zs_luts():
    """Deletion tables of Zhang-Suen's two sub-iterations, indexed by the 8-neighbour code
    (bit i = P(i+2), clockwise from north): 2 <= B <= 6, A == 1 and the sub-iteration's side conditions."""
    luts = np.zeros((2, 256), bool)
    for code in range(256):
        n = [(code >> i) & 1 for i in range(8)]
        b = sum(n)
        a = sum(1 for i in range(8) if n[i] == 0 and n[(i + 1) % 8] == 1)
        p2, p4, p6, p8 = n[0], n[2], n[4], n[6]
        ok = 2 <= b <= 6 and a == 1
        luts[0, code] = ok and not (p2 and p4 and p6) and not (p4 and p6 and p8)
        luts[1, code] = ok and not (p2 and p4 and p8) and not (p2 and p6 and p8)
    return luts


ZS_LUTS = _zs_luts()
# (dy, dx) of P2..P9, clockwise from north.
_NB = [(-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1)]


def zhang_suen(img, max_iter=60):
    """Zhang-Suen thinning of a batch of binary images [N,H,W] (bool numpy) to 1-px skeletons.
    Vectorised: each sub-iteration codes every pixel's 8 neighbours in one byte and looks the deletion
    up in a table; images that stopped changing drop out of the batch."""
    img = img.astype(np.uint8)
    n, h, w = img.shape
    active = np.arange(n)
    for _ in range(max_iter):
        if len(active) == 0:
            break
        sub = img[active]
        changed = np.zeros(len(active), bool)
        for step in (0, 1):
            p = np.pad(sub, ((0, 0), (1, 1), (1, 1)))
            code = np.zeros_like(sub)
            for bit, (dy, dx) in enumerate(_NB):
                code |= p[:, 1 + dy:1 + dy + h, 1 + dx:1 + dx + w] << bit
            kill = ZS_LUTS[step][code] & (sub == 1)
            changed |= kill.reshape(len(sub), -1).any(1)
            sub[kill] = 0
        img[active] = sub
        active = active[changed]
    return img.astype(bool)


def skeletons(x_u8, thresh=0.7):
    """Upright EMNIST uint8 [N,28,28] -> bool skeletons [N,84,84] at UP x resolution. The threshold is
    relative to each image's peak; 0.7 rather than 0.5 keeps the gaps of bold letters (E's bars) open,
    which a lower one fills, thinning the E to a C (reports/penlike-grid.png)."""
    x = torch.from_numpy(x_u8).float().div_(255).unsqueeze(1)
    up = F.interpolate(x, scale_factor=UP, mode='bilinear', align_corners=False)[:, 0]
    peak = up.amax((1, 2), keepdim=True)
    return torch.from_numpy(zhang_suen((up > thresh * peak).numpy()))


def _blur_kernel(sigma):
    r = max(1, int(np.ceil(sigma * 2.5)))
    k = np.exp(-np.arange(-r, r + 1) ** 2 / (2 * sigma * sigma))
    return torch.tensor(k / k.sum(), dtype=torch.float32)


def render_points(pts, counts, thickness, box=FRAME_BOX, blur=FRAME_BLUR):
    """Renders padded centre-line point sets [N,P,2] (x, y; first counts[i] valid) as the app does."""
    n, p, _ = pts.shape
    valid = torch.arange(p)[None, :] < counts[:, None]
    big = torch.tensor(1e6)
    lo = torch.where(valid[..., None], pts, big).amin(1)
    hi = torch.where(valid[..., None], pts, -big).amax(1)
    longer = (hi - lo).amax(1)
    inner = (box - thickness).clamp(min=1)
    scale = torch.where(longer > 0, inner / longer.clamp(min=1e-6), torch.ones_like(longer))
    c = (lo + hi) / 2
    q = (pts - c[:, None, :]) * scale[:, None, None] + SIDE / 2
    q = torch.where(valid[..., None], q, torch.tensor(1e4))
    g = torch.arange(SIDE, dtype=torch.float32) + 0.5
    grid = torch.stack(torch.meshgrid(g, g, indexing='ij')[::-1], -1).reshape(1, -1, 2)   # (x, y) per pixel
    d = torch.cdist(grid.expand(n, -1, -1), q).amin(2)                                     # [N, 784]
    img = ((thickness / 2)[:, None] + 0.5 - d).clamp(0, 1).reshape(n, 1, SIDE, SIDE)
    k = _blur_kernel(blur)
    r = (len(k) - 1) // 2
    img = F.conv2d(F.pad(img, (r, r, 0, 0)), k.reshape(1, 1, 1, -1))
    img = F.conv2d(F.pad(img, (0, 0, r, r)), k.reshape(1, 1, -1, 1))[:, 0]
    m = img.amax((1, 2), keepdim=True)
    return torch.where((m > 0) & (m < 1), (img / m.clamp(min=1e-9)).clamp(max=1), img)


def _augment_points(pts, gen, strength):
    """Slant, rotation and aspect about the centre (penAugment.ts's global affine), per image."""
    n = pts.shape[0]
    u = lambda a, b: a + (b - a) * torch.rand(n, generator=gen)
    shear = u(-0.35, 0.35) * strength
    rot = torch.randn(n, generator=gen) * 0.09 * strength
    aspect = torch.exp(torch.randn(n, generator=gen) * 0.15 * strength)
    sx, sy = aspect.sqrt(), 1 / aspect.sqrt()
    x, y = pts[..., 0], pts[..., 1]
    x = x - shear[:, None] * y                          # y down: positive shear slants the top right
    cos, sin = torch.cos(rot)[:, None], torch.sin(rot)[:, None]
    xr, yr = x * cos - y * sin, x * sin + y * cos
    return torch.stack([xr * sx[:, None], yr * sy[:, None]], -1)


def make_penlike(x_u8, seed=11, augment=0.7, width=(2.2, 3.0), chunk=512, log=print):
    """Upright EMNIST uint8 [N,28,28] -> pen-like uint8 [N,28,28]. Blank skeletons keep the raw image."""
    gen = torch.Generator(); gen.manual_seed(seed)
    out = np.empty_like(x_u8)
    t0 = time.time()
    for i in range(0, len(x_u8), chunk):
        xb = x_u8[i:i + chunk]
        sk = skeletons(xb)
        counts = sk.flatten(1).sum(1)
        p = max(1, int(counts.max()))
        pts = torch.full((len(xb), p, 2), 0.0)
        nz = sk.nonzero()                                               # (img, y, x), grouped by image
        rank = torch.arange(len(nz)) - torch.repeat_interleave(torch.cumsum(counts, 0) - counts, counts)
        pts[nz[:, 0], rank] = torch.stack([nz[:, 2], nz[:, 1]], 1).float().add_(0.5).div_(UP)
        # Augment about the box centre of the valid points (padding is ignored by render_points).
        valid = (torch.arange(p)[None, :] < counts[:, None])[..., None]
        lo = torch.where(valid, pts, torch.tensor(1e6)).amin(1); hi = torch.where(valid, pts, torch.tensor(-1e6)).amax(1)
        cen = ((lo + hi) / 2)[:, None, :]
        pts = _augment_points(pts - cen, gen, augment) + cen
        thick = width[0] + (width[1] - width[0]) * torch.rand(len(xb), generator=gen)
        img = render_points(pts, counts, thick)
        u8 = (img * 255).round().clamp(0, 255).to(torch.uint8).numpy()
        blank = (counts == 0).numpy()
        u8[blank] = xb[blank]
        out[i:i + chunk] = u8
        if (i // chunk) % 40 == 0:
            log(f'pen-like EMNIST {i + len(xb)}/{len(x_u8)} ({time.time() - t0:.0f}s)')
    return out


def cached_penlike(pool_x, cache_dir, copies=2, log=print):
    """Pen-like copies [copies,N,28,28] of the EMNIST pool, computed once into
    <cache_dir>/emnist-penlike.u8 (+ .json naming the pool's hash, so a changed pool recomputes).
    Copy k uses seed 11 + k and augmentation strength 0.5 + 0.5 k (copy 0 mild, copy 1 penAugment's)."""
    import hashlib, json
    u8, meta_path = os.path.join(cache_dir, 'emnist-penlike.u8'), os.path.join(cache_dir, 'emnist-penlike.json')
    key = {'n': int(len(pool_x)), 'copies': copies, 'pool_sha1': hashlib.sha1(pool_x.tobytes()).hexdigest(),
           'up': UP, 'threshold': 0.7, 'width': [2.2, 3.0], 'augment': [0.5 + 0.5 * k for k in range(copies)],
           'frame': {'box': FRAME_BOX, 'thickness': FRAME_THICKNESS, 'blur': FRAME_BLUR}}
    if os.path.exists(u8) and os.path.exists(meta_path):
        with open(meta_path) as fh:
            if json.load(fh) == key:
                log(f'pen-like EMNIST from {u8}')
                return np.fromfile(u8, dtype=np.uint8).reshape(copies, len(pool_x), SIDE, SIDE)
    out = np.stack([make_penlike(pool_x, seed=11 + k, augment=key['augment'][k], log=log) for k in range(copies)])
    os.makedirs(cache_dir, exist_ok=True)
    out.tofile(u8)
    with open(meta_path, 'w') as fh:
        json.dump(key, fh)
    log(f'wrote {u8}')
    return out


def save_grid(path, rows, scale=3):
    """rows: list of uint8 [K,28,28] arrays (one row each) -> grayscale PNG (no PIL: zlib + struct)."""
    import zlib, struct
    k = max(len(r) for r in rows)
    h, w = len(rows) * 30, k * 30
    canvas = np.full((h, w), 60, np.uint8)
    for ri, r in enumerate(rows):
        for ci, im in enumerate(r):
            canvas[ri * 30 + 1:ri * 30 + 29, ci * 30 + 1:ci * 30 + 29] = im
    canvas = np.kron(canvas, np.ones((scale, scale), np.uint8))
    raw = b''.join(b'\x00' + canvas[y].tobytes() for y in range(canvas.shape[0]))
    def chunk(t, d):
        c = struct.pack('>I', len(d)) + t + d
        return c + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', canvas.shape[1], canvas.shape[0], 8, 0, 0, 0, 0))
    png += chunk(b'IDAT', zlib.compress(raw, 6)) + chunk(b'IEND', b'')
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, 'wb') as fh:
        fh.write(png)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    import train_handwriting as th
    root = os.path.abspath(os.path.join(here, '..', '..'))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default=os.path.join(root, '..', 'shared', 'data', 'emnist'))
    ap.add_argument('--pen', default=os.path.join(root, '.cache', 'train'))
    ap.add_argument('--grid', default=os.path.join(root, 'reports', 'penlike-grid.png'))
    ap.add_argument('--chars', default='AEGKMNRSWaegk3')
    ap.add_argument('--per-class', type=int, default=3)
    ap.add_argument('--precompute', action='store_true', help='also write the cache the training reads')
    args = ap.parse_args()
    pool_x, yf, yl, *_ = th.build_joint_emnist(args.data)
    if args.precompute:
        cached_penlike(pool_x, args.pen, log=th.log)
    pen = th.read_pen(args.pen, 'validation')
    rows_pen, rows_raw, rows_pl = [], [], []
    idx_em = []
    rng = np.random.default_rng(3)
    for ch in args.chars:
        fi = th.BYCLASS.index(ch)
        cand = np.nonzero(yf == fi)[0]
        idx_em += list(rng.choice(cand, args.per_class, replace=False))
        pc = np.nonzero(pen['labels'] == ch)[0]
        rows_pen += list(pen['x'][rng.choice(pc, args.per_class, replace=False)])
    raw = pool_x[idx_em]
    t0 = time.time()
    pl = make_penlike(raw)
    print(f'{len(raw)} images in {time.time() - t0:.2f}s')
    # Rows of up to 21 images: pen render / raw EMNIST / pen-like EMNIST, same classes in the same columns.
    rows = []
    for s in range(0, len(raw), 21):
        rows += [np.array(rows_pen[s:s + 21]), raw[s:s + 21], pl[s:s + 21]]
    save_grid(args.grid, rows)
    print(f'wrote {args.grid}')


if __name__ == '__main__':
    main()
