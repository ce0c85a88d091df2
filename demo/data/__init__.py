"""The demo's data as TOML files, read with the standard library's ``tomllib``."""

import re
import tomllib
from pathlib import Path


def load(name):
    """The data in ``demo/data/<name>.toml``, every string folded by ``fold``."""
    with (Path(__file__).parent / f"{name}.toml").open("rb") as file:
        return fold(tomllib.load(file))


def fold(value):
    """Long strings are wrapped for reading: each line break with its indentation becomes
    one space, or nothing between two HTML tags (``</p>`` / ``<p>``)."""
    if isinstance(value, str):
        return re.sub(r">\s+<", "><", " ".join(value.split()))
    if isinstance(value, list):
        return [fold(item) for item in value]
    if isinstance(value, dict):
        return {key: fold(item) for key, item in value.items()}
    return value
