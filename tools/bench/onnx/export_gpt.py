#!/usr/bin/env python3
"""Exports the tiny GPT of ../gpt/torch_gpt.py (imported read-only: its TinyGPT, seed 0 as its `forward` mode builds it)
to ONNX for onnxruntime-node, with PyTorch's logits on a check prompt:
  DIR/model.onnx                          input_ids [batch, sequence] → logits [batch, sequence, vocab], opset 14
  DIR/reference.json + DIR/reference.bin  check ids [1, 128] and PyTorch's logits for them (float32)
usage: python3 export_gpt.py DIR [STAMP]   (STAMP is written to DIR/stamp last)"""
import json, os, sys
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gpt"))
import torch_gpt  # noqa: E402  (the tiny GPT's definition; its import sets one intra-op thread)


class Logits(torch.nn.Module):
    """TinyGPT without the KV-cache output: the graph a forward pass over a whole prompt needs."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids):
        return self.model(input_ids)[0]


def main():
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    torch.manual_seed(0)  # as torch_gpt.forward: the same weights as the PyTorch column
    model = Logits(torch_gpt.TinyGPT(torch_gpt.CONTEXT).eval()).eval()
    # Traced at [2, 16]; dynamic axes let the same graph run [1, 128].
    example = torch.randint(0, torch_gpt.VOCAB, (2, 16))
    torch.onnx.export(model, (example,), os.path.join(directory, "model.onnx"), opset_version=14,
                      input_names=["input_ids"], output_names=["logits"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "logits": {0: "batch", 1: "sequence"}})
    ids = torch.randint(0, torch_gpt.VOCAB, (1, torch_gpt.CONTEXT), generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        logits = model(ids)
    logits.numpy().astype("<f4").tofile(os.path.join(directory, "reference.bin"))
    with open(os.path.join(directory, "reference.json"), "w") as file:
        json.dump({"ids": ids.tolist(), "shape": list(logits.shape)}, file)
    with open(os.path.join(directory, "stamp"), "w") as file:
        file.write(sys.argv[2] if len(sys.argv) > 2 else "")
    print(json.dumps({"exported": "tiny-gpt", "directory": directory, "parameters": sum(p.numel() for p in model.parameters())}))


if __name__ == "__main__":
    main()
