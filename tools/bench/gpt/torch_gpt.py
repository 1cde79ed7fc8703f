"""PyTorch reference for the tiny GPT of ../shared/PERF-FACTS.md (plain torch, GPT-2 architecture):
vocab 8192, d_model 256, 4 layers, 4 heads, MLP 4x with tanh GELU, pre-LN, tied embeddings, AdamW, batch 8 x 128.

  python3 torch_gpt.py train [steps]      -> one JSON line (tokens/s, peak memory)
  python3 torch_gpt.py forward [--quick]  -> one JSON line (forward tokens/s at b1 x 128)
  python3 torch_gpt.py decode [--quick]   -> one JSON line (ms/token with a Hugging Face-style KV cache)

Run with OPENBLAS_CORETYPE=SkylakeX (run.mjs sets it); one intra-op thread, PyTorch's best setting here.
"""
import json, math, resource, sys, time
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
VOCAB, D, LAYERS, HEADS, BATCH, CONTEXT = 8192, 256, 4, 4, 8, 128


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1, self.ln_2 = torch.nn.LayerNorm(D), torch.nn.LayerNorm(D)
        self.c_attn, self.c_proj = torch.nn.Linear(D, 3 * D), torch.nn.Linear(D, D)
        self.c_fc, self.mlp_proj = torch.nn.Linear(D, 4 * D), torch.nn.Linear(4 * D, D)

    def forward(self, x, past=None):
        batch, length, _ = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(D, dim=2)
        heads = lambda t: t.view(batch, length, HEADS, D // HEADS).transpose(1, 2)  # [B, H, T, d]
        q, k, v = heads(q), heads(k), heads(v)
        if past is not None:  # Hugging Face's cache: concatenate along the time axis
            k, v = torch.cat([past[0], k], dim=2), torch.cat([past[1], v], dim=2)
        total = k.shape[2]
        scores = q @ k.transpose(-1, -2) / math.sqrt(D // HEADS)
        if length > 1:
            causal = torch.ones(length, total, dtype=torch.bool).tril(total - length)
            scores = scores.masked_fill(~causal, float('-inf'))
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, length, D)
        x = x + self.c_proj(context)
        x = x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate='tanh'))
        return x, (k, v)


class TinyGPT(torch.nn.Module):
    def __init__(self, positions):
        super().__init__()
        self.wte, self.wpe = torch.nn.Embedding(VOCAB, D), torch.nn.Embedding(positions, D)
        self.blocks = torch.nn.ModuleList(Block() for _ in range(LAYERS))
        self.ln_f = torch.nn.LayerNorm(D)
        for name, parameter in self.named_parameters():  # GPT-2's initialisation: N(0, 0.02) weights, zero biases
            if name.endswith('bias'):
                torch.nn.init.zeros_(parameter)
            elif 'ln' not in name:
                torch.nn.init.normal_(parameter, std=0.02)

    def forward(self, ids, past=None):
        start = 0 if past is None else past[0][0].shape[2]
        x = self.wte(ids) + self.wpe(torch.arange(start, start + ids.shape[1]))
        presents = []
        for index, block in enumerate(self.blocks):
            x, present = block(x, None if past is None else past[index])
            presents.append(present)
        return self.ln_f(x) @ self.wte.weight.t(), presents  # tied LM head


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # VmHWM, kB on Linux


def train(steps):
    torch.manual_seed(0)
    model = TinyGPT(CONTEXT)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01)
    batches = [torch.randint(0, VOCAB, (BATCH, CONTEXT)) for _ in range(4)]

    def step(index):
        ids = batches[index % len(batches)]
        logits, _ = model(ids)
        loss = F.cross_entropy(logits[:, :-1].reshape(-1, VOCAB), ids[:, 1:].reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        return loss.item()

    for index in range(3):
        step(index)
    wall, cpu = time.perf_counter(), time.process_time()
    for index in range(steps):
        loss = step(index)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    tokens = steps * BATCH * CONTEXT
    return {'steps': steps, 'loss': loss, 'tokensPerSecond': tokens / wall, 'tokensPerCpuSecond': tokens / cpu,
            'stepMs': 1000 * wall / steps, 'stepCpuMs': 1000 * cpu / steps, 'peakMemoryMb': peak_memory_mb()}


@torch.no_grad()
def decode_ms(model, context, new_tokens, use_cache):
    """Prompt of context - new_tokens - 1 ids, then new_tokens + 1 greedy steps; the last new_tokens are timed."""
    ids = torch.randint(0, VOCAB, (1, context - new_tokens - 1))
    logits, past = model(ids)
    wall, cpu = 0.0, 0.0
    for _ in range(new_tokens):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        next_id = logits[:, -1].argmax(-1, keepdim=True)
        if use_cache:
            logits, past = model(next_id, past)
        else:
            ids = torch.cat([ids, next_id], dim=1)
            logits, _ = model(ids)
        logits[:, -1].argmax(-1).item()
        wall += time.perf_counter() - start_wall
        cpu += time.process_time() - start_cpu
    return 1000 * wall / new_tokens, 1000 * cpu / new_tokens


@torch.no_grad()
def forward(quick):
    torch.manual_seed(0)
    model = TinyGPT(CONTEXT).eval()
    prompt = torch.randint(0, VOCAB, (1, CONTEXT))
    model(prompt)
    runs, wall, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - wall < (2 if quick else 8) or runs < 3:
        model(prompt)
        runs += 1
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {'runs': runs, 'tokensPerSecond': runs * CONTEXT / wall, 'tokensPerCpuSecond': runs * CONTEXT / cpu, 'peakMemoryMb': peak_memory_mb()}


def decode(quick):
    torch.manual_seed(0)
    model = TinyGPT(1024).eval()
    decode_ms(model, 128, 8 if quick else 64, True)  # the same warm-up as worker.mjs's
    rows = {}
    for context in (32, 128, 512, 1024):
        rows[f'cached{context}'] = decode_ms(model, context, 4 if quick else 24, True)
    rows['uncached1024'] = decode_ms(model, 1024, 2 if quick else 4, False)
    return {'msPerToken': {key: wall for key, (wall, _) in rows.items()}, 'cpuMsPerToken': {key: cpu for key, (_, cpu) in rows.items()}, 'peakMemoryMb': peak_memory_mb()}


if __name__ == '__main__':
    mode = sys.argv[1] if len(sys.argv) > 1 else 'train'
    quick = '--quick' in sys.argv
    if mode == 'train':
        result = train(int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 20)
    elif mode in ('forward', 'decode'):
        result = (forward if mode == 'forward' else decode)(quick)
    else:
        sys.exit(f'torch_gpt.py: unknown mode {mode!r} (train, forward, decode)')
    print(json.dumps({'runtime': f'PyTorch {torch.__version__} (1 thread, OpenBLAS)', 'mode': mode, **result}))
