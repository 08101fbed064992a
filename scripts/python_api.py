"""The public Python API of both packages, normalised, and its changes between two source trees.

Griffe reads the sources (nothing is imported). `griffe check` (`find_breaking_changes`) is right
about removed objects and parameters, but here it misses what matters most: annotation and type
changes, the constructors of the generated attrs models (they have no `__init__` in the source),
and the values of `Literal` aliases (`GetEvalRunsStatus`). So each public object becomes an
`Entry` (kind, parameters, annotation, value), every difference is classified here, and griffe's
own findings are added where they name something these rules did not.

Public means what griffe means: a module's `__all__`, or (without one) the names it defines
without a leading underscore; inside classes, names without one plus the protocol dunders.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from changes import Change, Level

# Where each package's sources are, relative to a tree's root.
PACKAGES = {"openai_evals_runs": "src", "openai_evals_runs_api": "generated"}
_PROTOCOL = frozenset(
    {
        "__init__",
        "__call__",
        "__iter__",
        "__aiter__",
        "__next__",
        "__anext__",
        "__enter__",
        "__exit__",
        "__aenter__",
        "__aexit__",
        "__getitem__",
        "__len__",
        "__contains__",
    }
)
_REQUIRED = "<required>"


@dataclass(frozen=True)
class Param:
    """One parameter: name, kind (griffe's), annotation text, default text or _REQUIRED."""

    name: str
    kind: str
    annotation: str
    default: str


@dataclass(frozen=True)
class Entry:
    """One public object as far as users' code is concerned."""

    kind: str  # module, class, function, attribute
    params: tuple[Param, ...] = ()
    annotation: str = ""  # an attribute's or property's type, a function's return type
    value: str = ""  # an attribute's value (constants, enum members, type aliases)
    bases: tuple[str, ...] = ()


def _public(name: str, member: Any, in_class: bool) -> bool:
    if in_class:
        return name in _PROTOCOL or not name.startswith("_")
    try:
        return bool(member.is_public)
    except Exception:  # an alias griffe cannot resolve: judge by its name
        return not name.startswith("_")


def _text(value: Any) -> str:
    return "" if value is None else re.sub(r"\s+", " ", str(value).replace('"', "'")).strip()


# Type variables of the trees being read, replaced in annotations by what they stand for (bound
# or constraints, else Any): a refactor to a generic base must not read as a changed type.
_TYPEVARS: dict[str, str] = {}


def _typed(value: Any) -> str:
    """An annotation's text, type variables replaced (see _TYPEVARS)."""
    text = _text(value)
    for name, meaning in _TYPEVARS.items():
        text = re.sub(rf"\b{re.escape(name)}\b", meaning, text)
    return text


def _collect_typevars(module: Any, found: dict[str, str]) -> None:
    for member in module.members.values():
        if member.is_alias:
            continue
        if member.kind.value == "module":
            _collect_typevars(member, found)
            continue
        call = re.fullmatch(r"TypeVar\('(\w+)'(.*)\)", _text(getattr(member, "value", "")))
        if member.kind.value != "attribute" or call is None:
            continue
        rest = call.group(2)
        bound = re.search(r"bound=(.+)$", rest)
        constraints = [c.strip() for c in rest.split(",")[1:] if c.strip() and "=" not in c]
        meaning = bound.group(1).strip("'") if bound else " | ".join(constraints) or "Any"
        found[member.name] = "Any" if found.get(member.name, meaning) != meaning else meaning


def _params(function: Any, in_class: bool) -> tuple[Param, ...]:
    params = list(function.parameters)
    if in_class and params and params[0].name in ("self", "cls"):
        params = params[1:]
    found: list[Param] = []
    for p in params:
        unpacked = _unpacked(function, p) if p.kind.value == "variadic keyword" else None
        if unpacked is not None:
            found.extend(unpacked)
            continue
        default = _REQUIRED if p.default is None else _text(p.default)
        found.append(Param(p.name, p.kind.value, _typed(p.annotation), default))
    return tuple(found)


def _unpacked(function: Any, param: Any) -> list[Param] | None:
    """The keywords of `**kwargs: Unpack[SomeTypedDict]`, as the keyword-only parameters they
    are to callers (None when the annotation is something else or cannot be resolved)."""
    annotation = param.annotation
    if not _text(getattr(annotation, "left", "")).endswith("Unpack"):
        return None
    try:
        typed_dict = function.modules_collection.get_member(annotation.slice.canonical_path)
    except Exception:  # not resolvable here (another package): keep `**kwargs` as it is
        return None
    total = _text(getattr(typed_dict, "keywords", {}).get("total", "True")) != "False"
    keywords = []
    for name, member in typed_dict.members.items():
        if member.kind.value != "attribute" or not member.annotation:
            continue
        annotation_text = _typed(member.annotation)
        inner = re.fullmatch(r"(?:typing\.)?(Required|NotRequired)\[(.*)\]", annotation_text)
        required = total if inner is None else inner.group(1) == "Required"
        default = _REQUIRED if required else "<may be omitted>"
        keywords.append(
            Param(name, "keyword-only", inner.group(2) if inner else annotation_text, default)
        )
    return keywords


def _is_attrs(cls: Any) -> bool:
    return any(
        re.search(r"\battrs?\b|_attrs_define|\bdefine\b|\bfrozen\b", str(d.value))
        for d in cls.decorators
    )


def _attrs_init(cls: Any) -> Entry:
    """The constructor attrs writes: the annotated fields in order, defaulted ones optional."""
    params = []
    for name, member in cls.members.items():
        if member.is_alias or member.kind.value != "attribute" or "property" in member.labels:
            continue
        value = _text(member.value)
        if not member.annotation or "ClassVar" in _text(member.annotation) or "init=False" in value:
            continue
        annotation = _typed(member.annotation)
        params.append(
            Param(name.lstrip("_"), "positional or keyword", annotation, value or _REQUIRED)
        )
    return Entry("function", tuple(params))


def _entry(obj: Any, in_class: bool) -> Entry:
    kind = obj.kind.value
    if kind == "function":
        return Entry(kind, _params(obj, in_class), _typed(obj.returns))
    if kind == "attribute":
        # What an instance attribute is set to, and the version string, change without changing
        # the API; a constant's value, an enum member's or a type alias's are part of it.
        constant = not ({"property", "instance-attribute"} & obj.labels)
        value = _text(obj.value) if constant and obj.name != "__version__" else ""
        return Entry(kind, annotation=_typed(obj.annotation), value=value)
    if kind == "class":
        return Entry(kind, bases=tuple(_text(base) for base in obj.bases))
    return Entry(kind)


def _members(obj: Any) -> dict[str, Any]:
    try:
        return dict(obj.all_members) if obj.kind.value == "class" else dict(obj.members)
    except Exception:  # a base class griffe cannot resolve: its own members only
        return dict(obj.members)


def _walk(obj: Any, path: str, seen: dict[str, str]) -> Iterator[tuple[str, Entry]]:
    """(public path, entry) of every public object under `obj`; `seen` collects each object's
    canonical path -> the public path it is listed under."""
    in_class = obj.kind.value == "class"
    for name, member in sorted(_members(obj).items()):
        if not _public(name, member, in_class):
            continue
        where = f"{path}.{name}"
        try:
            target = member.final_target if member.is_alias else member
        except Exception:
            yield where, Entry("alias", value=str(getattr(member, "target_path", "?")))
            continue
        if member.is_alias and target.kind.value == "module":
            continue  # a module imported into another is listed where it lives
        if not in_class:
            # A module-level object is listed under its first public name (the package's own
            # re-export); a class member under every class that has it (inherited members too).
            if target.path in seen:
                continue
            seen[target.path] = where
        yield where, _entry(target, in_class)
        if target.kind.value in ("module", "class"):
            is_attrs = target.kind.value == "class" and _is_attrs(target)
            if is_attrs and "__init__" not in target.members:
                yield f"{where}.__init__", _attrs_init(target)
            yield from _walk(target, where, seen)


@dataclass
class Api:
    """A tree's public API: each public path's entry, the path each object is defined at
    (griffe's, canonical) mapped to its public path, and griffe's loaded packages."""

    entries: dict[str, Entry]
    public_path: dict[str, str]
    packages: dict[str, Any]

    def public(self, canonical: str) -> str:
        """The public path of a griffe path (or of its nearest listed parent, plus the rest)."""
        head, rest = canonical, ""
        while head:
            if head in self.public_path:
                return self.public_path[head] + rest
            head, _, last = head.rpartition(".")
            rest = f".{last}{rest}"
        return canonical


def load(root: Path) -> Api:
    """The public API of both packages in the tree at `root`."""
    import griffe

    api: dict[str, Entry] = {}
    packages: dict[str, Any] = {}
    public_path: dict[str, str] = {}
    for package, folder in PACKAGES.items():
        search = root / folder
        if not (search / package).is_dir():
            continue
        loaded = griffe.load(
            package,
            search_paths=[search],
            try_relative_path=False,
            allow_inspection=False,
            resolve_aliases=True,
            resolve_implicit=True,
            modules_collection=griffe.ModulesCollection(),
        )
        found = Path(str(loaded.filepath)).resolve()
        if not found.is_relative_to(search.resolve()):
            raise RuntimeError(f"griffe loaded {package} from {found}, not from {search}")
        packages[package] = loaded
        _TYPEVARS.clear()
        _collect_typevars(loaded, _TYPEVARS)
        api[package] = Entry("module")
        # Shallow first, so an object is named by its shortest public path.
        found_entries = sorted(_walk(loaded, package, public_path), key=lambda i: i[0].count("."))
        api.update(found_entries)
    return Api(api, public_path, packages)


# -- comparing ------------------------------------------------------------------------------------


def _split_top(text: str, separator: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char in "[("
        depth -= char in "])"
        if char == separator and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()] if current.strip() else parts


def members(annotation: str) -> frozenset[str]:
    """The members of a union annotation (`A | None`, `Optional[A]`, `Literal['a', 'b']` ...)."""
    found: set[str] = set()
    for part in _split_top(annotation, "|"):
        inner = re.fullmatch(r"(?:typing\.)?(Optional|Union|Literal)\[(.*)\]", part)
        if inner is None:
            found.add(part)
            continue
        kind, args = inner.groups()
        items = _split_top(args, ",")
        if kind == "Literal":
            found.update(f"Literal[{item}]" for item in items)
        else:
            for item in items:
                found |= members(item)
            if kind == "Optional":
                found.add("None")
    return frozenset(found)


def _literal(text: str) -> bool:
    try:
        ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
    return True


def _literal_values(value: str) -> frozenset[str] | None:
    """The values of a `Literal[...]` alias or of a set/tuple/list of constants, else None."""
    literal = re.fullmatch(r"(?:typing\.)?Literal\[(.*)\]", value)
    if literal:
        return frozenset(_split_top(literal.group(1), ","))
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if isinstance(parsed, (set, frozenset, tuple, list)):
        return frozenset(repr(item).replace('"', "'") for item in parsed)
    return None


def _type_change(old: str, new: str, *, written: bool) -> tuple[Level, str] | None:
    """A changed annotation. `written`: users pass the value in (a parameter), so more members is
    additive; else they receive it (return, attribute), so more members needs review."""
    if old == new or not old or not new:
        return None
    before, after = members(old), members(new)
    what = f"type {old} -> {new}"
    if before == after:
        return None
    # Any (a type variable's meaning, or written) admits everything: compare as a superset.
    if "Any" in after:
        after = after | before
    if "Any" in before:
        before = before | after
    if before < after:
        return (Level.ADDITIVE if written else Level.REVIEW), what
    if after < before:
        return (Level.BREAKING if written else Level.PATCH), what
    return Level.BREAKING, what


def _param_changes(where: str, old: tuple[Param, ...], new: tuple[Param, ...]) -> Iterator[Change]:
    def change(level: Level, name: str, what: str) -> Change:
        return Change(level, "python", f"{where}({name})", what)

    before = {p.name: p for p in old}
    after = {p.name: p for p in new}
    positional = ("positional only", "positional or keyword")
    # Order among the positional parameters both have: one removed before another is not a move.
    order = [
        [p.name for p in params if p.kind in positional and p.name in before and p.name in after]
        for params in (old, new)
    ]
    for name, was in before.items():
        if name not in after:
            yield change(Level.BREAKING, name, "parameter removed")
            continue
        now = after[name]
        if was.kind != now.kind:
            widened = was.kind == "keyword-only" and now.kind == "positional or keyword"
            level = Level.ADDITIVE if widened else Level.BREAKING
            yield change(level, name, f"parameter kind {was.kind} -> {now.kind}")
        elif name in order[0] and order[0].index(name) != order[1].index(name):
            yield change(Level.BREAKING, name, "moved (positional order changed)")
        if was.default != now.default:
            if now.default == _REQUIRED:
                yield change(Level.BREAKING, name, "now required")
            elif was.default == _REQUIRED:
                yield change(Level.ADDITIVE, name, "now optional")
            elif _literal(was.default) and _literal(now.default):
                # Only values: a sentinel's or a constant's name can change with the code.
                yield change(Level.REVIEW, name, f"default {was.default} -> {now.default}")
        typed = _type_change(was.annotation, now.annotation, written=True)
        if typed:
            yield change(typed[0], name, typed[1])
    for name, now in after.items():
        if name in before:
            continue
        if now.default == _REQUIRED and not now.kind.startswith("variadic"):
            yield change(Level.BREAKING, name, "new required parameter")
        else:
            yield change(Level.ADDITIVE, name, "new optional parameter")


def _entry_changes(
    where: str, old: Entry, new: Entry, public_names: frozenset[str]
) -> Iterator[Change]:
    """The changes of one object present in both APIs (`public_names`: the last part of every
    public path: a base class that is not one of them is an implementation detail)."""
    if old.kind != new.kind:
        yield Change(Level.BREAKING, "python", where, f"was a {old.kind}, now a {new.kind}")
        return
    yield from _param_changes(where, old.params, new.params)
    typed = _type_change(old.annotation, new.annotation, written=False)
    if typed:
        prefix = "return " if old.kind == "function" else ""
        yield Change(typed[0], "python", where, prefix + typed[1])
    if old.value != new.value and old.value and new.value:
        before, after = _literal_values(old.value), _literal_values(new.value)
        if before is not None and after is not None and before != after:
            added, removed = sorted(after - before), sorted(before - after)
            if added:
                yield Change(Level.ADDITIVE, "python", where, f"new value {', '.join(added)}")
            if removed:
                yield Change(Level.BREAKING, "python", where, f"value {', '.join(removed)} removed")
        elif before is None or after is None:
            yield Change(Level.REVIEW, "python", where, f"value {old.value} -> {new.value}")
    for base in old.bases:
        if base not in new.bases and base in public_names:
            yield Change(Level.BREAKING, "python", where, f"no longer a subclass of {base}")


def diff(old: dict[str, Entry], new: dict[str, Entry]) -> list[Change]:
    """Every difference between two public APIs (as `load` returns them)."""
    found: list[Change] = []
    for where in sorted(old.keys() - new.keys()):
        parent = where.rsplit(".", 1)[0]
        if parent in old and parent not in new:
            continue  # its container's removal says it all
        found.append(Change(Level.BREAKING, "python", where, f"{old[where].kind} removed"))
    for where in sorted(new.keys() - old.keys()):
        parent = where.rsplit(".", 1)[0]
        if parent in new and parent not in old:
            continue
        found.append(Change(Level.ADDITIVE, "python", where, f"new {new[where].kind}"))
    public_names = frozenset(where.rsplit(".", 1)[-1] for where in old)
    for where in sorted(old.keys() & new.keys()):
        found.extend(_entry_changes(where, old[where], new[where], public_names))
    return found


def griffe_findings(old: Api, new: Api, known: list[Change]) -> list[Change]:
    """What `griffe check` finds that the rules above did not name (as breaking changes)."""
    import griffe

    named = {change.where.split("(")[0] for change in known if change.level == Level.BREAKING}
    found = []
    for package, before in old.packages.items():
        if package not in new.packages:
            continue
        for breakage in griffe.find_breaking_changes(before, new.packages[package]):
            path = old.public(str(breakage.obj.path))
            if any(
                path == n or f"{path}.".startswith(f"{n}.") or n.startswith(f"{path}.")
                for n in named
            ):
                continue  # already named by the rules above (the object, a parent or a member)
            if any(part.startswith("_") and part not in _PROTOCOL for part in path.split(".")):
                continue  # griffe also checks private modules' contents
            what = f"griffe check: {breakage.kind.value}"
            found.append(Change(Level.BREAKING, "python", path, what))
    return found
