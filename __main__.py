"""``python3 -m landcarbon ...`` (the package on the Python path) or
``python3 path/to/landcarbon ...`` (the plugin folder, whatever its name):
the command line of cli.py, without QGIS."""

import os
import sys

if __package__:
    from .cli import main
else:
    # run as a folder: import the folder as the package "landcarbon" first
    import importlib.util
    root = os.path.dirname(os.path.abspath(__file__))
    sys.path.remove(root) if root in sys.path else None
    if "landcarbon" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "landcarbon", os.path.join(root, "__init__.py"), submodule_search_locations=[root])
        module = importlib.util.module_from_spec(spec)
        sys.modules["landcarbon"] = module
        spec.loader.exec_module(module)
    from landcarbon.cli import main

if __name__ == "__main__":
    sys.exit(main())
