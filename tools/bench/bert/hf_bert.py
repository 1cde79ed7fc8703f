"""torch_bert.Bert's encoder weights as a Hugging Face `BertModel` directory (config.json + model.safetensors),
so that @pretrain/bert (loadBert, strict), onnxruntime (via export_bert.py) and PyTorch run the same weights."""
import json, os, struct
import numpy as np
import torch

# torch_bert.Bert's names → Hugging Face BertModel's; the MLM/NSP heads (transform, bias, nsp) are not BertModel's.
EMBEDDINGS = {"words.weight": "embeddings.word_embeddings.weight", "positions.weight": "embeddings.position_embeddings.weight",
              "types.weight": "embeddings.token_type_embeddings.weight", "norm.weight": "embeddings.LayerNorm.weight",
              "norm.bias": "embeddings.LayerNorm.bias", "pooler.weight": "pooler.dense.weight", "pooler.bias": "pooler.dense.bias"}
LAYER = {"qkv.0": "attention.self.query", "qkv.1": "attention.self.key", "qkv.2": "attention.self.value",
         "out": "attention.output.dense", "norm1": "attention.output.LayerNorm", "up": "intermediate.dense",
         "down": "output.dense", "norm2": "output.LayerNorm"}


def hf_name(name):
    """`layers.3.qkv.1.weight` → `encoder.layer.3.attention.self.key.weight`; None for the pretraining heads."""
    if name in EMBEDDINGS:
        return EMBEDDINGS[name]
    if not name.startswith("layers."):
        return None
    _, index, rest = name.split(".", 2)
    module, leaf = rest.rsplit(".", 1)
    return f"encoder.layer.{index}.{LAYER[module]}.{leaf}"


def hf_config(shape):
    return {"architectures": ["BertModel"], "model_type": "bert", "vocab_size": shape["vocab"], "hidden_size": shape["hidden"],
            "num_hidden_layers": shape["layers"], "num_attention_heads": shape["heads"], "intermediate_size": shape["intermediate"],
            "hidden_act": "gelu", "hidden_dropout_prob": 0.0, "attention_probs_dropout_prob": 0.0, "max_position_embeddings": 512,
            "type_vocab_size": 2, "initializer_range": 0.02, "layer_norm_eps": 1e-12, "pad_token_id": 0}


def write_safetensors(path, tensors):
    """float32 tensors in the safetensors layout: u64 header length, JSON header (space-padded to 8 bytes), data."""
    header, offset, blobs = {}, 0, []
    for name, tensor in tensors.items():
        data = tensor.detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    temporary = path + ".tmp"
    with open(temporary, "wb") as file:
        file.write(struct.pack("<Q", len(encoded)) + encoded)
        for blob in blobs:
            file.write(blob)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


def read_safetensors(path):
    with open(path, "rb") as file:
        raw = file.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + length])
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {entry['dtype']}, expected F32")
        start, end = entry["data_offsets"]
        array = np.frombuffer(raw, dtype="<f4", count=(end - start) // 4, offset=8 + length + start)
        tensors[name] = torch.from_numpy(array.copy()).reshape(entry["shape"])
    return tensors


def save_hf_directory(model, shape, directory):
    os.makedirs(directory, exist_ok=True)
    tensors = {hf_name(name): value for name, value in model.state_dict().items() if hf_name(name)}
    write_safetensors(os.path.join(directory, "model.safetensors"), tensors)
    with open(os.path.join(directory, "config.json"), "w") as file:
        json.dump(hf_config(shape), file, indent=2, sort_keys=True)


def load_hf_directory(model, directory):
    """Loads the encoder weights back (strict on the BertModel part; the pretraining heads keep their values)."""
    tensors = read_safetensors(os.path.join(directory, "model.safetensors"))
    state = model.state_dict()
    wanted = {hf_name(name): name for name in state if hf_name(name)}
    if set(wanted) != set(tensors):
        raise ValueError(f"{directory}: keys differ from BertModel's: {sorted(set(wanted) ^ set(tensors))[:6]}")
    model.load_state_dict({**state, **{wanted[key]: value for key, value in tensors.items()}})
