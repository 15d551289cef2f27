"""Fine-tune a pretrained BERT on the review sentiments (PyTorch training image, script mode).

The channels hold the raw reviews: CSV files with the header ``text,sentiment``.
``transformers`` is installed from ``requirements.txt`` before the script starts, and the
pretrained weights are downloaded from the Hugging Face Hub (the job needs internet access).
The fine-tuned model and its tokenizer are saved to ``SM_MODEL_DIR`` for serving.
Not run in this book (no PyTorch here): the page shows the request it would be sent with.
"""

import argparse
import csv
import os
from pathlib import Path

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

parser = argparse.ArgumentParser()
parser.add_argument("--model-name", default="bert-base-uncased")
parser.add_argument("--epochs", type=int, default=2)
parser.add_argument("--learning-rate", type=float, default=2e-5)
parser.add_argument("--batch-size", type=int, default=16)
args, _ = parser.parse_known_args()


def channel(name):
    """[(text, label), ...] from every CSV in the channel folder SM_CHANNEL_<NAME>."""
    rows = []
    for f in sorted(Path(os.environ[f"SM_CHANNEL_{name.upper()}"]).glob("*.csv")):
        with open(f, newline="") as handle:
            rows += [(r["text"], int(r["sentiment"])) for r in csv.DictReader(handle)]
    return rows


device = "cuda" if torch.cuda.is_available() else "cpu"
tokenizer = AutoTokenizer.from_pretrained(args.model_name)
model = AutoModelForSequenceClassification.from_pretrained(args.model_name, num_labels=2)
model.to(device)
optimizer = torch.optim.AdamW(model.parameters(), lr=args.learning_rate)


def batches(rows, shuffle):
    order = torch.randperm(len(rows)).tolist() if shuffle else list(range(len(rows)))
    for i in range(0, len(rows), args.batch_size):
        chunk = [rows[j] for j in order[i:i + args.batch_size]]
        encoded = tokenizer([text for text, _ in chunk], padding=True, truncation=True,
                            max_length=64, return_tensors="pt").to(device)
        yield encoded, torch.tensor([label for _, label in chunk], device=device)


train, test = channel("train"), channel("test")
for epoch in range(args.epochs):
    model.train()
    for encoded, labels in batches(train, shuffle=True):
        loss = model(**encoded, labels=labels).loss  # cross-entropy of the two classes
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    model.eval()
    with torch.no_grad():
        correct = sum(int((model(**encoded).logits.argmax(-1) == labels).sum())
                      for encoded, labels in batches(test, shuffle=False))
    print(f"epoch {epoch + 1}: test:accuracy={correct / len(test):.4f};")
model.save_pretrained(os.environ["SM_MODEL_DIR"])
tokenizer.save_pretrained(os.environ["SM_MODEL_DIR"])
