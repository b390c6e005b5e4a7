#!/usr/bin/python3
"""Writes the input image of each test case under 0.1.0/test_cases/.

Run with Debian's Python, Pillow and DejaVu fonts
(apt-get install python3-pil fonts-dejavu-core):
    /usr/bin/python3 examples/paddle-ocr-direction/make_test_images.py
The images are committed; each case's results.json is what the model answers
(`deno task check --bundle examples/paddle-ocr-direction` compares them).
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

CASES = Path(__file__).parent / "0.1.0" / "test_cases"
FONT = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 30)


def text_line(text: str) -> Image.Image:
    """Black text on white, a few pixels of margin: a text line as OCR detection crops it."""
    left, top, right, bottom = FONT.getbbox(text)
    image = Image.new("RGB", (right - left + 16, bottom - top + 12), "white")
    ImageDraw.Draw(image).text((8 - left, 6 - top), text, font=FONT, fill="black")
    return image


def save_jpeg(image: Image.Image, case: str, orientation: int = 1) -> None:
    folder = CASES / case
    folder.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    exif[0x0112] = orientation
    image.save(folder / "image", format="JPEG", quality=90, exif=exif.tobytes())


line = text_line("Serve your own model")
save_jpeg(line, "upright")
save_jpeg(line.transpose(Image.Transpose.ROTATE_180), "upside_down")
# Stored upside down, with EXIF orientation 3 (turn 180° to display): upright as shown.
save_jpeg(line.transpose(Image.Transpose.ROTATE_180), "exif_turned_upright", orientation=3)
# Stored turned 90° counter-clockwise, with EXIF orientation 6 (turn 90° clockwise): upright.
save_jpeg(line.transpose(Image.Transpose.ROTATE_90), "exif_portrait_upright", orientation=6)
# Stored upright, but EXIF orientation 3 says to show it turned: upside down as shown.
save_jpeg(line, "exif_turned_upside_down", orientation=3)
# A PNG, upside down.
png = CASES / "png_upside_down"
png.mkdir(parents=True, exist_ok=True)
line.transpose(Image.Transpose.ROTATE_180).convert("L").save(png / "image", format="PNG")
