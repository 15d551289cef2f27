# %% [markdown]
# # The SageMaker workflow as a flow figure
#
# Data stores are drawn as rounded grey boxes, components as coloured boxes, and each arrow is
# labelled with the call that moves the work along.

# %%
# --8<-- [start:figure]
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

steps = [  # (label, sub-label, is a component?)
    ("raw data", "S3: s3://bucket/raw/", False),
    ("Processor", "preprocessing job", True),
    ("cleaned data", "S3: train/ validation/ test/", False),
    ("Estimator", "training job", True),
    ("Model", "artifact + serving code", True),
    ("Predictor", "real-time endpoint", True),
]
calls = ["run(inputs=...)", "outputs", "fit({'train': ...})", "model_data", "deploy()"]
colours = {"Processor": "#7986cb", "Estimator": "#4db6ac", "Model": "#ffb74d",
           "Predictor": "#e57373"}

fig, ax = plt.subplots(figsize=(11, 2.6))
ax.set_xlim(0, 6 * 1.9)
ax.set_ylim(0, 2.2)
ax.axis("off")
width, height, gap = 1.5, 0.9, 0.4
for i, (label, sub, component) in enumerate(steps):
    x = 0.2 + i * (width + gap)
    box = FancyBboxPatch((x, 0.7), width, height, boxstyle="round,pad=0.02,rounding_size=0.12",
                         facecolor=colours.get(label, "#eeeeee"),
                         edgecolor="black" if component else "#9e9e9e", lw=1.2)
    ax.add_patch(box)
    ax.text(x + width / 2, 1.25, label, ha="center", va="center", fontsize=11,
            fontweight="bold" if component else "normal")
    ax.text(x + width / 2, 0.92, sub, ha="center", va="center", fontsize=7)
    if i < len(calls):
        ax.add_patch(FancyArrowPatch((x + width + 0.02, 1.15), (x + width + gap - 0.02, 1.15),
                                     arrowstyle="-|>", mutation_scale=12, lw=1.2))
        ax.text(x + width + gap / 2, 1.75 if i % 2 == 0 else 0.45, calls[i], ha="center",
                va="center", fontsize=7, family="monospace")
ax.text(0.2, 0.1, "predictor.predict(x) sends requests to the endpoint and returns predictions",
        fontsize=8, style="italic")
print("stages drawn:", " -> ".join(label for label, _, _ in steps))
# --8<-- [end:figure]
