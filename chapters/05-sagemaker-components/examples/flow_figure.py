# %% [markdown]
# # The SageMaker workflow as a flow figure
#
# Data stores are drawn as rounded grey boxes, components as coloured boxes, and each arrow is
# labelled with the call that moves the work along.

# %%
# --8<-- [start:figure]
import textwrap

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


def flow(columns):
    """The flow in rows of ``columns`` boxes: 3 for a page, 1 for a phone. One data
    unit is one inch, so the labels keep their size (body text) at either width."""
    width, height, gap = 2.1, 1.1, 0.7     # a box, and the room for an arrow beside it
    rise = 1.1 if columns > 1 else 0.55    # the room for an arrow down to the next row
    rows = -(-len(steps) // columns)
    fig_width = 0.1 + columns * width + (columns - 1) * gap
    note = textwrap.fill("predictor.predict(x) sends requests to the endpoint and "
                         "returns predictions", width=int(11 * fig_width))  # 11 an inch
    bottom = 0.3 + 0.25 * (note.count("\n") + 1) + (0.45 if columns > 1 else 0.2)
    above = 0.5 if columns > 1 else 0.1       # the calls above the top row
    fig, ax = plt.subplots(figsize=(fig_width,
                                    bottom + rows * height + (rows - 1) * rise + above))
    ax.set_position((0, 0, 1, 1))
    ax.set_xlim(0, fig.get_figwidth())
    ax.set_ylim(0, fig.get_figheight())
    ax.axis("off")
    corners = [(0.05 + (i % columns) * (width + gap),
                bottom + (rows - 1 - i // columns) * (height + rise)) for i in range(6)]
    for (label, sub, component), (x, y) in zip(steps, corners):
        box = FancyBboxPatch((x, y), width, height,
                             boxstyle="round,pad=0.02,rounding_size=0.12",
                             facecolor=colours.get(label, "#eeeeee"),
                             edgecolor="black" if component else "#9e9e9e", lw=1.2)
        ax.add_patch(box)
        ax.text(x + width / 2, y + 0.8, label, ha="center", va="center",
                fontweight="bold" if component else "normal")
        ax.text(x + width / 2, y + 0.35, sub, ha="center", va="center", linespacing=1.1)
    top = corners[0][1]
    for i, call in enumerate(calls):
        (x0, y0), (x1, y1) = corners[i], corners[i + 1]
        if y0 == y1:  # along a row: arrow in the gap, the call above (top row) or below
            ax.add_patch(FancyArrowPatch((x0 + width + 0.02, y0 + height / 2),
                                         (x1 - 0.02, y1 + height / 2),
                                         arrowstyle="-|>", mutation_scale=14, lw=1.2))
            ax.text(x0 + width + gap / 2,
                    y0 + height + 0.25 if y0 == top else y0 - 0.25,
                    call, ha="center", va="center", family="monospace")
        elif columns > 1:  # from the end of a row down to the start of the next
            ax.add_patch(FancyArrowPatch((x0 + width / 2, y0 - 0.02),
                                         (x1 + width / 2, y1 + height),
                                         arrowstyle="-|>", mutation_scale=14, lw=1.2))
            ax.text((x0 + x1 + width) / 2, (y0 + y1 + height) / 2, call, ha="center",
                    va="center", family="monospace",
                    bbox={"facecolor": "white", "edgecolor": "none"})
        else:  # one column: straight down, the call beside the arrow
            ax.add_patch(FancyArrowPatch((x0 + 0.3, y0 - 0.02),
                                         (x1 + 0.3, y1 + height + 0.02),
                                         arrowstyle="-|>", mutation_scale=14, lw=1.2))
            ax.text(x0 + 0.45, (y0 + y1 + height) / 2, call, va="center",
                    family="monospace")
    ax.text(0.05, 0.15, note, style="italic", va="bottom")
    return fig


fig, fig_narrow = flow(3), flow(1)        # a page's drawing and a phone's
print("stages drawn:", " -> ".join(label for label, _, _ in steps))
# --8<-- [end:figure]
