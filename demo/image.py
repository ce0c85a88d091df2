"""A generated illustration for the demo content (no stock photos, nothing downloaded).

Three rounded boxes joined by arrows: the chain of care from hospital to primary care to the
municipality, drawn with Pillow so the demo can show responsive images without shipping or
fetching binary files.
"""

import io

from PIL import Image, ImageDraw

COLOURS = ["#00457c", "#1e6b34", "#8a5300"]


def care_chain_png(width=1600, height=700):
    image = Image.new("RGB", (width, height), "#f3f6f9")
    draw = ImageDraw.Draw(image)
    box_width, box_height = width // 4, height // 2
    top = (height - box_height) // 2
    gap = (width - 3 * box_width) // 4
    lefts = [gap + i * (box_width + gap) for i in range(3)]
    for left, colour in zip(lefts, COLOURS, strict=True):
        draw.rounded_rectangle(
            (left, top, left + box_width, top + box_height), radius=40, fill=colour
        )
        draw.ellipse(
            (left + box_width // 2 - 50, top + 60, left + box_width // 2 + 50, top + 160),
            fill="#ffffff",
        )
    for left in lefts[:2]:
        start, end, middle = left + box_width + 20, left + box_width + gap - 20, height // 2
        draw.line((start, middle, end - 30, middle), fill="#1b1b1b", width=14)
        draw.polygon(
            [(end, middle), (end - 40, middle - 30), (end - 40, middle + 30)], fill="#1b1b1b"
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
