#!/usr/bin/env python3
"""Train Mamba's handwriting models (seed CNN and softmax baseline) on EMNIST and export
them in Mamba's own format (models/handwriting/<id>/manifest.json + weights.bin +
reference.json) that the TypeScript engine loads with tfjs.

Runs on Debian's python3-torch (CPU, /usr/bin/python3) or any torch with CUDA.
The data protocol is the one in ../shared/data/emnist/SOURCE.md:
  test split    = emnist-byclass-test images with index % 5 == 0 (never trained on)
  training pool = every other byclass-test image + the other files, minus images that are
                  pixel-identical to a test-split image; a seeded 5% of it is validation.
Model selection uses validation only; the test figure is computed once, at the end.
"""
import argparse, gzip, hashlib, json, os, struct, sys, time, base64, datetime
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from penlike_emnist import cached_penlike

DIGITS = [str(d) for d in range(10)]
UPPER = [chr(ord('A') + i) for i in range(26)]
LOWER = [chr(ord('a') + i) for i in range(26)]
BYCLASS = DIGITS + UPPER + LOWER                      # byclass label order
BALANCED = DIGITS + UPPER + list('abdefghnqrt')       # balanced label order
MERGED_IN_BALANCED = set('CIJKLMOPSUVWXYZ')           # balanced classes that mix both cases


def log(msg):
    print(f"[train {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def read_idx(path):
    with gzip.open(path, 'rb') as f:
        data = f.read()
    magic = struct.unpack('>I', data[:4])[0]
    if magic == 2051:
        n, h, w = struct.unpack('>III', data[4:16])
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, h, w)
    if magic == 2049:
        n = struct.unpack('>I', data[4:8])[0]
        return np.frombuffer(data, dtype=np.uint8, offset=8).reshape(n)
    raise ValueError(f'{path}: not an idx file (magic {magic})')


def load_split(data_dir, prefix):
    imgs = read_idx(os.path.join(data_dir, f'{prefix}-images-idx3-ubyte.gz'))
    labels = read_idx(os.path.join(data_dir, f'{prefix}-labels-idx1-ubyte.gz'))
    return imgs, labels


def upright(imgs):
    # EMNIST stores images transposed (the seed's fix_data.py): transpose back.
    return np.ascontiguousarray(imgs.transpose(0, 2, 1))


def build_datasets(data_dir):
    """Returns {'letters': (pool_x, pool_y, test_x, test_y), 'full': ...} with upright uint8 images."""
    bx, by = load_split(data_dir, 'emnist-byclass-test')
    idx = np.arange(len(bx))
    test_mask = idx % 5 == 0
    test_hashes = {hashlib.sha1(im.tobytes()).digest() for im in bx[test_mask]}

    def not_in_test(imgs):
        return np.array([hashlib.sha1(im.tobytes()).digest() not in test_hashes for im in imgs], dtype=bool)

    # Each source as (images, list of class chars or None (=unusable) per model)
    sources = []
    chars = np.array([BYCLASS[l] for l in by])
    sources.append(('byclass-test(pool)', bx[~test_mask], chars[~test_mask], True))
    for prefix, kind in [('emnist-letters-test', 'letters'), ('emnist-letters-train-partial', 'letters'),
                         ('emnist-balanced-train-partial', 'balanced'), ('emnist-digits-train-partial', 'digits'),
                         ('emnist-mnist-test', 'digits')]:
        x, y = load_split(data_dir, prefix)
        keep = not_in_test(x)
        log(f'{prefix}: {len(x)} images, {int((~keep).sum())} identical to test images dropped')
        x, y = x[keep], y[keep]
        if kind == 'letters':
            c = np.array([UPPER[l - 1] for l in y])
            sources.append((prefix, x, c, False))      # case unknown: letters model only
        elif kind == 'balanced':
            c = np.array([BALANCED[l] for l in y])
            sources.append((prefix, x, c, None))       # case known except merged classes
        else:
            c = np.array([DIGITS[l] for l in y])
            sources.append((prefix, x, c, True))

    out = {}
    for model_id, classes in [('letters', UPPER), ('full', BYCLASS)]:
        cidx = {c: i for i, c in enumerate(classes)}
        xs, ys = [], []
        for name, x, c, case_known in sources:
            if model_id == 'letters':
                keep = np.array([ch.isalpha() for ch in c], dtype=bool)
                labels = [cidx[ch.upper()] for ch in c[keep]]
            else:
                if case_known is False:
                    continue
                keep = np.array([not (case_known is None and ch in MERGED_IN_BALANCED) for ch in c], dtype=bool)
                labels = [cidx[ch] for ch in c[keep]]
            xs.append(x[keep]); ys.append(np.array(labels, dtype=np.int64))
        pool_x = upright(np.concatenate(xs)); pool_y = np.concatenate(ys)
        tc = chars[test_mask]
        if model_id == 'letters':
            keep = np.array([ch.isalpha() for ch in tc], dtype=bool)
            test_x = upright(bx[test_mask][keep]); test_y = np.array([cidx[ch.upper()] for ch in tc[keep]])
        else:
            test_x = upright(bx[test_mask]); test_y = np.array([cidx[ch] for ch in tc])
        out[model_id] = (pool_x, pool_y, test_x, test_y.astype(np.int64), classes)
        log(f'{model_id}: pool {len(pool_x)}, test {len(test_x)}')
    return out


class SeedCNN(nn.Module):
    """conv32-conv32-pool-drop-conv64-conv64-pool-drop-conv128-drop-flatten-dense128-BN-drop-dense."""

    def __init__(self, n_classes, padding):
        super().__init__()
        p = 1 if padding == 'same' else 0
        self.padding = padding
        self.c1 = nn.Conv2d(1, 32, 3, padding=p); self.c2 = nn.Conv2d(32, 32, 3, padding=p)
        self.c3 = nn.Conv2d(32, 64, 3, padding=p); self.c4 = nn.Conv2d(64, 64, 3, padding=p)
        self.c5 = nn.Conv2d(64, 128, 3, padding=p)
        side = 28
        side = side if p else side - 4
        side //= 2
        side = side if p else side - 4
        side //= 2
        side = side if p else side - 2
        self.side = side
        self.d1 = nn.Linear(128 * side * side, 128)
        self.bn = nn.BatchNorm1d(128, eps=1e-5)
        self.d2 = nn.Linear(128, n_classes)
        self.drop_conv = nn.Dropout(0.25); self.drop_dense = nn.Dropout(0.5)

    def forward(self, x):
        x = F.relu(self.c2(F.relu(self.c1(x))))
        x = self.drop_conv(F.max_pool2d(x, 2))
        x = F.relu(self.c4(F.relu(self.c3(x))))
        x = self.drop_conv(F.max_pool2d(x, 2))
        x = self.drop_conv(F.relu(self.c5(x)))
        x = torch.flatten(x, 1)                       # C,H,W order (reordered on export)
        x = self.drop_dense(self.bn(F.relu(self.d1(x))))
        return self.d2(x)

    def export_layers(self):
        s = self.side
        def conv(name, m):
            return ({'type': 'conv2d', 'filters': m.out_channels, 'kernel': 3, 'padding': self.padding,
                     'activation': 'relu', 'weights': [f'{name}.kernel', f'{name}.bias']},
                    {f'{name}.kernel': m.weight.detach().cpu().numpy().transpose(2, 3, 1, 0),  # [out,in,kh,kw]->[kh,kw,in,out]
                     f'{name}.bias': m.bias.detach().cpu().numpy()})
        layers, tensors = [], {}
        for spec in [conv('c1', self.c1), conv('c2', self.c2)]:
            layers.append(spec[0]); tensors.update(spec[1])
        layers += [{'type': 'maxpool', 'size': 2}, {'type': 'dropout', 'rate': 0.25}]
        for spec in [conv('c3', self.c3), conv('c4', self.c4)]:
            layers.append(spec[0]); tensors.update(spec[1])
        layers += [{'type': 'maxpool', 'size': 2}, {'type': 'dropout', 'rate': 0.25}]
        spec = conv('c5', self.c5); layers.append(spec[0]); tensors.update(spec[1])
        layers += [{'type': 'dropout', 'rate': 0.25}, {'type': 'flatten'}]
        # Dense after flatten: torch rows are indexed C,H,W; tfjs flattens H,W,C.
        w = self.d1.weight.detach().cpu().numpy().reshape(128, 128, s, s)   # [out, c, h, w]
        w = w.transpose(2, 3, 1, 0).reshape(s * s * 128, 128)              # [(h,w,c), out]
        tensors['d1.kernel'] = w; tensors['d1.bias'] = self.d1.bias.detach().cpu().numpy()
        layers.append({'type': 'dense', 'units': 128, 'activation': 'relu', 'weights': ['d1.kernel', 'd1.bias']})
        layers.append({'type': 'batchnorm', 'epsilon': self.bn.eps,
                       'weights': ['bn.gamma', 'bn.beta', 'bn.mean', 'bn.variance']})
        tensors.update({'bn.gamma': self.bn.weight.detach().cpu().numpy(), 'bn.beta': self.bn.bias.detach().cpu().numpy(),
                        'bn.mean': self.bn.running_mean.detach().cpu().numpy(),
                        'bn.variance': self.bn.running_var.detach().cpu().numpy()})
        layers.append({'type': 'dropout', 'rate': 0.5})
        layers.append({'type': 'dense', 'units': self.d2.out_features, 'activation': 'softmax',
                       'weights': ['d2.kernel', 'd2.bias']})
        tensors['d2.kernel'] = self.d2.weight.detach().cpu().numpy().T
        tensors['d2.bias'] = self.d2.bias.detach().cpu().numpy()
        return layers, tensors


def folded_conv(name, conv, bn):
    """A conv (full or depthwise, 'same' padding) followed by batch norm and relu, exported as one fused layer:
    (the manifest's layer entry, its tensors). Kernels go from torch [O,I,k,k] to tfjs [k,k,I,O]; a depthwise
    one from torch [C,1,k,k] to tfjs [k,k,C,1]."""
    s = (bn.weight / torch.sqrt(bn.running_var + bn.eps)).detach()
    w = (conv.weight.detach() * s[:, None, None, None]).cpu().numpy()
    bias = (bn.bias.detach() - bn.running_mean.detach() * s).cpu().numpy()
    k = conv.kernel_size[0]
    if conv.groups > 1:
        layer = {'type': 'depthwiseConv2d', 'kernel': k}
        w = w.transpose(2, 3, 0, 1)
    else:
        layer = {'type': 'conv2d', 'filters': conv.out_channels, 'kernel': k}
        w = w.transpose(2, 3, 1, 0)
    layer.update({'padding': 'same', 'activation': 'relu', 'weights': [f'{name}.kernel', f'{name}.bias']})
    return layer, {f'{name}.kernel': w, f'{name}.bias': bias}


class TwoHeadNet(nn.Module):
    """A trunk ending in dense(relu) + dropout, and one linear head per model (letters 26, full 62), trained
    jointly; subclasses build self.d1, self.drop, self.heads and self.side, and define trunk()."""

    def forward(self, x, head=None):
        h = self.trunk(x)
        if head is not None:
            return self.heads[head](h)
        return {k: m(h) for k, m in self.heads.items()}

    def export_dense(self, head, channels, layers, tensors):
        """Appends flatten, the dense layer (its rows re-ordered from torch's C,H,W to tfjs's H,W,C), dropout
        and `head`'s softmax layer to an export."""
        layers.append({'type': 'flatten'})
        c, s, d = channels, self.side, self.d1.out_features
        w = self.d1.weight.detach().cpu().numpy().reshape(d, c, s, s).transpose(2, 3, 1, 0).reshape(s * s * c, d)
        tensors['d1.kernel'] = w; tensors['d1.bias'] = self.d1.bias.detach().cpu().numpy()
        layers.append({'type': 'dense', 'units': d, 'activation': 'relu', 'weights': ['d1.kernel', 'd1.bias']})
        layers.append({'type': 'dropout', 'rate': self.drop.p})
        hd = self.heads[head]
        layers.append({'type': 'dense', 'units': hd.out_features, 'activation': 'softmax',
                       'weights': ['out.kernel', 'out.bias']})
        tensors['out.kernel'] = hd.weight.detach().cpu().numpy().T
        tensors['out.bias'] = hd.bias.detach().cpu().numpy()
        return layers, tensors


class SmallCNN(TwoHeadNet):
    """The pad's small network (~2.8 M multiply-adds per character, 8x fewer than SeedCNN):
    conv16-pool-conv40-pool-conv80-pool3/2-dense128, each conv with batch norm (folded into the conv on
    export, so the app runs three fused conv+relu ops) and one head per model (letters 26, full 62) on
    a shared trunk, trained jointly: one run gives both models."""

    def __init__(self, heads, widths=(16, 40, 80), dense=128, dropout=0.3):
        super().__init__()
        a, b, c = widths[:3]
        self.c1 = nn.Conv2d(1, a, 3, padding=1, bias=False); self.b1 = nn.BatchNorm2d(a)
        self.c2 = nn.Conv2d(a, b, 3, padding=1, bias=False); self.b2 = nn.BatchNorm2d(b)
        self.c3 = nn.Conv2d(b, c, 3, padding=1, bias=False); self.b3 = nn.BatchNorm2d(c)
        # An optional fourth conv on the 3x3 map (--widths a,b,c,d): depth for the same arithmetic.
        self.c4 = nn.Conv2d(c, widths[3], 3, padding=1, bias=False) if len(widths) > 3 else None
        self.b4 = nn.BatchNorm2d(widths[3]) if len(widths) > 3 else None
        last = widths[-1]
        self.side = 3                                   # 28 -pool2-> 14 -pool2-> 7 -pool3/2-> 3
        self.d1 = nn.Linear(last * 9, dense)
        self.drop = nn.Dropout(dropout)
        self.heads = nn.ModuleDict({k: nn.Linear(dense, n) for k, n in heads.items()})

    def trunk(self, x):
        x = F.max_pool2d(F.relu(self.b1(self.c1(x))), 2)
        x = F.max_pool2d(F.relu(self.b2(self.c2(x))), 2)
        x = F.max_pool2d(F.relu(self.b3(self.c3(x))), 3, 2)
        if self.c4 is not None:
            x = F.relu(self.b4(self.c4(x)))
        return self.drop(F.relu(self.d1(torch.flatten(x, 1))))

    def macs(self):
        a, b, c = self.c1.out_channels, self.c2.out_channels, self.c3.out_channels
        n = max(m.out_features for m in self.heads.values())
        c4 = 9 * 9 * c * self.c4.out_channels if self.c4 is not None else 0
        return 784 * 9 * a + 196 * 9 * a * b + 49 * 9 * b * c + c4 + self.d1.in_features * self.d1.out_features + self.d1.out_features * n

    def export_layers(self, head):
        layers, tensors = [], {}
        for name, conv, bn, pool in [('c1', self.c1, self.b1, (2, 2)), ('c2', self.c2, self.b2, (2, 2)),
                                     ('c3', self.c3, self.b3, (3, 2))]:
            l, t = folded_conv(name, conv, bn)
            layers.append(l); tensors.update(t)
            layers.append({'type': 'maxpool', 'size': pool[0], 'stride': pool[1]})
        if self.c4 is not None:
            l, t = folded_conv('c4', self.c4, self.b4)
            layers.append(l); tensors.update(t)
        return self.export_dense(head, (self.c4 or self.c3).out_channels, layers, tensors)


class SeparableCNN(TwoHeadNet):
    """Width for the same arithmetic (--arch separable): a full 3x3 conv on the 28x28 image, then
    depthwise-separable blocks (3x3 depthwise + 1x1 pointwise, each with batch norm and relu, as in
    MobileNet), conv-pool2-sep-pool2-sep-sep-pool3/2-sep-dense, one head per model like SmallCNN.
    --widths a,b,c,d,e gives the conv's and each block's output channels (default 32,64,128,128,256:
    ~2.6 M multiply-adds, twice SmallCNN's widths)."""

    def __init__(self, heads, widths=(32, 64, 128, 128, 256), dense=128, dropout=0.3):
        super().__init__()
        a = widths[0]
        self.c1 = nn.Conv2d(1, a, 3, padding=1, bias=False); self.b1 = nn.BatchNorm2d(a)
        # (output channels, pool after the block as (size, stride) or None, side of the block's input)
        self.plan = [(widths[1], (2, 2), 14), (widths[2], None, 7), (widths[3], (3, 2), 7), (widths[4], None, 3)]
        self.blocks = nn.ModuleList()
        cin = a
        for cout, _, _ in self.plan:
            self.blocks.append(nn.ModuleDict({
                'dw': nn.Conv2d(cin, cin, 3, padding=1, groups=cin, bias=False), 'bd': nn.BatchNorm2d(cin),
                'pw': nn.Conv2d(cin, cout, 1, bias=False), 'bp': nn.BatchNorm2d(cout)}))
            cin = cout
        self.side = 3
        self.d1 = nn.Linear(cin * 9, dense)
        self.drop = nn.Dropout(dropout)
        self.heads = nn.ModuleDict({k: nn.Linear(dense, n) for k, n in heads.items()})

    def trunk(self, x):
        x = F.max_pool2d(F.relu(self.b1(self.c1(x))), 2)
        for blk, (_, pool, _) in zip(self.blocks, self.plan):
            x = F.relu(blk['bd'](blk['dw'](x)))
            x = F.relu(blk['bp'](blk['pw'](x)))
            if pool: x = F.max_pool2d(x, *pool)
        return self.drop(F.relu(self.d1(torch.flatten(x, 1))))

    def macs(self):
        n = max(m.out_features for m in self.heads.values())
        total = 784 * 9 * self.c1.out_channels
        for blk, (cout, _, side) in zip(self.blocks, self.plan):
            cin = blk['dw'].in_channels
            total += side * side * (9 * cin + cin * cout)
        return total + self.d1.in_features * self.d1.out_features + self.d1.out_features * n

    def export_layers(self, head):
        l, tensors = folded_conv('c1', self.c1, self.b1)
        layers = [l, {'type': 'maxpool', 'size': 2, 'stride': 2}]
        for i, (blk, (_, pool, _)) in enumerate(zip(self.blocks, self.plan)):
            for part, bn in (('dw', 'bd'), ('pw', 'bp')):
                l, t = folded_conv(f's{i}.{part}', blk[part], blk[bn])
                layers.append(l); tensors.update(t)
            if pool: layers.append({'type': 'maxpool', 'size': pool[0], 'stride': pool[1]})
        return self.export_dense(head, self.plan[-1][0], layers, tensors)


class Softmax(nn.Module):
    """The seed's softmax baseline: one dense layer over the 784 pixels."""

    def __init__(self, n_classes):
        super().__init__()
        self.d = nn.Linear(784, n_classes)

    def forward(self, x):
        return self.d(torch.flatten(x, 1))           # 1 channel: C,H,W == H,W,C

    def export_layers(self):
        return ([{'type': 'flatten'}, {'type': 'dense', 'units': self.d.out_features, 'activation': 'softmax',
                  'weights': ['d.kernel', 'd.bias']}],
                {'d.kernel': self.d.weight.detach().cpu().numpy().T, 'd.bias': self.d.bias.detach().cpu().numpy()})


def augment(x, gen):
    """Random affine jitter (rotation, scale, shear, shift) on a batch of [N,1,28,28] in [0,1]."""
    n = x.shape[0]
    dev = x.device
    ang = (torch.rand(n, device=dev, generator=gen) - 0.5) * 2 * 0.21        # +-12 deg
    sc = 1 + (torch.rand(n, device=dev, generator=gen) - 0.5) * 2 * 0.12
    sh = (torch.rand(n, device=dev, generator=gen) - 0.5) * 2 * 0.25
    tx = (torch.rand(n, device=dev, generator=gen) - 0.5) * 2 * 0.12
    ty = (torch.rand(n, device=dev, generator=gen) - 0.5) * 2 * 0.12
    cos, sin = torch.cos(ang) / sc, torch.sin(ang) / sc
    theta = torch.stack([torch.stack([cos, -sin + sh, tx], 1), torch.stack([sin, cos, ty], 1)], 1)
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    return F.grid_sample(x, grid, align_corners=False, padding_mode='zeros')


def to_tensor(x_uint8, device):
    return torch.from_numpy(x_uint8).to(device).float().div_(255).unsqueeze(1)


@torch.no_grad()
def evaluate(model, x, y, device, bs=2048):
    model.eval()
    correct, probs_all = 0, []
    for i in range(0, len(x), bs):
        xb = to_tensor(x[i:i + bs], device)
        p = F.softmax(model(xb), 1)
        correct += (p.argmax(1).cpu().numpy() == y[i:i + bs]).sum()
        probs_all.append(p.cpu().numpy())
    return correct / len(x), np.concatenate(probs_all)


def train_one(kind, model_id, data, args, device):
    pool_x, pool_y, test_x, test_y, classes = data
    if args.limit:
        pool_x, pool_y, test_x, test_y = pool_x[:args.limit], pool_y[:args.limit], test_x[:args.limit], test_y[:args.limit]
    rng = np.random.default_rng(args.seed)
    perm = rng.permutation(len(pool_x))
    n_val = int(len(pool_x) * 0.05)
    val_i, tr_i = perm[:n_val], perm[n_val:]
    tr_x, tr_y, va_x, va_y = pool_x[tr_i], pool_y[tr_i], pool_x[val_i], pool_y[val_i]
    torch.manual_seed(args.seed)
    model = (SeedCNN(len(classes), args.padding) if kind == 'cnn' else Softmax(len(classes))).to(device)
    epochs = args.epochs if kind == 'cnn' else max(3, args.epochs // 3)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    steps = epochs * ((len(tr_x) + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps, pct_start=0.15)
    gen = torch.Generator(device=device); gen.manual_seed(args.seed)
    X = to_tensor(tr_x, device); Y = torch.from_numpy(tr_y).to(device)
    best = (-1.0, None, -1)
    # Exponential moving average of weights and BN statistics: a cheap, steadier final model.
    ema = {k: v.detach().clone() for k, v in model.state_dict().items()} if args.ema else None
    t0 = time.time()
    for ep in range(epochs):
        model.train()
        order = torch.randperm(len(X), device=device, generator=gen)
        tot, seen = 0.0, 0
        for i in range(0, len(X), args.batch):
            b = order[i:i + args.batch]
            xb = X[b]
            if kind == 'cnn' and args.augment:
                xb = augment(xb, gen)
            loss = F.cross_entropy(model(xb), Y[b], label_smoothing=args.label_smoothing if kind == 'cnn' else 0.0)
            opt.zero_grad(set_to_none=True); loss.backward(); opt.step(); sched.step()
            if ema is not None:
                with torch.no_grad():
                    for k, v in model.state_dict().items():
                        if v.dtype.is_floating_point:
                            ema[k].mul_(args.ema).add_(v, alpha=1 - args.ema)
                        else:
                            ema[k].copy_(v)
            tot += loss.item() * len(b); seen += len(b)
        if ema is not None:
            live = {k: v.detach().clone() for k, v in model.state_dict().items()}
            model.load_state_dict(ema)
        va_acc, _ = evaluate(model, va_x, va_y, device)
        if va_acc > best[0]:
            best = (va_acc, {k: v.detach().clone() for k, v in model.state_dict().items()}, ep)
        if ema is not None:
            model.load_state_dict(live)
        ips = seen / max(1e-9, time.time() - t0) * (ep + 1) / (ep + 1)
        log(f'{model_id}/{kind} epoch {ep + 1}/{epochs} loss {tot / seen:.4f} val {va_acc:.4f} '
            f'({(time.time() - t0):.0f}s, {len(X) * (ep + 1) / (time.time() - t0):.0f} img/s)')
    model.load_state_dict(best[1])
    va_acc, _ = evaluate(model, va_x, va_y, device)
    te_acc, _ = evaluate(model, test_x, test_y, device)     # once, after selection
    log(f'{model_id}/{kind}: best epoch {best[2] + 1}, validation {va_acc:.4f}, TEST {te_acc:.4f}')
    return model, {'train': int(len(tr_x)), 'validation': int(len(va_x)), 'epochs': epochs, 'best_epoch': best[2] + 1,
                   'validation_accuracy': float(va_acc), 'test_accuracy': float(te_acc), 'test_n': int(len(test_x)),
                   'seconds': round(time.time() - t0, 1), 'va_x': va_x, 'va_y': va_y}


def write_weights(out_dir, layers, tensors):
    """Writes <out_dir>/weights.bin (float32 little-endian, in the layers' order); returns the manifest's
    tensor entries and the blob (for its hash)."""
    os.makedirs(out_dir, exist_ok=True)
    entries, blobs, off = [], [], 0
    for name in [w for l in layers for w in l.get('weights', [])]:
        arr = np.ascontiguousarray(tensors[name], dtype='<f4')
        entries.append({'name': name, 'shape': list(arr.shape), 'offset': off, 'length': int(arr.size)})
        blobs.append(arr.tobytes()); off += arr.size
    blob = b''.join(blobs)
    with open(os.path.join(out_dir, 'weights.bin'), 'wb') as f:
        f.write(blob)
    return entries, blob


def read_weights(folder):
    """An exported model's manifest and its tensors by name (write_weights' inverse)."""
    with open(os.path.join(folder, 'manifest.json')) as fh:
        m = json.load(fh)
    blob = np.fromfile(os.path.join(folder, m['weightsFile']), dtype='<f4')
    return m, {e['name']: torch.from_numpy(blob[e['offset']:e['offset'] + e['length']].reshape(e['shape']).copy())
               for e in m['tensors']}


def export(model, kind, model_id, classes, info, args, out_dir):
    model = model.cpu().eval()
    layers, tensors = model.export_layers()
    entries, blob = write_weights(out_dir, layers, tensors)
    # Reference batch from the validation split: torch's probabilities, for the export-parity test.
    ref_x = info['va_x'][:16]
    with torch.no_grad():
        ref_p = F.softmax(model(to_tensor(ref_x, 'cpu')), 1).numpy()
    with open(os.path.join(out_dir, 'reference.json'), 'w') as f:
        json.dump({'n': int(len(ref_x)), 'pixels': base64.b64encode(ref_x.tobytes()).decode(),
                   'labels': [classes[i] for i in info['va_y'][:16]],
                   'probs': [[round(float(v), 7) for v in row] for row in ref_p]}, f)
    manifest = {
        'format': 'mamba-cnn/1', 'id': model_id, 'architecture': 'seed-cnn' if kind == 'cnn' else 'softmax',
        'classes': list(classes),
        'input': {'height': 28, 'width': 28, 'channels': 1, 'scale': 'pixel/255', 'ink': 'white-on-black',
                  'orientation': 'upright'},
        'layers': layers, 'tensors': entries, 'weightsFile': 'weights.bin',
        'weightsSha256': hashlib.sha256(blob).hexdigest(),
        'training': {'script': 'scripts/train/train_handwriting.py', 'torch': torch.__version__,
                     'device': args.device_name, 'data': 'EMNIST training pool per ../shared/data/emnist/SOURCE.md '
                     '(byclass-test index%5!=0 + letters/balanced/digits/mnist files, test duplicates dropped)',
                     'train_images': info['train'], 'validation_images': info['validation'], 'epochs': info['epochs'],
                     'best_epoch': info['best_epoch'], 'augmentation': bool(args.augment and kind == 'cnn'),
                     'label_smoothing': args.label_smoothing if kind == 'cnn' else 0, 'seed': args.seed,
                     'ema': args.ema, 'padding': getattr(model, 'padding', None),
                     'seconds': info['seconds']},
        'metrics': {'validation': {'accuracy': round(info['validation_accuracy'], 5), 'n': info['validation']},
                    'test': {'accuracy': round(info['test_accuracy'], 5), 'n': info['test_n'],
                             'split': 'emnist-byclass-test index % 5 == 0' +
                                      (' (letters, case merged)' if model_id.startswith('letters') else ''),
                             'runtime': 'torch (the TypeScript engine re-measures with npm run eval)'}},
        'date': datetime.date.today().isoformat(),
    }
    with open(os.path.join(out_dir, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
    log(f'exported {out_dir} ({len(blob) / 1e6:.2f} MB)')


# ---------------------------------------------------------------------------------------------------
# Small joint model: EMNIST protocol pool + pen characters rendered by the app's own renderer
# (scripts/train/renderPenData.ts writes .cache/train/pen-<split>.u8/.json).

def fold62(c):
    """Look-alikes of single characters (no context): o/O/0, l/I/1/i, and case (evalHandwriting.ts fold62)."""
    return {'O': 'o', '0': 'o', 'I': 'l', '1': 'l', 'i': 'l'}.get(c, c.lower())


def targets(chars, case_known):
    """Per char: index in BYCLASS (-1 when the case is unknown) and in UPPER (-1 for digits)."""
    fi = {c: i for i, c in enumerate(BYCLASS)}; li = {c: i for i, c in enumerate(UPPER)}
    yf = np.array([fi[c] if case_known(c) else -1 for c in chars], dtype=np.int64)
    yl = np.array([li.get(c.upper(), -1) if c.isalpha() else -1 for c in chars], dtype=np.int64)
    return yf, yl


def build_joint_emnist(data_dir):
    bx, by = load_split(data_dir, 'emnist-byclass-test')
    test_mask = np.arange(len(bx)) % 5 == 0
    test_hashes = {hashlib.sha1(im.tobytes()).digest() for im in bx[test_mask]}
    chars = np.array([BYCLASS[l] for l in by])
    xs, yfs, yls = [bx[~test_mask]], [], []
    f, l = targets(chars[~test_mask], lambda c: True); yfs.append(f); yls.append(l)
    for prefix, kind in [('emnist-letters-test', 'letters'), ('emnist-letters-train-partial', 'letters'),
                         ('emnist-balanced-train-partial', 'balanced'), ('emnist-digits-train-partial', 'digits'),
                         ('emnist-mnist-test', 'digits')]:
        x, y = load_split(data_dir, prefix)
        keep = np.array([hashlib.sha1(im.tobytes()).digest() not in test_hashes for im in x], dtype=bool)
        x, y = x[keep], y[keep]
        if kind == 'letters':
            c = [UPPER[v - 1] for v in y]; known = lambda ch: False
        elif kind == 'balanced':
            c = [BALANCED[v] for v in y]; known = lambda ch: ch not in MERGED_IN_BALANCED
        else:
            c = [DIGITS[v] for v in y]; known = lambda ch: True
        f, l = targets(c, known)
        xs.append(x); yfs.append(f); yls.append(l)
    pool_x = upright(np.concatenate(xs)); yf = np.concatenate(yfs); yl = np.concatenate(yls)
    tx = upright(bx[test_mask]); tf_, tl = targets(chars[test_mask], lambda c: True)
    log(f'EMNIST pool {len(pool_x)} (full labels {int((yf >= 0).sum())}, letters labels {int((yl >= 0).sum())}), test {len(tx)}')
    return pool_x, yf, yl, tx, tf_, tl


def read_pen(pen_dir, split):
    with open(os.path.join(pen_dir, f'pen-{split}.json')) as fh:
        meta = json.load(fh)
    x = np.fromfile(os.path.join(pen_dir, f'pen-{split}.u8'), dtype=np.uint8).reshape(-1, 28, 28)
    assert len(x) == meta['n'] == len(meta['labels'])
    yf, yl = targets(list(meta['labels']), lambda c: True)
    return {'x': x, 'yf': yf, 'yl': yl, 'labels': np.array(list(meta['labels'])), 'writer': np.array(meta['writerOf']),
            'writers': meta['writers'], 'copy': np.array(meta['copy']), 'copies': meta.get('copies', 1)}


@torch.no_grad()
def head_probs(model, x, head, bs=2048):
    model.eval()
    out = []
    for i in range(0, len(x), bs):
        out.append(F.softmax(model(to_tensor(x[i:i + bs], 'cpu'), head), 1).numpy())
    return np.concatenate(out) if out else np.zeros((0, 1))


def joint_metrics(model, emnist_x, emnist_yf, emnist_yl, pen):
    """Accuracy of both heads on EMNIST images and pen characters (pen: per sample and mean per writer)."""
    m = {}
    for head, y in [('letters', emnist_yl), ('full', emnist_yf)]:
        k = y >= 0
        p = head_probs(model, emnist_x[k], head).argmax(1)
        m[f'emnist_{head}'] = float((p == y[k]).mean())
    lk = pen['yl'] >= 0
    pl = head_probs(model, pen['x'][lk], 'letters').argmax(1)
    ok = pl == pen['yl'][lk]
    m['pen_letters'] = float(ok.mean())
    m['pen_letters_writer_mean'] = float(np.mean([ok[pen['writer'][lk] == w].mean() for w in np.unique(pen['writer'][lk])]))
    # Per source: DigiLeTs ("digilets:<id>") is clean, UNIPEN ("<site>:<id>") noisy; reported, not selected on.
    pre = [w.split(':')[0] for w in pen['writers']]
    src = np.array([p if p in ('digilets', 'pendigits') else 'unipen' for p in pre])[pen['writer'][lk]]
    for name in ('digilets', 'unipen'):
        if (src == name).any(): m[f'pen_letters_{name}'] = float(ok[src == name].mean())
    pf = head_probs(model, pen['x'], 'full').argmax(1)
    got = np.array(BYCLASS)[pf]
    m['pen_full'] = float((got == pen['labels']).mean())
    folded = np.array([fold62(a) == fold62(b) for a, b in zip(got, pen['labels'])])
    m['pen_full_folded'] = float(folded.mean())
    alpha = np.array([c.isalpha() for c in pen['labels']])
    m['pen_full_letters_folded'] = float(folded[alpha].mean())
    return m


def train_joint(args, device):
    pool_x, pool_yf, pool_yl, test_x, test_yf, test_yl = build_joint_emnist(args.data)
    rng = np.random.default_rng(args.seed)
    perm = rng.permutation(len(pool_x)); n_val = int(len(pool_x) * 0.05)
    va, tr = perm[:n_val], perm[n_val:]
    if args.limit: tr = tr[:args.limit]
    pen_tr = read_pen(args.pen, 'train'); pen_va = read_pen(args.pen, 'validation')
    log(f'pen train {len(pen_tr["x"])} images ({pen_tr["copies"]} copies), validation {len(pen_va["x"])}; '
        f'EMNIST train {len(tr)}, validation {len(va)}; pen-like share {args.penlike_share} x{args.penlike_copies}')
    if args.limit:
        keep = np.arange(len(pen_tr['x'])) < args.limit
        pen_tr = {k: (v[keep] if isinstance(v, np.ndarray) else v) for k, v in pen_tr.items()}
    n_em, n_pen = len(tr), len(pen_tr['x'])
    # Pen-like EMNIST (penlike_emnist.py): each training-pool image skeletonised and re-drawn by the pad's
    # pen, `--penlike-copies` differently augmented copies, computed once into the cache. Hold-out images
    # are never shown in either form (only `tr` is indexed).
    n_pl = args.penlike_copies if args.penlike_share > 0 else 0
    pl_parts = []
    if n_pl:
        pl = cached_penlike(pool_x, args.pen, copies=n_pl, log=log)
        pl_parts = [pl[k][tr] for k in range(n_pl)]
        del pl
    # uint8, converted per batch: [raw EMNIST | pen | pen-like copy 0 | pen-like copy 1 ...]
    X = torch.from_numpy(np.concatenate([pool_x[tr], pen_tr['x']] + pl_parts))
    YF = torch.from_numpy(np.concatenate([pool_yf[tr], pen_tr['yf']] + [pool_yf[tr]] * n_pl))
    YL = torch.from_numpy(np.concatenate([pool_yl[tr], pen_tr['yl']] + [pool_yl[tr]] * n_pl))
    del pl_parts
    pen_copy = pen_tr['copy']; K = pen_tr['copies']
    torch.manual_seed(args.seed)
    net = SeparableCNN if args.arch == 'separable' else SmallCNN
    widths = tuple(int(w) for w in args.widths.split(',')) if args.widths else ()
    model = net({'letters': 26, 'full': 62}, **({'widths': widths} if widths else {}),
                dense=args.dense, dropout=args.dropout).to(device)
    if args.init:
        warm_start(model, args.init, pool_x[tr[:4096]], args)
    T = args.distill_temp
    soft = soft_targets(args.teachers.split(','), X, T, device) if args.teachers else None
    hard = 1 - args.distill if soft is not None else 1.0             # weight of the labels' own loss
    log(f'{net.__name__}: {model.macs() / 1e6:.2f} M multiply-adds per character, '
        f'{sum(p.numel() for p in model.parameters())} parameters')
    per_epoch = n_em + int(np.sum(pen_copy < args.pen_copies))
    steps = args.epochs * ((per_epoch + args.batch - 1) // args.batch)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    # One-cycle schedule over steps, or over wall-clock time with --time-budget (a shared CPU's speed is
    # not known in advance): warm up for 15%, then cosine down to ~0; training stops when the budget is spent.
    def lr_at(p):
        return args.lr * (p / 0.15 if p < 0.15 else 0.5 * (1 + np.cos(np.pi * min(1.0, (p - 0.15) / 0.85)))) + args.lr * 1e-3
    gen = torch.Generator(); gen.manual_seed(args.seed)
    step = 0
    epochs = args.epochs if not args.time_budget else 10 ** 6
    ema = {k: v.detach().clone() for k, v in model.state_dict().items()} if args.ema else None
    best = (-1.0, None, -1, None)
    t0 = time.time()
    history = []
    done = False
    for ep in range(epochs):
        if done:
            break
        model.train()
        # This epoch: every EMNIST image + `pen_copies` of the K rendered copies of each pen sample (rotating).
        want = {(ep * args.pen_copies + j) % K for j in range(args.pen_copies)}
        pen_idx = np.nonzero(np.isin(pen_copy, list(want)))[0] + n_em
        # Each EMNIST image once: as its pen-like copy (this epoch's, rotating) with probability
        # --penlike-share, else as scanned.
        em_idx = np.arange(n_em)
        if n_pl:
            as_pl = torch.rand(n_em, generator=gen).numpy() < args.penlike_share
            em_idx = np.where(as_pl, n_em + n_pen + (ep % n_pl) * n_em + em_idx, em_idx)
        idx = torch.from_numpy(np.concatenate([em_idx, pen_idx]))
        idx = idx[torch.randperm(len(idx), generator=gen)]
        tot, seen, t_ep = 0.0, 0, time.time()
        for i in range(0, len(idx), args.batch):
            b = idx[i:i + args.batch]
            xb = X[b].to(device).float().div_(255).unsqueeze(1)
            em = b < n_em                                   # affine jitter on scanned EMNIST only: pen and pen-like
            if args.augment and em.any():                   # copies are already augmented on the strokes
                xb[em] = augment(xb[em], gen)
            out = model(xb)
            loss = 0.0
            for head, Y in [('letters', YL), ('full', YF)]:
                y = Y[b].to(device)
                if (y >= 0).any():
                    loss = loss + hard * F.cross_entropy(out[head], y, ignore_index=-1, label_smoothing=args.label_smoothing)
            if soft is not None:
                # Distillation: the teachers' softened probabilities, for both heads and every image (also
                # where a label is unknown: EMNIST Letters has no case).
                for head in ('letters', 'full'):
                    loss = loss + args.distill * T * T * F.kl_div(F.log_softmax(out[head] / T, 1),
                                                                  soft[head][b].to(device).float(), reduction='batchmean')
            p = (time.time() - t0) / args.time_budget if args.time_budget else step / steps
            for g in opt.param_groups: g['lr'] = lr_at(p)
            opt.zero_grad(set_to_none=True); loss.backward(); opt.step(); step += 1
            if ema is not None:
                with torch.no_grad():
                    for k, v in model.state_dict().items():
                        if v.dtype.is_floating_point: ema[k].mul_(args.ema).add_(v, alpha=1 - args.ema)
                        else: ema[k].copy_(v)
            tot += float(loss) * len(b); seen += len(b)
            if p >= 1:
                done = True
                break
            if (i // args.batch) % 200 == 199:
                log(f'  epoch {ep + 1} {seen}/{len(idx)} loss {tot / seen:.4f} ({seen / max(1e-9, time.time() - t_ep):.0f} img/s)')
        live = None
        if ema is not None:
            live = {k: v.detach().clone() for k, v in model.state_dict().items()}
            model.load_state_dict(ema)
        m = joint_metrics(model, pool_x[va], pool_yf[va], pool_yl[va], pen_va)
        # Selection: validation only (EMNIST hold-out + pen validation writers), both heads.
        score = m['pen_letters'] + m['pen_full_folded'] + m['emnist_letters'] + m['emnist_full']
        history.append({'epoch': ep + 1, 'loss': round(tot / seen, 4), **{k: round(v, 4) for k, v in m.items()}})
        log(f'epoch {ep + 1} (lr {lr_at(p):.2e}, {100 * min(p, 1):.0f}% of the schedule) loss {tot / seen:.4f} ' + ' '.join(f'{k} {v:.4f}' for k, v in m.items()) +
            f' ({time.time() - t0:.0f}s)')
        if score > best[0]:
            best = (score, {k: v.detach().clone() for k, v in model.state_dict().items()}, ep, m)
            info = {'epochs': ep + 1, 'best_epoch': ep + 1, 'validation': m, 'history': history,
                    'train_images_per_epoch': per_epoch, 'seconds': round(time.time() - t0, 1)}
            export_joint(model, info, args, pen_va, final=False)
            if args.save_state:
                torch.save({'widths': widths, 'dense': args.dense, 'arch': args.arch, 'state': best[1]}, args.save_state)
        if live is not None:
            model.load_state_dict(live)
    model.load_state_dict(best[1])
    test_m = joint_metrics(model, test_x, test_yf, test_yl, read_pen(args.pen, 'test'))   # once, after selection
    log(f'best epoch {best[2] + 1}; validation {json.dumps(best[3])}; TEST {json.dumps(test_m)}')
    info = {'epochs': len(history), 'best_epoch': best[2] + 1, 'validation': best[3], 'test': test_m, 'history': history,
            'train_images_per_epoch': per_epoch, 'seconds': round(time.time() - t0, 1)}
    export_joint(model, info, args, pen_va, final=True)


def load_teacher(path, device):
    """A two-head network: a --save-state file, or a folder of exported letters/full models."""
    if os.path.isdir(path):
        from eval_exported import Pair                  # imports this module: only when needed
        return Pair(path, 'letters', 'full').eval()
    saved = torch.load(path, map_location=device)
    net = SeparableCNN if saved['arch'] == 'separable' else SmallCNN
    t = net({'letters': 26, 'full': 62}, **({'widths': saved['widths']} if saved['widths'] else {}), dense=saved['dense']).to(device)
    t.load_state_dict(saved['state'])
    return t.eval()


@torch.no_grad()
def soft_targets(paths, X, T, device, bs=2048):
    """Per head, the teachers' mean probabilities at temperature T on every training image (unaugmented:
    computed once, so distillation costs no teacher passes per step), float16 N x classes."""
    out = {'letters': 0, 'full': 0}
    for path in paths:
        t0 = time.time()
        teacher = load_teacher(path, device)
        parts = {head: [] for head in out}
        for i in range(0, len(X), bs):
            logits = teacher(X[i:i + bs].to(device).float().div_(255).unsqueeze(1))   # both heads, one trunk pass
            for head in out:
                parts[head].append(F.softmax(logits[head] / T, 1).cpu())
        for head in out:
            out[head] = out[head] + torch.cat(parts[head])
        log(f'teacher {path}: soft targets for {len(X)} images ({time.time() - t0:.0f}s)')
    return {head: (p / len(paths)).half() for head, p in out.items()}


@torch.no_grad()
def warm_start(model, folder, sample_x, args):
    """Starts from exported small models (<folder>/<letters id> and <full id>, one trunk): the trunk from
    `full`, each head from its export. Export folded batch norm into the convolutions; to un-fold it, each
    conv keeps the folded kernel and its BN gets the batch statistics of that kernel's output on
    `sample_x` as running stats and gamma = sigma, beta = folded bias + mean, so that in training mode
    (batch statistics) and in eval mode each layer computes what the export computed."""
    full = read_weights(os.path.join(folder, args.full_id))[1]
    letters = read_weights(os.path.join(folder, args.letters_id))[1]
    x = to_tensor(sample_x, 'cpu').to(next(model.parameters()).device)
    convs = [('c1', model.c1, model.b1, (2, 2)), ('c2', model.c2, model.b2, (2, 2)), ('c3', model.c3, model.b3, (3, 2))]
    if model.c4 is not None:
        convs.append(('c4', model.c4, model.b4, None))
    for name, conv, bn, pool in convs:
        conv.weight.copy_(full[f'{name}.kernel'].permute(3, 2, 0, 1))
        z = conv(x)
        mu, var = z.mean((0, 2, 3)), z.var((0, 2, 3), unbiased=False)
        bn.running_mean.copy_(mu); bn.running_var.copy_(var)
        bn.weight.copy_(torch.sqrt(var + bn.eps)); bn.bias.copy_(full[f'{name}.bias'] + mu)
        x = F.relu(z + full[f'{name}.bias'][None, :, None, None])
        x = F.max_pool2d(x, *pool) if pool else x
    c, s, d = convs[-1][1].out_channels, model.side, model.d1.out_features
    model.d1.weight.copy_(full['d1.kernel'].reshape(s, s, c, d).permute(3, 2, 0, 1).reshape(d, c * s * s))
    model.d1.bias.copy_(full['d1.bias'])
    for head, t in [('letters', letters), ('full', full)]:
        model.heads[head].weight.copy_(t['out.kernel'].T); model.heads[head].bias.copy_(t['out.bias'])
    log(f'warm start from {folder} ({args.letters_id}, {args.full_id})')


def export_joint(model, info, args, pen_va, final):
    """Writes <out>/<letters id> and <out>/<full id> in mamba-cnn/1 from the shared trunk and each head."""
    model = model.cpu().eval()
    for head, out_id, classes in [('letters', args.letters_id, UPPER), ('full', args.full_id, BYCLASS)]:
        out_dir = os.path.join(args.out, out_id)
        layers, tensors = model.export_layers(head)
        entries, blob = write_weights(out_dir, layers, tensors)
        # Reference batch: pen validation characters (what the pad renders), torch's probabilities.
        y = pen_va['yl'] if head == 'letters' else pen_va['yf']
        sel = np.nonzero(y >= 0)[0][::max(1, len(y) // 16)][:16]
        ref_x = pen_va['x'][sel]
        with torch.no_grad():
            ref_p = F.softmax(model(to_tensor(ref_x, 'cpu'), head), 1).numpy()
        with open(os.path.join(out_dir, 'reference.json'), 'w') as fh:
            json.dump({'n': int(len(ref_x)), 'pixels': base64.b64encode(ref_x.tobytes()).decode(),
                       'labels': [classes[i] for i in y[sel]],
                       'probs': [[round(float(v), 7) for v in row] for row in ref_p]}, fh)
        v, t = info['validation'], info.get('test')
        pen_key = 'pen_letters' if head == 'letters' else 'pen_full_folded'
        metrics = {'validation': {'emnist': round(v[f'emnist_{head}'], 5), 'pen': round(v[pen_key], 5),
                                  'pen_measure': 'letters, case merged' if head == 'letters' else 'look-alikes folded',
                                  'pen_split': 'pen validation writers (scripts/datasets/pen.ts penSplitOf)'}}
        if head == 'full': metrics['validation']['pen_exact'] = round(v['pen_full'], 5)
        if t:
            metrics['test'] = {'accuracy': round(t[f'emnist_{head}'], 5),
                               'split': 'emnist-byclass-test index % 5 == 0' + (' (letters, case merged)' if head == 'letters' else ''),
                               'pen': round(t[pen_key], 5), 'pen_writer_mean': round(t['pen_letters_writer_mean'], 5) if head == 'letters' else None,
                               'pen_split': 'pen test writers', 'runtime': 'torch (npm run eval re-measures through the engine)'}
            if head == 'full': metrics['test']['pen_exact'] = round(t['pen_full'], 5)
        manifest = {
            'format': 'mamba-cnn/1', 'id': out_id, 'architecture': f'{args.arch}-cnn',
            'macsPerChar': int(model.macs() if head == 'full' else model.macs() - model.d1.out_features * 36),
            'classes': list(classes),
            'input': {'height': 28, 'width': 28, 'channels': 1, 'scale': 'pixel/255', 'ink': 'white-on-black',
                      'orientation': 'upright'},
            'layers': layers, 'tensors': entries, 'weightsFile': 'weights.bin',
            'weightsSha256': hashlib.sha256(blob).hexdigest(),
            'training': {'script': f'scripts/train/train_handwriting.py --arch {args.arch} --widths {args.widths or "(default)"} --dense {args.dense}', 'torch': torch.__version__,
                         'device': args.device_name, 'final': final,
                         'data': [
                             {'set': 'EMNIST', 'use': 'training pool per ../shared/data/emnist/SOURCE.md, 5% held out for validation; '
                                                      'also re-drawn pen-like (skeleton + pad pen) when penlike_emnist is set'},
                             {'set': 'DigiLeTs', 'use': 'pen train writers, rendered by the app (renderPenData.ts)', 'licence': 'none stated; research use'},
                             {'set': 'UNIPEN train_r01_v07 1a/1b/1c', 'use': 'pen train writers', 'licence': 'CC BY 4.0 per the repository; original notice: research use, no commercial distribution'},
                             {'set': 'UCI pendigits', 'use': 'pen train writers (digits)', 'licence': 'CC BY 4.0'}],
                         'pen_copies_per_epoch': args.pen_copies,
                         'penlike_emnist': {'share': args.penlike_share, 'copies': args.penlike_copies,
                                            'method': 'scripts/train/penlike_emnist.py: upsample 3x, threshold, '
                                                      'Zhang-Suen skeleton, re-drawn with the pad renderer\'s pen and framing'}
                         if args.penlike_share > 0 else None, 'label_smoothing': args.label_smoothing,
                         'ema': args.ema, 'seed': args.seed, 'warm_start': args.init or None,
                         'distillation': {'teachers': args.teachers.split(','), 'weight': args.distill, 'temperature': args.distill_temp}
                         if args.teachers else None, 'lr': args.lr, 'epochs': info['epochs'], 'best_epoch': info['best_epoch'],
                         'train_images_per_epoch': info['train_images_per_epoch'], 'seconds': info['seconds'],
                         'history': info['history']},
            'metrics': metrics,
            'date': datetime.date.today().isoformat(),
        }
        with open(os.path.join(out_dir, 'manifest.json'), 'w') as fh:
            json.dump(manifest, fh, indent=1)
    log(f'exported {args.letters_id}, {args.full_id} to {args.out} ({"final" if final else "best so far"})')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.abspath(os.path.join(here, '..', '..'))
    ap.add_argument('--data', default=os.path.join(root, '..', 'shared', 'data', 'emnist'))
    ap.add_argument('--out', default=os.path.join(root, 'models', 'handwriting'))
    ap.add_argument('--models', default='letters,full', help='comma list: letters,full')
    ap.add_argument('--kinds', default='cnn,softmax', help='comma list: cnn,softmax')
    ap.add_argument('--epochs', type=int, default=60)
    ap.add_argument('--batch', type=int, default=256)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--padding', choices=['valid', 'same'], default='same')  # 'same' won on validation
    ap.add_argument('--augment', type=int, default=1)
    ap.add_argument('--label-smoothing', type=float, default=0.1)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--ema', type=float, default=0.999, help='EMA decay of weights (0 = off)')
    ap.add_argument('--device', default='auto')
    ap.add_argument('--threads', type=int, default=0, help='CPU threads (0 = every CPU this process may use)')
    ap.add_argument('--limit', type=int, default=0, help='smoke test: use only this many pool images')
    ap.add_argument('--arch', choices=['seed', 'small', 'separable'], default='seed',
                    help='seed: SeedCNN/softmax per model on EMNIST; small: SmallCNN, letters+full jointly on EMNIST + pen; '
                         'separable: SeparableCNN, trained like small')
    ap.add_argument('--pen', default=os.path.join(root, '.cache', 'train'), help='renderPenData.ts output folder')
    ap.add_argument('--pen-copies', type=int, default=2, help='rendered copies of each pen sample per epoch')
    ap.add_argument('--penlike-share', type=float, default=0,
                    help='probability that an EMNIST training image is shown pen-like in an epoch (0 = off, as the '
                         'shipped models; the 2026-11-29 pen-like run used 0.5 and did not beat them on validation)')
    ap.add_argument('--penlike-copies', type=int, default=2, help='pen-like copies of the pool (cached)')
    ap.add_argument('--time-budget', type=float, default=0, help='seconds of training (schedule by wall clock; 0 = --epochs)')
    ap.add_argument('--widths', default='', help='small: conv widths, 3 (default 16,40,80) or 4 (a fourth conv on the 3x3 map); '
                                                  'separable: 5 (default 32,64,128,128,256)')
    ap.add_argument('--dense', type=int, default=128, help='small, separable: units of the dense layer before the heads')
    ap.add_argument('--dropout', type=float, default=0.3, help='small, separable: dropout before the heads (training only)')
    ap.add_argument('--init', default='', help='warm start from this folder of exported small models (letters/full ids; same --widths)')
    ap.add_argument('--save-state', default='', help='also save the best torch state here (a teacher for a later run: --teachers)')
    ap.add_argument('--teachers', default='', help='comma list of --save-state files or exported model folders to distil '
                                                    'from (their mean probabilities; both heads, every image)')
    ap.add_argument('--distill', type=float, default=0.7, help='with --teachers: weight of the distillation loss (labels get 1 - this)')
    ap.add_argument('--distill-temp', type=float, default=3.0, help='with --teachers: softmax temperature')
    ap.add_argument('--letters-id', default='letters')
    ap.add_argument('--full-id', default='full')
    args = ap.parse_args()
    if args.init and args.arch != 'small':
        ap.error('--init warm-starts only the small network (--arch small)')
    device = ('cuda' if torch.cuda.is_available() else 'cpu') if args.device == 'auto' else args.device
    # torch's own default can be 1 on a 2-CPU machine (it counted one physical core here: half the speed).
    torch.set_num_threads(args.threads or len(os.sched_getaffinity(0)))
    args.device_name = torch.cuda.get_device_name(0) if device == 'cuda' else f'cpu x{torch.get_num_threads()}'
    log(f'torch {torch.__version__} on {args.device_name}; data {args.data}')
    if args.arch in ('small', 'separable'):
        train_joint(args, device)
        return
    datasets = build_datasets(args.data)
    summary = {}
    for model_id in args.models.split(','):
        for kind in args.kinds.split(','):
            out_id = model_id if kind == 'cnn' else f'{model_id}-softmax'
            model, info = train_one(kind, out_id, datasets[model_id], args, device)
            export(model, kind, out_id, datasets[model_id][4], info, args, os.path.join(args.out, out_id))
            summary[out_id] = {'validation': info['validation_accuracy'], 'test': info['test_accuracy']}
    log('summary ' + json.dumps(summary))


if __name__ == '__main__':
    main()
