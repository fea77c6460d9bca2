"""All-or-nothing outputs.

Every output is first written to a hidden temporary file beside its final
path (a VRT with its folder of tiles, core.common.tiles);
:meth:`Outputs.commit` moves all of them into place once the whole
computation succeeded. A failure or a cancel removes the temporary files
and leaves any earlier file at the final path untouched.
"""

import os
import re
import shutil
import uuid

from .errors import LandCarbonError

# Files GDAL and QGIS keep beside a raster: statistics / category names
# (PAM) and the default style QGIS loads with the layer.
_SIDECARS = (".aux.xml",)


# An output named .vrt is a VRT over the GeoTIFF tiles in <stem>_tiles
# (written by core.common.tiles; moved with the VRT, like a sidecar).
VRT_EXTENSION = ".vrt"
TILES_SUFFIX = "_tiles"


def is_tiled(path):
    """True when ``path`` asks for tiles and a VRT (it ends in .vrt)."""
    return str(path).lower().endswith(VRT_EXTENSION)


def tile_folder(path):
    """The folder of the tiles of the VRT at ``path``."""
    return os.path.splitext(str(path))[0] + TILES_SUFFIX


# The hidden temporary name of an output: .<stem>.partial-<8 hex><ext>
_TEMPORARY = ".%s.partial-%s%s"
_TEMPORARY_RE = re.compile(r"^\.(.*)\.partial-[0-9a-f]{8}(\.\w+)?$")


def shown_name(path):
    """The file name the user asked for, also given the temporary path
    Outputs.path made for it (for messages)."""
    name = os.path.basename(str(path))
    found = _TEMPORARY_RE.match(name)
    return found.group(1) + (found.group(2) or "") if found else name


def _qml(path):
    return os.path.splitext(path)[0] + ".qml"


def _move_tiles(tmp, final):
    """The tiles of a VRT (core.common.tiles) into place, and the VRT's
    relative source paths renamed with their folder."""
    if not (is_tiled(tmp) and os.path.isdir(tile_folder(tmp))):
        return
    if os.path.isdir(tile_folder(final)):
        shutil.rmtree(tile_folder(final))           # the tiles of an older run
    os.replace(tile_folder(tmp), tile_folder(final))
    with open(tmp, encoding="utf-8") as fh:
        text = fh.read()
    folder = os.path.basename(tile_folder(final)).replace("\\", "\\\\")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(re.sub(r'relativeToVRT="1">[^<>/]*/', 'relativeToVRT="1">%s/' % folder, text))


class Outputs:
    """A set of output files written together.

    Use as a context manager: ``with Outputs() as out: tmp = out.path(final)``;
    write to ``tmp``; on normal exit everything is moved into place, on an
    exception everything is removed.
    """

    def __init__(self):
        self._pending = []  # (tmp, final)

    def path(self, final):
        """A temporary path to write ``final`` to (same folder, same extension)."""
        final = os.path.abspath(str(final))
        folder = os.path.dirname(final)
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            raise LandCarbonError("Cannot create the output folder %s (%s)."
                                  % (folder, exc.strerror or exc)) from None
        if not os.access(folder, os.W_OK):
            raise LandCarbonError("The output folder %s is not writable; choose another "
                                  "folder." % folder)
        stem, ext = os.path.splitext(os.path.basename(final))
        tmp = os.path.join(folder, _TEMPORARY % (stem, uuid.uuid4().hex[:8], ext))
        self._pending.append((tmp, final))
        return tmp

    def commit(self):
        """Move every written file (and its sidecars) into place."""
        for tmp, final in self._pending:
            if not os.path.exists(tmp):
                continue
            for suffix in _SIDECARS:
                if os.path.exists(final + suffix):
                    os.remove(final + suffix)   # stale statistics of an older file
                if os.path.exists(tmp + suffix):
                    os.replace(tmp + suffix, final + suffix)
            if _qml(tmp) != tmp and os.path.exists(_qml(tmp)):   # a .qml is no sidecar of itself
                os.replace(_qml(tmp), _qml(final))
            _move_tiles(tmp, final)
            os.replace(tmp, final)
        self._pending = []

    def discard(self):
        """Remove every temporary file."""
        for tmp, _final in self._pending:
            if is_tiled(tmp):
                shutil.rmtree(tile_folder(tmp), ignore_errors=True)
            for path in (tmp, _qml(tmp)) + tuple(tmp + s for s in _SIDECARS):
                try:
                    os.remove(path)
                except OSError:
                    pass
        self._pending = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.commit()
        else:
            self.discard()
        return False
