"""The house rules of core/, checked on the source with ast (not trusted to
conventions):

- layers: ``common`` <- models (landuse, leas, demand, cars, carbon,
  hotspots, geodetector) <- ``study``; a module imports only from its own package and
  the layers below; models never import each other (shared facts go
  through ``common``);
- no import cycles between modules, function-level imports included;
- no private name (``_name``) imported from another package;
- core/ holds no module at its top level other than ``__init__.py``;
- (a) a package imports another package only through that package's
  ``__all__`` (the toolkit common/ is imported by module);
- (b) optional dependencies (dask, distributed, sklearn, matplotlib) are
  imported inside functions only;
- (c) every module path cited in code, docstrings and docs/ exists;
- (d) every package docstring names each of its modules;
- (e) algorithms/ and cli.py use the core through package APIs only;
- (f) no function of core/ is longer than 80 lines, no tool's
  initAlgorithm longer than 40 (its parameters come from the spec).

Each rule has a planted violation in a self-test.

core/__init__.py is the map of the pipeline and may re-export everything.
"""

import ast
import os
import re

from conftest import ROOT

CORE = os.path.join(ROOT, "core")
COMMON = "common"
MODELS = ("landuse", "leas", "demand", "cars", "carbon", "hotspots", "geodetector")
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


# ---------------------------------------------------------------------------
# The public surface: packages are used through __all__ (issue 19)
# ---------------------------------------------------------------------------

OPTIONAL = ("dask", "distributed", "sklearn", "matplotlib")
TOOLKIT = "common"          # common/ is a toolkit of modules, imported by module


def public_names(package_dir):
    """The names of a package's ``__all__`` (read with ast), or None."""
    path = os.path.join(package_dir, "__init__.py")
    tree = ast.parse(open(path, encoding="utf-8").read(), path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__"
                                                for t in node.targets):
            return {elt.value for elt in node.value.elts}
    return None


def _from_imports(path):
    """(line, level, module, names) of every ``from ... import`` of a file."""
    tree = ast.parse(open(path, encoding="utf-8").read(), path)
    return [(n.lineno, n.level, n.module or "", [a.name for a in n.names])
            for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]


def _package_reach(root, where, target_parts, names):
    """Problems of one import of core package ``target_parts[0]`` (with the
    rest of its dotted path) from outside that package."""
    package = target_parts[0]
    if package == TOOLKIT or not os.path.isdir(os.path.join(root, package)):
        return []
    if len(target_parts) > 1:
        return ["%s reaches into %s; import from the package (%s.__all__)"
                % (where, ".".join(target_parts), package)]
    public = public_names(os.path.join(root, package)) or set()
    hidden = [n for n in names if n not in public]
    return ["%s imports %s from %s, which its __all__ does not offer"
            % (where, ", ".join(hidden), package)] if hidden else []


def api_violations(root=CORE):
    """Rule (a): a core package imports another package only through that
    package's ``__all__`` (the toolkit common/ is imported by module)."""
    problems = []
    for module, path in core_modules(root).items():
        parts = module.split(".")
        if len(parts) < 2:
            continue
        source_pkg = parts[1]
        depth = len(parts) - (1 if path.endswith("__init__.py") else 2)
        for line, level, target, names in _from_imports(path):
            if level != depth + 1 or not target:
                continue                  # inside the package, or not a package import
            tparts = target.split(".")
            if tparts[0] != source_pkg:
                problems += _package_reach(root, "%s:%d" % (os.path.relpath(path, ROOT), line),
                                           tparts, names)
    return problems


def optional_import_violations(root=CORE):
    """Rule (b): optional dependencies are imported inside functions only, so
    the core loads without them."""
    problems = []
    for _module, path in core_modules(root).items():
        tree = ast.parse(open(path, encoding="utf-8").read(), path)
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    inner.in_function = True
        for node in ast.walk(tree):
            if getattr(node, "in_function", False):
                continue
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level \
                else []
            for name in names:
                if name.split(".")[0] in OPTIONAL:
                    problems.append("%s:%d imports %s at module level"
                                    % (os.path.relpath(path, ROOT), node.lineno, name))
    return problems


_CITED_PATH = re.compile(r"(?<![\w/])core/[a-z_/]+\.py")
_CITED_DOTTED = re.compile(r"(?<![\w.])core(?:\.[a-z_]+)+")


def _defines(path, name):
    text = open(path, encoding="utf-8").read()
    return re.search(r"^\s*(def|class)\s+%s\b|^\s*%s\s*[:=]|import .*\b%s\b"
                     % (name, name, name), text, re.M) is not None


def _resolves(project, dotted):
    """Does ``core.x.y[.attr]`` name a package, module or a name defined in one?"""
    parts = dotted.split(".")
    path = os.path.join(project, parts[0])
    for i, part in enumerate(parts[1:], start=1):
        if os.path.isdir(os.path.join(path, part)):
            path = os.path.join(path, part)
            continue
        if os.path.exists(os.path.join(path, part + ".py")):
            path = os.path.join(path, part + ".py")
            rest = parts[i + 1:]
            return not rest or _defines(path, rest[0])
        init = os.path.join(path, "__init__.py")
        return os.path.isdir(path) and os.path.exists(init) and _defines(init, part)
    return True


def _cited_files(project):
    files = [os.path.join(project, "CONTRIBUTING.md"), os.path.join(project, "cli.py")]
    for top in ("core", "algorithms", "docs"):
        for folder, _dirs, names in os.walk(os.path.join(project, top)):
            files += [os.path.join(folder, n) for n in names if n.endswith((".py", ".md"))]
    return [f for f in files if os.path.exists(f)]


def citation_violations(project=ROOT):
    """Rule (c): every module path cited in code, docstrings or docs/ exists
    (core/cars/rules.py, core.cars.rules.gate_rooms ...)."""
    problems = []
    for path in _cited_files(project):
        text = open(path, encoding="utf-8").read()
        where = os.path.relpath(path, project)
        for cited in sorted(set(_CITED_PATH.findall(text))):
            if not os.path.exists(os.path.join(project, cited)):
                problems.append("%s cites %s, which does not exist" % (where, cited))
        for cited in sorted(set(_CITED_DOTTED.findall(text))):
            if not _resolves(project, cited):
                problems.append("%s cites %s, which does not exist" % (where, cited))
    return problems


def package_docstring_violations(root=CORE):
    """Rule (d): every package's docstring names each of its modules."""
    problems = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith("__")]
        init = os.path.join(folder, "__init__.py")
        if not os.path.exists(init):
            continue
        doc = ast.get_docstring(ast.parse(open(init, encoding="utf-8").read())) or ""
        for name in sorted(files):
            module = name[:-3]
            if name.endswith(".py") and module != "__init__" \
                    and not re.search(r"\b%s\b" % module, doc):
                problems.append("%s: the package docstring does not name its module %s"
                                % (os.path.relpath(init, ROOT), module))
        if folder == root:
            for d in dirs:
                if not re.search(r"\b%s\b" % d, doc):
                    problems.append("core/__init__.py does not name the package %s" % d)
    return problems


def adapter_violations(project=ROOT):
    """Rule (e): algorithms/ and cli.py use the core through package APIs
    (a package's __all__; the toolkit common/ by module)."""
    root = os.path.join(project, "core")
    files = [os.path.join(project, "cli.py")] + sorted(
        os.path.join(project, "algorithms", f)
        for f in os.listdir(os.path.join(project, "algorithms")) if f.endswith(".py"))
    problems = []
    for path in files:
        top = os.path.dirname(path) == project
        for line, level, target, names in _from_imports(path):
            prefix = "core." if top and level == 1 else "core." if level == 2 else None
            if prefix is None or not target.startswith("core"):
                continue
            tparts = target.split(".")[1:]
            if not tparts:
                problems.append("%s:%d imports from the core map; import from a package"
                                % (os.path.relpath(path, project), line))
                continue
            problems += _package_reach(root, "%s:%d" % (os.path.relpath(path, project), line),
                                       tparts, names)
    return problems


def test_packages_are_used_through_their_public_api():
    assert api_violations() == []
    assert adapter_violations() == []


def test_optional_dependencies_are_imported_lazily():
    assert optional_import_violations() == []


def test_cited_module_paths_exist():
    assert citation_violations() == []


def test_package_docstrings_name_every_module():
    assert package_docstring_violations() == []


def test_the_new_rules_catch_planted_violations(tmp_path):
    """Each rule of issue 19 on a copy of the project with one planted
    violation: found, with the file and what is wrong."""
    import shutil
    project = tmp_path / "project"
    for part in ("core", "algorithms", "docs"):
        shutil.copytree(os.path.join(ROOT, part), project / part)
    for name in ("cli.py", "CONTRIBUTING.md"):
        shutil.copy(os.path.join(ROOT, name), project / name)
    core = str(project / "core")
    with open(project / "core" / "study" / "report.py", "a", encoding="utf-8") as fh:
        fh.write("\nfrom ..cars.rules import roulette  # past cars.__all__\n")
    with open(project / "core" / "carbon" / "pools.py", "a", encoding="utf-8") as fh:
        fh.write("\nimport matplotlib.pyplot  # optional, at module level\n")
    with open(project / "docs" / "cars.md", "a", encoding="utf-8") as fh:
        fh.write("\nSee core/cars/vanished.py and core.cars.rules.no_such_rule.\n")
    (project / "core" / "cars" / "orphan.py").write_text('"""A module."""\n')
    with open(project / "algorithms" / "cars.py", "a", encoding="utf-8") as fh:
        fh.write("\nfrom ..core.hotspots.weights import CONTIGUITY  # past the API\n")
    found = "\n".join(api_violations(core) + optional_import_violations(core)
                      + citation_violations(str(project))
                      + package_docstring_violations(core) + adapter_violations(str(project)))
    assert "study/report.py" in found and "reaches into cars.rules" in found
    assert "pools.py" in found and "imports matplotlib.pyplot at module level" in found
    assert "docs/cars.md cites core/cars/vanished.py" in found
    assert "cites core.cars.rules.no_such_rule" in found
    assert "does not name its module orphan" in found
    assert "algorithms/cars.py" in found and "reaches into hotspots.weights" in found


# ---------------------------------------------------------------------------
# (f) size: a function of core/ fits on a screen and a half, a tool's
# initAlgorithm is a loop over its spec
# ---------------------------------------------------------------------------

MAX_CORE_FUNCTION_LINES = 80
MAX_INIT_ALGORITHM_LINES = 40


def long_functions(folder, limit, name=None):
    """'path:line name (n lines)' of every function under ``folder`` longer
    than ``limit`` lines (decorators and docstring included); only those
    called ``name`` when given."""
    found = []
    for here, _dirs, files in os.walk(folder):
        for file in sorted(f for f in files if f.endswith(".py")):
            path = os.path.join(here, file)
            with open(path, encoding="utf-8") as fh:
                tree = ast.parse(fh.read())
            for node in ast.walk(tree):
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                if name is not None and node.name != name:
                    continue
                first = min([node.lineno] + [d.lineno for d in node.decorator_list])
                lines = node.end_lineno - first + 1
                if lines > limit:
                    found.append("%s:%d %s (%d lines)" % (os.path.relpath(path, ROOT),
                                                          node.lineno, node.name, lines))
    return found


def test_no_function_of_core_is_longer_than_80_lines():
    assert long_functions(CORE, MAX_CORE_FUNCTION_LINES) == []


def test_tools_declare_their_parameters_from_the_spec():
    assert long_functions(os.path.join(ROOT, "algorithms"), MAX_INIT_ALGORITHM_LINES,
                          "initAlgorithm") == []


def test_the_size_rule_catches_a_long_function(tmp_path):
    body = "".join("    x%d = %d\n" % (i, i) for i in range(85))
    (tmp_path / "long.py").write_text("def short():\n    pass\n\n\ndef long():\n" + body)
    found = long_functions(str(tmp_path), MAX_CORE_FUNCTION_LINES)
    assert len(found) == 1 and "long.py:5 long (86 lines)" in found[0]
