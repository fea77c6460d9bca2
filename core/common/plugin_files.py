"""Where the plugin's own files are: the plugin folder (the parent of
core/), its metadata.txt and its resources/ folder. The core finds shipped
data (scenario presets) and its version here, whatever the folder is called."""

import configparser
import os

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RESOURCES_DIR = os.path.join(PLUGIN_DIR, "resources")


def resource_path(*parts):
    """A path inside the plugin's resources/ folder."""
    return os.path.join(RESOURCES_DIR, *parts)


def plugin_version():
    """The plugin's version from metadata.txt ('unknown' if it cannot be read)."""
    parser = configparser.ConfigParser()
    parser.read(os.path.join(PLUGIN_DIR, "metadata.txt"), encoding="utf-8")
    return parser.get("general", "version", fallback="unknown")
