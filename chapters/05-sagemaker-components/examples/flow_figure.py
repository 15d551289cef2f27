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
    ("cleaned data", "S3: train/\nvalidation/ test/", False),
    ("Estimator", "training job", True),
    ("Model", "artifact +\nserving code", True),
    ("Predictor", "real-time endpoint", True),
]
calls = ["run(inputs=...)", "outputs", "fit({'train': ...})", "model_data", "deploy()"]
colours = {"Processor": "#7986cb", "Estimator": "#4db6ac", "Model": "#ffb74d",
           "Predictor": "#e57373"}

# Two rows of three boxes (1 data unit = 1 inch), so the labels can be body-text size.
fig, ax = plt.subplots(figsize=(9, 4.8))
ax.set_xlim(0, 9)
ax.set_ylim(0, 4.8)
ax.axis("off")
width, height, gap = 2.3, 1.1, 0.75
corners = [(0.3 + (i % 3) * (width + gap), 3.2 if i < 3 else 1.0) for i in range(6)]
for (label, sub, component), (x, y) in zip(steps, corners):
    box = FancyBboxPatch((x, y), width, height,
                         boxstyle="round,pad=0.02,rounding_size=0.12",
                         facecolor=colours.get(label, "#eeeeee"),
                         edgecolor="black" if component else "#9e9e9e", lw=1.2)
    ax.add_patch(box)
    ax.text(x + width / 2, y + 0.8, label, ha="center", va="center",
            fontweight="bold" if component else "normal")
    ax.text(x + width / 2, y + 0.35, sub, ha="center", va="center", linespacing=1.1)
for i, call in enumerate(calls):
    (x0, y0), (x1, y1) = corners[i], corners[i + 1]
    # along a row: arrow in the gap, the call above (top row) or below (bottom)
    if y0 == y1:
        ax.add_patch(FancyArrowPatch((x0 + width + 0.02, y0 + height / 2),
                                     (x1 - 0.02, y1 + height / 2),
                                     arrowstyle="-|>", mutation_scale=14, lw=1.2))
        ax.text(x0 + width + gap / 2, y0 + height + 0.25 if y0 > 2 else y0 - 0.25, call,
                ha="center", va="center", family="monospace")
    else:  # from the end of the top row down to the start of the bottom row
        ax.add_patch(FancyArrowPatch((x0 + width / 2, y0 - 0.02),
                                     (x1 + width / 2, y1 + height),
                                     arrowstyle="-|>", mutation_scale=14, lw=1.2))
        ax.text((x0 + x1 + width) / 2, (y0 + y1 + height) / 2, call, ha="center",
                va="center", family="monospace",
                bbox={"facecolor": "white", "edgecolor": "none"})
ax.text(0.3, 0.2,
        "predictor.predict(x) sends requests to the endpoint and returns predictions",
        style="italic")
print("stages drawn:", " -> ".join(label for label, _, _ in steps))
# --8<-- [end:figure]
