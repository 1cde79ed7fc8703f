#!/usr/bin/env python3
"""The PyTorch column: the same BERT-shaped step as worker.mjs, in plain torch (no transformers).
usage: python3 torch_bert.py train|infer-tiny|infer-base [--quick] [--weights DIR]  → one JSON line
(--weights: a Hugging Face BertModel directory written by export_bert.py; otherwise seed-0 initialisation)"""
import json, resource, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

BATCH, LENGTH, MASKED = 8, 128, round(0.15 * 128)
TINY = dict(vocab=30522, hidden=256, layers=4, heads=4, intermediate=1024)
BASE = dict(vocab=30522, hidden=768, layers=12, heads=12, intermediate=3072)


class Layer(nn.Module):
    def __init__(self, h, heads, i):
        super().__init__()
        self.heads = heads
        self.qkv = nn.ModuleList([nn.Linear(h, h) for _ in range(3)])
        self.out, self.norm1 = nn.Linear(h, h), nn.LayerNorm(h, eps=1e-12)
        self.up, self.down, self.norm2 = nn.Linear(h, i), nn.Linear(i, h), nn.LayerNorm(h, eps=1e-12)

    def forward(self, x):
        b, t, h = x.shape
        q, k, v = (p(x).view(b, t, self.heads, -1).transpose(1, 2) for p in self.qkv)
        probs = torch.softmax(q @ k.transpose(-1, -2) / (h // self.heads) ** 0.5, -1)
        x = self.norm1(x + self.out((probs @ v).transpose(1, 2).reshape(b, t, h)))
        return self.norm2(x + self.down(F.gelu(self.up(x))))


class Bert(nn.Module):
    def __init__(self, vocab, hidden, layers, heads, intermediate):
        super().__init__()
        self.words, self.positions, self.types = nn.Embedding(vocab, hidden), nn.Embedding(512, hidden), nn.Embedding(2, hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-12)
        self.layers = nn.ModuleList([Layer(hidden, heads, intermediate) for _ in range(layers)])
        self.pooler, self.transform, self.transform_norm = nn.Linear(hidden, hidden), nn.Linear(hidden, hidden), nn.LayerNorm(hidden, eps=1e-12)
        self.bias, self.nsp = nn.Parameter(torch.zeros(vocab)), nn.Linear(hidden, 2)

    def encode(self, ids):
        x = self.norm(self.words(ids) + self.positions.weight[: ids.shape[1]] + self.types.weight[0])
        for layer in self.layers:
            x = layer(x)
        return x

    def loss(self, ids, positions, labels, next_sentence):
        x = self.encode(ids)
        rows = self.transform_norm(F.gelu(self.transform(x.reshape(-1, x.shape[-1])[positions])))
        mlm = F.cross_entropy(rows @ self.words.weight.t() + self.bias, labels)
        return mlm + F.cross_entropy(self.nsp(torch.tanh(self.pooler(x[:, 0]))), next_sentence)


def time_loop(budget, minimum, body):
    runs, start = 0, time.perf_counter()
    while time.perf_counter() - start < budget or runs < minimum:
        body()
        runs += 1
    return runs, time.perf_counter() - start


def train():
    torch.manual_seed(0)
    model = Bert(**TINY)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, eps=1e-6, weight_decay=0.01)
    ids = torch.randint(5, TINY["vocab"], (BATCH, LENGTH))
    positions = torch.tensor([(n // MASKED) * LENGTH + 1 + (n % MASKED) * 6 for n in range(BATCH * MASKED)])
    labels, next_sentence = torch.randint(5, TINY["vocab"], (BATCH * MASKED,)), torch.randint(0, 2, (BATCH,))

    def step():
        optimizer.zero_grad()
        model.loss(ids, positions, labels, next_sentence).backward()
        optimizer.step()

    for _ in range(2):
        step()
    runs, seconds = time_loop(10 if quick else 40, 3, step)
    return {"tokensPerSecond": runs * BATCH * LENGTH / seconds, "steps": runs}


def infer(shape, batches=(1, 32)):
    torch.manual_seed(0)
    model = Bert(**shape).eval()
    if weights:
        from hf_bert import load_hf_directory
        load_hf_directory(model, weights)
    result = {}
    with torch.no_grad():
        for batch in batches:
            ids = torch.randint(5, shape["vocab"], (batch, LENGTH))
            model.encode(ids)
            runs, seconds = time_loop(3 if quick else 10, 2, lambda: model.encode(ids))
            result[f"b{batch}x{LENGTH}"] = runs * batch * LENGTH / seconds
    return result


if __name__ == "__main__":
    torch.set_num_threads(1)
    mode = sys.argv[1] if len(sys.argv) > 1 else "train"
    quick = "--quick" in sys.argv
    weights = sys.argv[sys.argv.index("--weights") + 1] if "--weights" in sys.argv else None
    modes = {"train": train, "infer-tiny": lambda: infer(TINY), "infer-base": lambda: infer(BASE, (1,) if quick else (1, 32))}
    result = modes[mode]()
    result["peakMemoryMb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"mode": mode, "backend": "pytorch", **result}))
