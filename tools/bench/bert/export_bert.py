#!/usr/bin/env python3
"""Writes one BERT shape, seed-0 weights, three ways for the inference comparison:
  DIR/config.json + DIR/model.safetensors   Hugging Face BertModel (read by worker.mjs and torch_bert.py --weights)
  DIR/model.onnx                            the encoder (input_ids [batch, sequence] → last_hidden_state), opset 14
  DIR/reference.json + DIR/reference.bin    check ids [2, 128] and PyTorch's last hidden state for them (float32)
usage: python3 export_bert.py tiny|base DIR [STAMP]   (STAMP is written to DIR/stamp last, so a finished export is recognisable)"""
import json, os, sys
import torch
from hf_bert import save_hf_directory
from torch_bert import BASE, LENGTH, TINY, Bert


class Encoder(torch.nn.Module):
    """Bert.encode as a module (the exported graph: embeddings + layers, no pooler, no attention mask, token type 0)."""

    def __init__(self, bert):
        super().__init__()
        self.bert = bert

    def forward(self, input_ids):
        return self.bert.encode(input_ids)


def main():
    name, directory = sys.argv[1], sys.argv[2]
    shape = {"tiny": TINY, "base": BASE}[name]
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = Bert(**shape).eval()
    os.makedirs(directory, exist_ok=True)
    save_hf_directory(model, shape, directory)
    encoder = Encoder(model).eval()
    # Traced at [3, 16]; dynamic axes let the same graph run [1, 128], [2, 128] and [32, 128].
    example = torch.randint(5, shape["vocab"], (3, 16))
    torch.onnx.export(encoder, (example,), os.path.join(directory, "model.onnx"), opset_version=14,
                      input_names=["input_ids"], output_names=["last_hidden_state"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "last_hidden_state": {0: "batch", 1: "sequence"}})
    ids = torch.randint(5, shape["vocab"], (2, LENGTH), generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        hidden = encoder(ids)
    hidden.numpy().astype("<f4").tofile(os.path.join(directory, "reference.bin"))
    with open(os.path.join(directory, "reference.json"), "w") as file:
        json.dump({"ids": ids.tolist(), "shape": list(hidden.shape)}, file)
    with open(os.path.join(directory, "stamp"), "w") as file:
        file.write(sys.argv[3] if len(sys.argv) > 3 else "")
    print(json.dumps({"exported": name, "directory": directory, "parameters": sum(p.numel() for p in model.parameters())}))


if __name__ == "__main__":
    main()
