#!/usr/bin/python3
"""Benchmark-only peer: trains the trainer's default recipe in PyTorch (Debian python3-torch 1.13, CPU) on a MedMNIST
npz and prints one JSON line with val/test accuracy and macro one-vs-rest AUC. It tells whether a gap to a target
comes from the recipe or from DL4J. Mirrors NetworkFactory and Dl4jTrainer: same layers, He init, Adam + L2 on
weights, cosine schedule per epoch, inverse-frequency class weights, early stopping on the unweighted val loss with
the best weights restored, the weights' moving average of WeightAverage (val and export use the average), and the
augmentations of AugmentationConfig.standard(). Not a runtime dependency."""
import argparse
import json
import math
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.metrics import roc_auc_score

from torch_bench import build


def augment(x, gen):
    """x: [N,1,H,W] in 0..1. Shift +-2 px, rotation +-10 deg, h-flip, brightness +-0.1, contrast x(1+-0.15),
    noise 0.02; edges repeat (border padding), as the trainer's Augmenter does."""
    n, _, h, w = x.shape
    u = lambda m: (torch.rand(n, generator=gen) * 2 - 1) * m
    angle = u(math.radians(10))
    dx, dy = u(2.0) * 2 / w, u(2.0) * 2 / h
    flip = torch.where(torch.rand(n, generator=gen) < 0.5, -1.0, 1.0)
    cos, sin = torch.cos(angle), torch.sin(angle)
    theta = torch.stack([torch.stack([cos * flip, -sin, dx], 1), torch.stack([sin * flip, cos, dy], 1)], 1)
    grid = F.affine_grid(theta, x.shape, align_corners=True)
    x = F.grid_sample(x, grid, padding_mode="border", align_corners=True)
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    x = (x - mean) * (1 + u(0.15)).view(n, 1, 1, 1) + mean + u(0.1).view(n, 1, 1, 1)
    x = x + torch.randn(x.shape, generator=gen) * 0.02
    return x.clamp(0, 1)


def evaluate(model, x, y):
    model.eval()
    with torch.no_grad():
        logits = model(x)
        loss = F.cross_entropy(logits, y).item()
        p = F.softmax(logits, 1).numpy()
    acc = float((p.argmax(1) == y.numpy()).mean())
    auc = float(roc_auc_score(y.numpy(), p, multi_class="ovr", average="macro"))
    return loss, acc, auc


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--data", required=True)
    a.add_argument("--conv", default="16,16p,32,32p,64p")
    a.add_argument("--dense", type=int, default=128)
    a.add_argument("--dropout", type=float, default=0.3)
    a.add_argument("--batch-norm", type=int, default=0)
    a.add_argument("--head", default="DENSE", choices=["DENSE", "GLOBAL_AVERAGE"])
    a.add_argument("--batch-size", type=int, default=64)
    a.add_argument("--epochs", type=int, default=100)
    a.add_argument("--patience", type=int, default=20)
    a.add_argument("--lr", type=float, default=0.002)
    a.add_argument("--weight-decay", type=float, default=1e-4)
    a.add_argument("--augment", type=int, default=1)
    a.add_argument("--class-weights", type=int, default=1)
    a.add_argument("--seed", type=int, default=42)
    a.add_argument("--average-weights", type=float, default=0.99)
    a.add_argument("--threads", type=int, default=2)
    args = a.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)
    d = np.load(args.data)
    split = lambda s: (torch.tensor(d[s + "_images"], dtype=torch.float32).unsqueeze(1) / 255.0,
                       torch.tensor(d[s + "_labels"].reshape(-1), dtype=torch.long))
    (xt, yt), (xv, yv), (xs, ys) = split("train"), split("val"), split("test")
    mean, std = xt.mean().item(), xt.std().item()
    norm = lambda x: (x - mean) / std
    model = build(args.conv, args.dense, args.dropout, bool(args.batch_norm), head=args.head)
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            if m.bias is not None:
                nn.init.zeros_(m.bias)
    counts = torch.bincount(yt, minlength=4).float()
    weights = counts.sum() / (4 * counts) if args.class_weights else torch.ones(4)
    decay = [p for n, p in model.named_parameters() if p.dim() > 1]
    rest = [p for n, p in model.named_parameters() if p.dim() <= 1]
    opt = torch.optim.Adam([{"params": decay, "weight_decay": args.weight_decay}, {"params": rest, "weight_decay": 0}],
                           lr=args.lr)
    average = {k: v.clone() for k, v in model.state_dict().items()}
    updates = 0
    best, best_state, best_epoch, since, start = float("inf"), None, 0, 0, time.perf_counter()
    for epoch in range(args.epochs):
        for g in opt.param_groups:
            g["lr"] = args.lr * 0.5 * (1 + math.cos(math.pi * epoch / args.epochs))
        model.train()
        order = torch.randperm(len(yt), generator=gen)
        for i in range(0, len(yt), args.batch_size):
            idx = order[i:i + args.batch_size]
            xb = augment(xt[idx], gen) if args.augment else xt[idx]
            opt.zero_grad()
            F.cross_entropy(model(norm(xb)), yt[idx], weight=weights).backward()
            opt.step()
            if args.average_weights:
                d = min(args.average_weights, (1 + updates) / (10 + updates)) if updates else 0.0
                with torch.no_grad():
                    for k, v in model.state_dict().items():
                        average[k].mul_(d).add_(v, alpha=1 - d) if v.dtype.is_floating_point else average[k].copy_(v)
                updates += 1
        live = {k: v.clone() for k, v in model.state_dict().items()} if args.average_weights else None
        if live:
            model.load_state_dict(average)
        val_loss = evaluate(model, norm(xv), yv)[0]
        improved = val_loss < best - 1e-4
        if improved:
            best, best_epoch, since = val_loss, epoch + 1, 0
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        if live:
            model.load_state_dict(live)
        if not improved:
            since += 1
            if args.patience and since >= args.patience:
                break
    model.load_state_dict(best_state)
    _, vacc, vauc = evaluate(model, norm(xv), yv)
    _, tacc, tauc = evaluate(model, norm(xs), ys)
    print(json.dumps({"engine": "pytorch", "seed": args.seed, "best_epoch": best_epoch, "epochs_run": epoch + 1,
                      "val_acc": round(vacc, 4), "val_auc": round(vauc, 4), "test_acc": round(tacc, 4),
                      "test_auc": round(tauc, 4), "seconds": round(time.perf_counter() - start, 1)}))


if __name__ == "__main__":
    main()
