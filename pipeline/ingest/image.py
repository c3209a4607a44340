"""Image files (.png, .jpg, .jpeg, .tif, .tiff): a scanned page read by OCR (pipeline/ingest/ocr.py),
every frame of a multi-page TIFF a page of its own."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline.config import Config
from pipeline.errors import DamagedFileError, NoTextLayerError, UnsafeFileError
from pipeline.ingest.layout import Layout
from pipeline.ingest.ocr import read_pages

MAX_PIXELS = 120_000_000  # an A0 page at 600 dpi; more is a decompression bomb


def read_image_file(data: bytes, path: str, config: Config) -> Layout:
    """Lay out the lines OCR reads on each frame of the image."""
    if config.ocr == "off":
        raise NoTextLayerError(path, "an image of a page: OCR is off")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        picture = Image.open(io.BytesIO(data))
        frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(picture)]
    except Image.DecompressionBombError as err:
        raise UnsafeFileError(path, f"refused: the image is too large to read ({err})") from err
    except (UnidentifiedImageError, OSError, ValueError) as err:
        raise DamagedFileError(path, f"damaged image: {err}") from err
    dpi = round(picture.info.get("dpi", (config.ocr_dpi, config.ocr_dpi))[0]) or config.ocr_dpi
    layout = Layout(page_count=len(frames))
    images = [np.asarray(frame) for frame in frames]
    pages = read_pages(images, dpi, config.ocr, config.ocr_memory_bytes, path)
    for number, lines in enumerate(pages, start=1):
        scale = 72 / dpi
        for line in lines:
            box = (line.box[0] * scale, line.box[1] * scale, line.box[2] * scale, line.box[3] * scale)
            layout.add_line(line.text, number, box=box)
            layout.ocr_scores.append(line.score)
    if not layout.ocr_scores:
        raise NoTextLayerError(path, "no text found: OCR read nothing on the image")
    return layout
