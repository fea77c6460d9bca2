"""A separate demand per zone (DEMAND_BY_ZONE, docs/study.md "Demand by
zone"), as FUTURES allocates a demand per subregion: each zone's maps are
the study's maps with every cell outside the zone set to nodata; the
zone's demand (Markov, trend or optimisation) comes from its own maps, and
CARS allocates it on its own map, so no cell can change class on behalf of
another zone. The zones' simulated maps are then put together: each cell
takes its zone's class; a cell outside every zone keeps its start class.

Costs: one masked copy per zone and map (every zone's copy written in one
pass over the map), and one CARS run per zone and year (the neighbourhood
of a cell ends at its zone's border, as the zone is simulated alone). Every
map is read and written in row strips.
"""

import os

import numpy as np

from ..carbon import open_zones
from ..common import raster
from ..common.classes import ClassTable
from ..common.landmap import open_landuse
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.styles import class_entries, style_categorical


class ZoneSet:
    """The study's zones on the grid of its maps: their names, and masked
    copies and merges of maps strip by strip."""

    def __init__(self, s, progress):
        info = open_landuse(s.maps[-1], os.path.basename(s.maps[-1]), progress)
        self.grid = info.grid
        self.source = s.zones
        self.classes = ClassTable.from_csv(s.classes_path, "CLASSES table") \
            if s.classes_path else ClassTable()
        index = open_zones(s.zones, self.grid, info.label, progress)
        self.names = list(index.names)
        index.close()

    def folder_name(self, z):
        """A file-system name of zone ``z`` (its index)."""
        keep = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in self.names[z])
        return "zone_%d_%s" % (z + 1, keep)[:60]

    def _strips(self, paths, progress):
        """(y0, zone index strip, [strip of each map]) over the grid."""
        infos = [open_landuse(p, os.path.basename(p), progress) for p in paths]
        readers = [raster.BandReader(i) for i in infos]
        index = open_zones(self.source, self.grid, infos[0].label, Progress())
        try:
            for y0, rows in raster.strips(self.grid, raster.strip_rows(self.grid)):
                yield y0, index.read(y0, rows), [r.read(y0, rows) for r in readers]
        finally:
            index.close()
            for r in readers:
                r.close()

    def _create(self, path, like, codes):
        info = open_landuse(like, os.path.basename(like), Progress())
        nodata = raster.class_nodata(info, codes)
        ds = raster.create_raster(path, self.grid, info.dtype, nodata=nodata)
        style_categorical(ds, path, class_entries(codes, self.classes))
        return ds, nodata

    def split(self, path, out_paths, codes, progress):
        """In one pass over ``path``, for every zone z of ``out_paths`` (zone
        index -> file) a copy with every cell outside z set to nodata.
        Returns {z: {code: valid cells of the zone}}."""
        info = open_landuse(path, os.path.basename(path), progress)
        counts = {z: {} for z in out_paths}
        with Outputs() as out:
            made = {z: self._create(out.path(p), path, codes) for z, p in out_paths.items()}
            for y0, zone, (block,) in self._strips([path], progress):
                valid = raster.valid_mask(block, info.nodata)
                for z, (ds, nodata) in made.items():
                    inside = zone == z
                    raster.write_strip(ds, y0, np.where(inside, block, nodata).astype(block.dtype))
                    values, n = np.unique(block[inside & valid], return_counts=True)
                    for v, k in zip(values.tolist(), n.tolist()):
                        counts[z][v] = counts[z].get(v, 0) + k
            made.clear()              # closes the files before they are moved into place
        return counts

    def merge(self, start, zone_paths, out_path, codes, progress):
        """One map of the zones' maps (``zone_paths``: zone index -> map)
        and, elsewhere, ``start``."""
        order = sorted(zone_paths)
        with Outputs() as out:
            target = out.path(out_path)
            ds, _nodata = self._create(target, start, codes)
            paths = [start] + [zone_paths[z] for z in order]
            for y0, zone, blocks in self._strips(paths, progress):
                merged = blocks[0].copy()
                for z, block in zip(order, blocks[1:]):
                    inside = zone == z
                    merged[inside] = block[inside]
                raster.write_strip(ds, y0, merged)
            ds = None
        return out_path

