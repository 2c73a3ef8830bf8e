"""Trains the trajectory network: a small 1-D CNN over a character's pen path (strokeFeatures.ts: 64 steps of
x, y, direction, pen down), with a letters head (26, case merged) and a full head (62), and exports it as
<out>/letters-strokes and <out>/full-strokes in mamba-cnn/1 (input 1 x 64 x 5). The engine multiplies its
probabilities, raised to the fusion weight, into the image CNN's for every character drawn on the pad.

Data: renderPenData.ts's pen-<split>.traj.f32 (+ pen-<split>.json labels), writer-disjoint; the image CNN's
validation probabilities (the shipped models/handwriting/letters and full) pick the fusion weight.

  /usr/bin/python3 scripts/train/train_trajectory.py

Defaults are the shipped run (2 CPU cores, torch 1.13).
"""
import argparse, base64, datetime, hashlib, json, os, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_handwriting as th  # noqa: E402  (labels, targets, weight writer, image probabilities)

STEPS, CHANNELS = 64, 5
FEATURES = 'pen-trajectory/1: 64 steps x (x, y, dx, dy, pen down)'  # strokeFeatures.ts TRAJECTORY_FEATURES
KERNELS = [5, 5, 3, 3]


def read_trajectories(pen_dir, split):
    with open(os.path.join(pen_dir, f'pen-{split}.json')) as fh:
        meta = json.load(fh)
    x = np.fromfile(os.path.join(pen_dir, f'pen-{split}.traj.f32'), dtype='<f4').reshape(-1, STEPS, CHANNELS)
    assert len(x) == meta['n'], f'pen-{split}.traj.f32 holds {len(x)} characters, the json {meta["n"]}: re-run renderPenData.ts'
    yf, yl = th.targets(list(meta['labels']), lambda c: True)
    return torch.from_numpy(x.transpose(0, 2, 1).copy()), torch.from_numpy(yf), torch.from_numpy(yl), np.array(meta['writerOf'])


class TrajectoryNet(nn.Module):
    """Four conv(k) + batch norm + relu along the path, max-pool halving after those in `pools`, then the mean
    and max of each channel over the path, and one linear head per model."""

    def __init__(self, widths, pools, dropout=0.2):
        super().__init__()
        c = [CHANNELS] + widths
        self.pools = set(pools)
        self.convs = nn.ModuleList([nn.Conv1d(c[i], c[i + 1], KERNELS[i], padding=KERNELS[i] // 2, bias=False) for i in range(4)])
        self.bns = nn.ModuleList([nn.BatchNorm1d(c[i + 1]) for i in range(4)])
        self.drop = nn.Dropout(dropout)
        self.heads = nn.ModuleDict({'letters': nn.Linear(2 * widths[-1], 26), 'full': nn.Linear(2 * widths[-1], 62)})

    def forward(self, x, head=None):
        for i in range(4):
            x = F.relu(self.bns[i](self.convs[i](x)))
            if i in self.pools:
                x = F.max_pool1d(x, 2)
        x = self.drop(torch.cat([x.mean(2), x.amax(2)], 1))
        return {k: h(x) for k, h in self.heads.items()} if head is None else self.heads[head](x)

    def macs(self, head):
        m, length = 0, STEPS
        for i, conv in enumerate(self.convs):
            m += length * conv.in_channels * conv.out_channels * KERNELS[i]
            length = length // 2 if i in self.pools else length
        return m + self.heads[head].in_features * self.heads[head].out_features

    def export_layers(self, head):
        """mamba-cnn/1 layers: each conv1d + BN folded into a [1, k] conv2d (torch [O,I,k] -> tfjs [1,k,I,O])."""
        layers, tensors = [], {}
        for i, (conv, bn) in enumerate(zip(self.convs, self.bns)):
            s = (bn.weight / torch.sqrt(bn.running_var + bn.eps)).detach()
            w = (conv.weight.detach() * s[:, None, None]).numpy().transpose(2, 1, 0)[None]
            b = (bn.bias.detach() - bn.running_mean.detach() * s).numpy()
            name = f't{i + 1}'
            layers.append({'type': 'conv2d', 'filters': conv.out_channels, 'kernel': [1, KERNELS[i]], 'padding': 'same',
                           'activation': 'relu', 'weights': [f'{name}.kernel', f'{name}.bias']})
            tensors[f'{name}.kernel'], tensors[f'{name}.bias'] = w, b
            if i in self.pools:
                layers.append({'type': 'maxpool', 'size': [1, 2]})
        layers.append({'type': 'globalMeanMax'})
        h = self.heads[head]
        layers.append({'type': 'dense', 'units': h.out_features, 'activation': 'softmax', 'weights': ['out.kernel', 'out.bias']})
        tensors['out.kernel'], tensors['out.bias'] = h.weight.detach().numpy().T, h.bias.detach().numpy()
        return layers, tensors


def augment(x, gen):
    """Small random rotation, x-scale and shear of each path; directions follow, pen flags stay."""
    n = x.shape[0]
    a = (torch.rand(n, generator=gen) - .5) * 0.3
    sx = 1 + (torch.rand(n, generator=gen) - .5) * 0.2
    sh = (torch.rand(n, generator=gen) - .5) * 0.3
    m = torch.stack([torch.stack([sx * torch.cos(a), -torch.sin(a) + sh], 1), torch.stack([torch.sin(a), torch.cos(a)], 1)], 1)
    xy = torch.einsum('nij,njt->nit', m, x[:, 0:2])
    d = torch.einsum('nij,njt->nit', m, x[:, 2:4])
    d = d / d.norm(dim=1, keepdim=True).clamp_min(1e-6) * (x[:, 2:4].norm(dim=1, keepdim=True) > 0)
    return torch.cat([xy, d, x[:, 4:5]], 1)


@torch.no_grad()
def log_probs(net, x, head, bs=4096):
    net.eval()
    return torch.cat([F.log_softmax(net(x[i:i + bs], head), 1) for i in range(0, len(x), bs)]).numpy()


def image_log_probs(models_dir, pen_dir, split, head):
    """The shipped image CNN on the same characters (pen-<split>.u8): what the trajectory net is fused with."""
    import eval_exported as ee
    pen = th.read_pen(pen_dir, split)
    pair = ee.Pair(models_dir, 'letters', 'full').eval()
    return np.log(th.head_probs(pair, pen['x'], head) + 1e-9), pen


def fuse(image_lp, traj_lp, weight):
    """trajectoryFusion.ts fuseProbs in log space: a weighted geometric mean, so the fused probabilities stay as
    calibrated as either input (the decoder's word-list and case weights were tuned on the image CNN's)."""
    return (image_lp + weight * traj_lp) / (1 + weight)


def scores(lp, y, writers):
    mk = y >= 0
    ok = lp[mk].argmax(1) == y[mk]
    w = writers[mk]
    per = sorted(ok[w == i].mean() for i in np.unique(w))
    return {'pooled': round(float(ok.mean()), 5), 'writer_mean': round(float(np.mean(per)), 5),
            'writer_worst10': round(float(np.mean(per[:max(1, len(per) // 10)])), 5)}


def folded(lp, labels):
    fo = np.array([th.fold62(c) for c in th.BYCLASS])
    truth = np.array([th.fold62(c) for c in labels])
    return round(float((fo[lp.argmax(1)] == truth).mean()), 5)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
    ap.add_argument('--pen', default=os.path.join(root, '.cache', 'train'), help='renderPenData.ts output folder')
    ap.add_argument('--out', default=os.path.join(root, 'models', 'handwriting'))
    ap.add_argument('--image-models', default=os.path.join(root, 'models', 'handwriting'), help='the image CNN (letters, full) to fuse with')
    ap.add_argument('--widths', default='16,32,48,60', help='conv channels; 60 keeps the full pair under 3 M multiply-adds')
    ap.add_argument('--pools', default='0,1,2', help='convs followed by a halving max-pool (0-based)')
    ap.add_argument('--time-budget', type=float, default=1500, help='seconds of training (cosine schedule by wall clock)')
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--batch', type=int, default=256)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--fusion-weight', type=float, default=0.5,
                    help='weight of the trajectory log-probabilities (0 = the best of the grid on validation pen letters). '
                         'The grid is flat from 0.5 to 1.0 on single letters (95.96-95.99%%); 0.5 read pen-composed words '
                         'of the validation writers best (scripts/eval/penSegmentation.ts), so it is the default')
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    gen = torch.Generator().manual_seed(args.seed)
    widths = [int(v) for v in args.widths.split(',')]
    pools = [int(v) for v in args.pools.split(',') if v != '']
    xtr, ftr, ltr, _ = read_trajectories(args.pen, 'train')
    xva, fva, lva, wva = read_trajectories(args.pen, 'validation')
    net = TrajectoryNet(widths, pools)
    th.log(f'trajectory net {widths} pools {pools}: {net.macs("letters")} MACs/char (letters); train {len(xtr)}, validation {len(xva)}')
    opt = torch.optim.AdamW(net.parameters(), args.lr, weight_decay=1e-4)
    t0, epoch, best, best_state, history = time.time(), 0, -1.0, None, []
    steps = len(xtr) // args.batch
    while time.time() - t0 < args.time_budget:
        net.train()
        perm = torch.randperm(len(xtr), generator=gen)
        for b in range(steps):
            frac = min(1.0, (time.time() - t0) / args.time_budget)
            for g in opt.param_groups:  # cosine schedule by wall clock
                g['lr'] = args.lr * 0.5 * (1 + np.cos(np.pi * frac))
            idx = perm[b * args.batch:(b + 1) * args.batch]
            out = net(augment(xtr[idx], gen))
            yl, m = ltr[idx], ltr[idx] >= 0
            loss = F.cross_entropy(out['full'], ftr[idx]) + (F.cross_entropy(out['letters'][m], yl[m]) if m.any() else 0)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if time.time() - t0 > args.time_budget:
                break
        epoch += 1
        acc = scores(log_probs(net, xva, 'letters'), lva.numpy(), wva)['pooled']
        history.append(acc)
        th.log(f'epoch {epoch} ({time.time() - t0:.0f} s): validation pen letters {acc:.4f}')
        if acc > best:
            best, best_epoch = acc, epoch
            best_state = {k: v.clone() for k, v in net.state_dict().items()}
    net.load_state_dict(best_state)
    net.eval()

    # Fusion weight: image log-probs + w * trajectory log-probs, picked on validation writers (letters head).
    val = {}
    for head in ['letters', 'full']:
        img, pen = image_log_probs(args.image_models, args.pen, 'validation', head)
        val[head] = (img, log_probs(net, xva, head), pen)
    y = lva.numpy()
    grid = [0.3, 0.5, 0.7, 1.0]
    fused = {w: scores(fuse(val['letters'][0], val['letters'][1], w), y, wva)['pooled'] for w in grid}
    weight = args.fusion_weight or max(grid, key=lambda w: fused[w])
    th.log(f'fusion on validation pen letters: {fused} -> weight {weight}')
    metrics = {'validation': {}, 'test': {}}
    for split in ['validation', 'test']:
        xs, _, ls, ws = read_trajectories(args.pen, split) if split == 'test' else (xva, fva, lva, wva)
        for head in ['letters', 'full']:
            img, pen = (val[head][0], val[head][2]) if split == 'validation' else image_log_probs(args.image_models, args.pen, split, head)
            tr = val[head][1] if split == 'validation' else log_probs(net, xs, head)
            if head == 'letters':
                metrics[split]['letters'] = {'image': scores(img, ls.numpy(), ws), 'trajectory': scores(tr, ls.numpy(), ws),
                                             'fused': scores(fuse(img, tr, weight), ls.numpy(), ws)}
            else:
                metrics[split]['full_folded'] = {'image': folded(img, pen['labels']), 'trajectory': folded(tr, pen['labels']),
                                                 'fused': folded(fuse(img, tr, weight), pen['labels'])}
        th.log(f'{split}: {json.dumps(metrics[split])}')

    for head, classes in [('letters', th.UPPER), ('full', th.BYCLASS)]:
        out_id = f'{head}-strokes'
        out_dir = os.path.join(args.out, out_id)
        layers, tensors = net.export_layers(head)
        entries, blob = th.write_weights(out_dir, layers, tensors)
        y = (lva if head == 'letters' else fva).numpy()
        sel = np.nonzero(y >= 0)[0][::max(1, len(y) // 16)][:16]
        ref = xva[sel].numpy().transpose(0, 2, 1).copy()  # step-major, as strokeFeatures writes it
        with open(os.path.join(out_dir, 'reference.json'), 'w') as fh:
            json.dump({'n': len(sel), 'inputs': base64.b64encode(ref.astype('<f4').tobytes()).decode(),
                       'labels': [classes[i] for i in y[sel]],
                       'probs': [[round(float(v), 7) for v in row] for row in np.exp(log_probs(net, xva[sel], head))]}, fh)
        manifest = {
            'format': 'mamba-cnn/1', 'id': out_id, 'architecture': 'trajectory-cnn',
            'macsPerChar': int(net.macs(head)), 'classes': list(classes),
            'input': {'height': 1, 'width': STEPS, 'channels': CHANNELS, 'features': FEATURES},
            'fusion': {'with': head, 'weight': weight,
                       'rule': '(image log-probabilities + weight x these log-probabilities) / (1 + weight), renormalised',
                       'chosen_on': f'validation pen letters, grid {grid}: {fused}' + (
                           '; set by --fusion-weight (words of the validation writers read best at 0.5)' if args.fusion_weight else '')},
            'layers': layers, 'tensors': entries, 'weightsFile': 'weights.bin',
            'weightsSha256': hashlib.sha256(blob).hexdigest(),
            'training': {'script': f'scripts/train/train_trajectory.py --widths {args.widths} --pools {args.pools} '
                                   f'--time-budget {args.time_budget:g}', 'torch': torch.__version__,
                         'device': f'cpu x{args.threads}', 'data': 'pen train writers (DigiLeTs, UNIPEN 1a/1b/1c, pendigits), '
                         'renderPenData.ts trajectories, 4 copies (3 augmented) per sample', 'epochs': epoch,
                         'best_epoch': best_epoch, 'history': history, 'seed': args.seed, 'lr': args.lr},
            'metrics': metrics,
            'date': datetime.date.today().isoformat(),
        }
        with open(os.path.join(out_dir, 'manifest.json'), 'w') as fh:
            json.dump(manifest, fh, indent=1)
        th.log(f'exported {out_dir} ({len(blob) / 1e3:.0f} kB)')


if __name__ == '__main__':
    main()
