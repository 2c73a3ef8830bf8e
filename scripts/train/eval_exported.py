#!/usr/bin/env python3
"""Validation (and, with --test, test) figures of exported models (mamba-cnn/1 folders) in torch, on the
same splits and measures as train_handwriting.py --arch small: the EMNIST hold-out and the pen validation
writers as rendered in .cache/train now. Compares a new run with the shipped models on identical data
(the pen arrays are re-rendered when the pen loader changes, so logged figures of older runs may be on
other validation sets).

  /usr/bin/python3 scripts/train/eval_exported.py models/handwriting .cache/train/models-penlike
"""
import argparse, json, os, sys
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_handwriting as th  # noqa: E402


class Exported(nn.Module):
    """Runs a mamba-cnn/1 manifest's conv2d / depthwiseConv2d / maxpool / flatten / dense / batchnorm / dropout layers (NHWC weights)."""

    def __init__(self, folder):
        super().__init__()
        self.m, self.t = th.read_weights(folder)

    def forward(self, x):
        for l in self.m['layers']:
            if l['type'] in ('conv2d', 'depthwiseConv2d'):
                k, b = (self.t[n] for n in l['weights'])
                # tfjs [k,k,in,out] -> torch [out,in,k,k]; depthwise [k,k,C,1] -> [C,1,k,k], one group per channel
                dw = l['type'] == 'depthwiseConv2d'
                x = F.conv2d(x, k.permute(2, 3, 0, 1) if dw else k.permute(3, 2, 0, 1), b,
                             padding=k.shape[0] // 2 if l['padding'] == 'same' else 0, groups=k.shape[2] if dw else 1)
                x = F.relu(x) if l.get('activation') == 'relu' else x
            elif l['type'] == 'maxpool':
                x = F.max_pool2d(x, l['size'], l.get('stride', l['size']))
            elif l['type'] == 'flatten':
                x = x.permute(0, 2, 3, 1).flatten(1)             # tfjs flattens H, W, C
            elif l['type'] == 'dense':
                k, b = (self.t[n] for n in l['weights'])
                x = x @ k + b
                x = F.relu(x) if l.get('activation') == 'relu' else x
            elif l['type'] == 'batchnorm':                      # the seed CNN's, after its dense layer
                g, b, mu, var = (self.t[n] for n in l['weights'])
                x = (x - mu) / torch.sqrt(var + l['epsilon']) * g + b
            elif l['type'] == 'dropout':
                pass
            else:
                raise ValueError(f'layer {l["type"]} not supported here')
        return x                                                  # logits (softmax in head_probs)


class Pair(nn.Module):
    """The `letters` and `full` exports as one model with two heads (train_handwriting's interface)."""

    def __init__(self, folder, letters_id, full_id):
        super().__init__()
        self.heads = {'letters': Exported(os.path.join(folder, letters_id)), 'full': Exported(os.path.join(folder, full_id))}

    def forward(self, x, head=None):
        # Like TwoHeadNet: one head's logits, or every head's (each export is a whole network).
        return self.heads[head](x) if head is not None else {k: m(x) for k, m in self.heads.items()}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.abspath(os.path.join(here, '..', '..'))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('folders', nargs='+')
    ap.add_argument('--data', default=os.path.join(root, '..', 'shared', 'data', 'emnist'))
    ap.add_argument('--pen', default=os.path.join(root, '.cache', 'train'))
    ap.add_argument('--seed', type=int, default=1, help="the training run's --seed (its EMNIST hold-out)")
    ap.add_argument('--letters-id', default='letters')
    ap.add_argument('--full-id', default='full')
    ap.add_argument('--test', action='store_true', help='also the test splits (only for models already selected)')
    args = ap.parse_args()
    pool_x, yf, yl, tx, tyf, tyl = th.build_joint_emnist(args.data)
    perm = np.random.default_rng(args.seed).permutation(len(pool_x))
    va = perm[:int(len(pool_x) * 0.05)]                           # train_joint's hold-out
    pen_va = th.read_pen(args.pen, 'validation')
    pen_te = th.read_pen(args.pen, 'test') if args.test else None
    for folder in args.folders:
        model = Pair(folder, args.letters_id, args.full_id).eval()
        out = {'validation': th.joint_metrics(model, pool_x[va], yf[va], yl[va], pen_va)}
        if pen_te is not None:
            out['test'] = th.joint_metrics(model, tx, tyf, tyl, pen_te)
        print(folder, json.dumps({k: {m: round(v, 4) for m, v in d.items()} for k, d in out.items()}), flush=True)


if __name__ == '__main__':
    main()
