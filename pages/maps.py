"""The schematic map of the 49 municipalities: one tile each, placed by its coordinates.

A tile map rather than borders: each municipality's seat (latitude, longitude, kept with
the ``Municipality`` row) is rounded to a grid cell; where two fall in the same cell the
later one takes the nearest free cell, placing first those whose seat lies closest to the
middle of its cell. The picture keeps who lies north, south, east and west of whom, every
name fits and every tile is a link. The template draws it as inline SVG, coloured and
patterned by subregion, with the same municipalities as a list beside it.
"""

from dataclasses import dataclass

# Grid cell size in degrees: the county is about 1.6° tall and 3.4° wide.
ROW_DEGREES = 0.15
COLUMN_DEGREES = 0.30
TILE_WIDTH, TILE_HEIGHT, GAP = 108, 44, 6
# Colour and pattern of each subregion, in tree order; colour is never the only cue.
STYLES = [
    ("#dceaf7", "#00457c", "diagonal"),
    ("#fbe3d0", "#8a3c00", "dots"),
    ("#dff0e0", "#1e6b34", "horizontal"),
    ("#efe2f5", "#5a2d82", "cross"),
    ("#fdf1c7", "#6b5200", "vertical"),
    ("#e4e4e4", "#333333", "checks"),
]
PATTERN_LABELS = {
    "diagonal": "snedstreck",
    "dots": "prickar",
    "horizontal": "vågräta streck",
    "cross": "rutnät",
    "vertical": "lodräta streck",
    "checks": "schack",
}


@dataclass
class Tile:
    municipality: object
    x: int
    y: int
    style: int

    @property
    def fill(self):
        return STYLES[self.style][0]

    @property
    def text_x(self):
        return self.x + TILE_WIDTH // 2

    @property
    def text_y(self):
        return self.y + TILE_HEIGHT - 12


@dataclass
class Region:
    section: object
    style: int
    municipalities: list

    @property
    def fill(self):
        return STYLES[self.style][0]

    @property
    def ink(self):
        return STYLES[self.style][1]

    @property
    def pattern(self):
        return STYLES[self.style][2]

    @property
    def pattern_label(self):
        return PATTERN_LABELS[self.pattern]


@dataclass
class Map:
    tiles: list
    regions: list
    width: int
    height: int
    tile_width: int = TILE_WIDTH
    tile_height: int = TILE_HEIGHT


def place(points):
    """``{key: (row, column)}`` as floats -> ``{key: (row, column)}`` cells, one key each."""

    def offset(value):
        return abs(value - round(value))

    taken = {}
    cells = {}
    order = sorted(points.items(), key=lambda item: offset(item[1][0]) + offset(item[1][1]))
    for key, (row, column) in order:
        home = (round(row), round(column))
        radius = 0
        while True:
            ring = [
                (home[0] + dr, home[1] + dc)
                for dr in range(-radius, radius + 1)
                for dc in range(-radius, radius + 1)
                if max(abs(dr), abs(dc)) == radius
            ]
            free = [cell for cell in ring if cell not in taken]
            if free:
                cell = min(
                    free, key=lambda c: ((c[0] - row) ** 2 + (c[1] - column) ** 2, c[0], c[1])
                )
                break
            radius += 1
        taken[cell] = key
        cells[key] = cell
    return cells


def build_map(municipalities):
    """The map of ``municipalities`` (with ``section``); those without coordinates are
    left out of the picture (the list beside it still names them)."""
    regions = {}
    for municipality in sorted(municipalities, key=lambda m: (m.section.path, m.name)):
        section = municipality.section
        if section.pk not in regions:
            regions[section.pk] = Region(section, len(regions) % len(STYLES), [])
        regions[section.pk].municipalities.append(municipality)
    located = [m for m in municipalities if m.latitude is not None and m.longitude is not None]
    if not located:
        return Map([], list(regions.values()), 0, 0)
    north = max(float(m.latitude) for m in located)
    west = min(float(m.longitude) for m in located)
    points = {
        m.pk: (
            (north - float(m.latitude)) / ROW_DEGREES,
            (float(m.longitude) - west) / COLUMN_DEGREES,
        )
        for m in located
    }
    cells = place(points)
    top = min(row for row, _ in cells.values())
    left = min(column for _, column in cells.values())
    tiles = [
        Tile(
            m,
            (cells[m.pk][1] - left) * (TILE_WIDTH + GAP),
            (cells[m.pk][0] - top) * (TILE_HEIGHT + GAP),
            regions[m.section.pk].style,
        )
        for m in sorted(located, key=lambda m: (cells[m.pk], m.name))
    ]
    width = max(t.x for t in tiles) + TILE_WIDTH
    height = max(t.y for t in tiles) + TILE_HEIGHT
    return Map(tiles, list(regions.values()), width, height)
