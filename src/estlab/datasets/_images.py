"""Tiny generated images for the image-classification pipeline: 8x8 grey-scale shapes.

Four classes, each a simple stroke pattern drawn on an 8x8 grid, then shifted by up to one
pixel, scaled in brightness and blurred with noise, so that no two images are identical and a
linear classifier on the 64 pixels has real work to do::

    0 "hbar"   a horizontal bar       1 "vbar"    a vertical bar
    2 "cross"  a plus sign            3 "square"  the outline of a square

:func:`write_image_folder` stores them as a folder per class of binary PGM files (``P5``: a
three-line text header, then one byte per pixel), the layout image data sets usually arrive
in (``raw/<class>/<id>.pgm``) and the input of Chapter 10's image preprocessing job.
"""

from pathlib import Path

import numpy as np

__all__ = ["SHAPE_CLASSES", "make_shapes", "write_image_folder", "read_pgm"]

#: Class names, in label order.
SHAPE_CLASSES = ("hbar", "vbar", "cross", "square")


def _templates():
    t = np.zeros((4, 8, 8))
    t[0, 3:5, 1:7] = 1.0                       # horizontal bar
    t[1, 1:7, 3:5] = 1.0                       # vertical bar
    t[2, 3:5, 1:7] = 1.0                       # cross: both bars
    t[2, 1:7, 3:5] = 1.0
    t[3, 1:7, 1:7] = 1.0                       # square outline: a filled square minus its inside
    t[3, 2:6, 2:6] = 0.0
    return t


def make_shapes(n=200, noise=0.15, random_state=0):
    """Generate ``n`` 8x8 grey-scale images of four shapes, with labels.

    Parameters
    ----------
    n : int, default 200
        Number of images; the classes take turns, so they are balanced (to within one).
    noise : float, default 0.15
        Standard deviation of the Gaussian pixel noise, before clipping to [0, 1].
    random_state : int, Generator or None, default 0

    Returns
    -------
    images : ndarray of shape (n, 8, 8)
        Pixel intensities in [0, 1] (0 black, 1 white).
    labels : ndarray of shape (n,)
        Integer class labels 0..3, names in :data:`SHAPE_CLASSES`.

    Notes
    -----
    Image :math:`i` of class :math:`k` is
    :math:`\\mathrm{clip}(b_i\\,\\mathrm{shift}_{s_i}(T_k) + \\varepsilon_i, 0, 1)` with a template
    :math:`T_k`, a brightness :math:`b_i \\sim U(0.6, 1)`, a shift :math:`s_i` of -1, 0 or 1
    pixel in each direction, and :math:`\\varepsilon_i \\sim N(0, \\text{noise}^2)` per pixel.

    Examples
    --------
    >>> images, labels = make_shapes(n=8, random_state=1)
    >>> images.shape, labels.tolist()
    ((8, 8, 8), [0, 1, 2, 3, 0, 1, 2, 3])
    >>> bool(images.min() >= 0.0 and images.max() <= 1.0)
    True
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer; got {n!r}.")
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0; got {noise!r}.")
    rng = np.random.default_rng(random_state)
    templates = _templates()
    labels = np.arange(n) % len(SHAPE_CLASSES)
    images = np.empty((n, 8, 8))
    for i, k in enumerate(labels):
        dy, dx = rng.integers(-1, 2, size=2)
        shifted = np.roll(templates[k], (dy, dx), axis=(0, 1))
        brightness = rng.uniform(0.6, 1.0)
        images[i] = brightness * shifted + rng.normal(0.0, noise, size=(8, 8))
    return np.clip(images, 0.0, 1.0), labels


def write_image_folder(path, n=200, noise=0.15, random_state=0):
    """Write :func:`make_shapes` images as ``<path>/<class>/<id>.pgm`` files.

    Parameters
    ----------
    path : str or os.PathLike
        Folder to create (it may exist); one sub-folder per class name.
    n, noise, random_state
        As :func:`make_shapes`.

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> import tempfile
    >>> folder = write_image_folder(tempfile.mkdtemp(), n=8)
    >>> sorted(p.name for p in folder.iterdir())
    ['cross', 'hbar', 'square', 'vbar']
    >>> read_pgm(folder / "hbar" / "img-0000.pgm").shape
    (8, 8)
    """
    path = Path(path)
    images, labels = make_shapes(n=n, noise=noise, random_state=random_state)
    for name in SHAPE_CLASSES:
        (path / name).mkdir(parents=True, exist_ok=True)
    for i, (image, label) in enumerate(zip(images, labels)):
        pixels = np.round(image * 255).astype(np.uint8)
        header = f"P5\n{image.shape[1]} {image.shape[0]}\n255\n".encode("ascii")
        (path / SHAPE_CLASSES[label] / f"img-{i:04d}.pgm").write_bytes(header + pixels.tobytes())
    return path


def read_pgm(path):
    """Read a binary (``P5``) 8-bit PGM image as floats in [0, 1].

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    ndarray of shape (height, width)

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "two.pgm"
    >>> _ = p.write_bytes(b"P5\\n2 1\\n255\\n" + bytes([0, 255]))
    >>> read_pgm(p).tolist()
    [[0.0, 1.0]]
    """
    data = Path(path).read_bytes()
    fields = data.split(maxsplit=4)  # magic, width, height, maxval, pixels
    if len(fields) < 5 or fields[0] != b"P5" or fields[3] != b"255":
        raise ValueError(f"{path}: expected a binary 8-bit PGM file (header 'P5 <w> <h> 255'); "
                         f"got a header starting {data[:16]!r}.")
    width, height = int(fields[1]), int(fields[2])
    pixels = np.frombuffer(data[len(data) - width * height:], dtype=np.uint8)
    return pixels.reshape(height, width) / 255.0
