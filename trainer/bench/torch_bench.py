#!/usr/bin/python3
"""Benchmark-only peer: trains the trainer's CNN architecture in PyTorch (Debian python3-torch 1.13, CPU) and prints
one JSON line with images/s per run. Run by `trainer bench`; not a runtime dependency of OCTFlow."""
import argparse
import json
import time

import numpy as np
import torch
import torch.nn as nn


def build(conv, dense, dropout, batch_norm, classes=4, head="DENSE"):
    layers, channels, side = [], 1, 28
    for part in conv.split(","):
        pool = part.endswith("p")
        out = int(part.rstrip("p"))
        layers.append(nn.Conv2d(channels, out, 3, padding=1, bias=not batch_norm))
        if batch_norm:
            layers.append(nn.BatchNorm2d(out))
        # the DL4J network's order: ReLU after the pool (the two commute), so both engines do the same work
        if pool:
            layers.append(nn.MaxPool2d(2))
            side //= 2
        layers.append(nn.ReLU())
        channels = out
    if head == "GLOBAL_AVERAGE":
        layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
        features = channels
    else:
        layers += [nn.Flatten(), nn.Linear(channels * side * side, dense), nn.ReLU()]
        features = dense
    if dropout > 0:
        layers.append(nn.Dropout(dropout))
    layers.append(nn.Linear(features, classes))
    return nn.Sequential(*layers)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--conv", default="16,16p,32,32p,64p")
    p.add_argument("--dense", type=int, default=128)
    p.add_argument("--dropout", type=float, default=0.3)
    p.add_argument("--batch-norm", type=int, default=0)
    p.add_argument("--head", default="DENSE", choices=["DENSE", "GLOBAL_AVERAGE"])
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    data = np.load(a.data)
    x = torch.tensor(data["train_images"], dtype=torch.float32).unsqueeze(1) / 255.0
    x = (x - x.mean()) / x.std()
    y = torch.tensor(data["train_labels"].reshape(-1), dtype=torch.long)
    rates = []
    for run in range(a.runs + 1):  # run 0 warms up and is not counted
        model = build(a.conv, a.dense, a.dropout, bool(a.batch_norm), head=a.head)
        opt = torch.optim.Adam(model.parameters(), lr=2e-3, weight_decay=1e-4)
        loss_fn = nn.CrossEntropyLoss()
        model.train()
        seen, start = 0, time.perf_counter()
        for _ in range(a.epochs):
            order = torch.randperm(len(y))
            for i in range(0, len(y), a.batch_size):
                idx = order[i:i + a.batch_size]
                opt.zero_grad()
                loss = loss_fn(model(x[idx]), y[idx])
                loss.backward()
                opt.step()
                seen += len(idx)
        elapsed = time.perf_counter() - start
        if run > 0:
            rates.append(seen / elapsed)
    print(json.dumps({"engine": "pytorch", "torch": torch.__version__, "threads": a.threads,
                      "images_per_second": rates}))


if __name__ == "__main__":
    main()
