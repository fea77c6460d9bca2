"""The house rules of core/, checked on the source with ast (not trusted to
conventions):

- layers: ``common`` <- models (landuse, leas, demand, cars, carbon,
  hotspots) <- ``study``; a module imports only from its own package and
  the layers below; models never import each other (shared facts go
  through ``common``);
- no import cycles between modules, function-level imports included;
- no private name (``_name``) imported from another package;
- core/ holds no module at its top level other than ``__init__.py``.

core/__init__.py is the map of the pipeline and may re-export everything.
"""

import ast
import os

from conftest import ROOT

CORE = os.path.join(ROOT, "core")
COMMON = "common"
MODELS = ("landuse", "leas", "demand", "cars", "carbon", "hotspots")
STUDY = "study"


def layer_of(package):
    if package == COMMON:
        return 0
    if package in MODELS:
        return 1
    if package == STUDY:
        return 2
    raise AssertionError("core/%s is not a known layer; add it to the house rules "
                         "(tests/test_architecture.py) and CONTRIBUTING.md" % package)


def core_modules(root=CORE):
    """{'core.cars.rules': path, ...} of every module under core/."""
    modules = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, os.path.dirname(root))[:-3].replace(os.sep, ".")
                modules[rel[:-len(".__init__")] if rel.endswith(".__init__") else rel] = path
    return modules


def imports_of(module, path, modules):
    """(line, imported module, names) of every import of ``module`` into
    core, resolved to module names (``from . import x`` -> core.pkg.x when x
    is a module)."""
    is_package = path.endswith("__init__.py")
    package = module if is_package else module.rsplit(".", 1)[0]
    tree = ast.parse(open(path, encoding="utf-8").read(), path)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.split(".")
            if node.level > 1:
                base = base[:-(node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
            names = [a.name for a in node.names]
            submodules = [target + "." + n for n in names if target + "." + n in modules]
            if submodules:
                found += [(node.lineno, m, []) for m in submodules]
                names = [n for n in names if target + "." + n not in modules]
            if names:
                found.append((node.lineno, target, names))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            absolute = [a.name for a in node.names] if isinstance(node, ast.Import) \
                else [node.module or ""]
            for name in absolute:
                if name.split(".")[0] in ("core", "landcarbon"):
                    found.append((node.lineno, name, []))
    return found


def violations(root=CORE):
    """Every broken rule, as readable lines."""
    modules = core_modules(root)
    problems = []
    graph = {m: set() for m in modules}
    for module, path in modules.items():
        parts = module.split(".")
        if len(parts) == 2 and parts[1] != "__init__" and not path.endswith("__init__.py"):
            problems.append("%s: core/ keeps modules in packages only" % module)
            continue
        for line, target, names in imports_of(module, path, modules):
            where = "%s:%d" % (os.path.relpath(path, ROOT), line)
            if not target.startswith("core"):
                problems.append("%s imports %s absolutely; use a relative import" % (where, target))
                continue
            if target in modules and target != module:
                graph[module].add(target)
            if module == "core":
                continue                      # the map re-exports every step
            source_pkg = parts[1]
            target_parts = target.split(".")
            if len(target_parts) < 2:
                problems.append("%s imports the core map (core/__init__) from inside core"
                                % where)
                continue
            target_pkg = target_parts[1]
            if target_pkg != source_pkg:
                if layer_of(target_pkg) >= layer_of(source_pkg):
                    kind = "sideways" if layer_of(target_pkg) == layer_of(source_pkg) else "upward"
                    problems.append("%s imports %s: %s import (%s -> %s)"
                                    % (where, target, kind, source_pkg, target_pkg))
                private = [n for n in names if n.startswith("_")]
                if private:
                    problems.append("%s imports private name(s) %s from another package (%s)"
                                    % (where, ", ".join(private), target))
    problems += ["import cycle: %s" % " -> ".join(c) for c in cycles(graph)]
    return problems


def cycles(graph):
    """Every cycle of a directed graph, once (Tarjan's strongly connected
    components with more than one member, or a self loop)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                out.append(sorted(component) + [sorted(component)[0]])

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_core_follows_the_house_rules():
    assert violations() == []


def test_rules_catch_an_upward_import(tmp_path):
    """The checker itself: a copy of core/ with one deliberately broken rule
    of each kind is refused with a message that names the file and line."""
    import shutil
    copy = tmp_path / "core"
    shutil.copytree(CORE, copy)
    with open(copy / "common" / "tables.py", "a", encoding="utf-8") as fh:
        fh.write("\nfrom ..cars.rules import roulette  # upward\n")
    with open(copy / "carbon" / "pools.py", "a", encoding="utf-8") as fh:
        fh.write("\nfrom ..demand.markov import _log  # sideways and private\n")
    with open(copy / "leas" / "model.py", "a", encoding="utf-8") as fh:
        fh.write("\nfrom .run import run_leas  # a cycle run -> model -> run\n")
    (copy / "flat.py").write_text("x = 1\n")
    found = "\n".join(violations(str(copy)))
    assert "common/tables.py" in found and "upward import (common -> cars)" in found
    assert "sideways import (carbon -> demand)" in found
    assert "private name(s) _log" in found
    assert "import cycle: " in found and "core.leas.model" in found and "core.leas.run" in found
    assert "core.flat: core/ keeps modules in packages only" in found


def test_no_module_at_the_top_of_core():
    top = sorted(n for n in os.listdir(CORE) if n.endswith(".py"))
    assert top == ["__init__.py"]


def test_science_citations_point_into_the_project():
    """Docstrings cite docs/<page>.md, which must exist; nothing cites a
    specification outside the repository."""
    import re
    cited, outside = set(), []
    for top in ("core", "algorithms"):
        for folder, _dirs, files in os.walk(os.path.join(ROOT, top)):
            for name in files:
                if name.endswith(".py"):
                    text = open(os.path.join(folder, name), encoding="utf-8").read()
                    cited.update(re.findall(r"docs/([a-z0-9-]+\.md)", text))
                    if "SCIENCE.md" in text:
                        outside.append(os.path.join(folder, name))
    assert outside == []
    missing = sorted(p for p in cited if not os.path.exists(os.path.join(ROOT, "docs", p)))
    assert cited and missing == []
