"""Train a small CNN on the 8x8 shape images (TensorFlow training image, script mode).

The channels hold CSV files without a header: the label, then the 64 pixels of an 8x8 image.
The job writes what the TensorFlow Serving image serves: a SavedModel in ``SM_MODEL_DIR/1``
(version 1 of the model) and ``SM_MODEL_DIR/code/inference.py``, the request and response
handlers, which the serving image looks for at ``/opt/ml/model/code/inference.py``.
Not run in this book (no TensorFlow here): the page shows the requests it would be sent with.
"""

import argparse
import os
import shutil
from pathlib import Path

import numpy as np
import tensorflow as tf

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=30)
parser.add_argument("--batch-size", type=int, default=32)
parser.add_argument("--learning-rate", type=float, default=1e-3)
args, _ = parser.parse_known_args()


def channel(name):
    """(images, labels) from every CSV in the channel folder SM_CHANNEL_<NAME>."""
    folder = Path(os.environ[f"SM_CHANNEL_{name.upper()}"])
    data = np.vstack([np.loadtxt(f, delimiter=",", ndmin=2) for f in sorted(folder.glob("*.csv"))])
    return data[:, 1:].reshape(-1, 8, 8, 1).astype("float32"), data[:, 0].astype("int64")


X, y = channel("train")
X_test, y_test = channel("test")
model = tf.keras.Sequential([
    tf.keras.Input(shape=(8, 8, 1)),
    # 3x3 filters slide over the image: a stroke one pixel to the right looks the same
    tf.keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(4, activation="softmax"),
])
model.compile(optimizer=tf.keras.optimizers.Adam(args.learning_rate),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=args.epochs, batch_size=args.batch_size,
          validation_data=(X_test, y_test), verbose=2)
print(f"test:accuracy={model.evaluate(X_test, y_test, verbose=0)[1]:.4f};")

model_dir = Path(os.environ["SM_MODEL_DIR"])
model.export(str(model_dir / "1"))  # a SavedModel (Keras 3): what TensorFlow Serving loads
(model_dir / "code").mkdir(exist_ok=True)
shutil.copy(Path(__file__).with_name("inference.py"), model_dir / "code" / "inference.py")
