"""Which operations a run checks: globs (``-o '*CompilationJob*'``), resource families
(``--family endpoint``) and the pack's named profiles (``--profile seeds``), resolved from
pack.json alone so that a mistyped argument is reported before any contract is read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from smcontract._hints import closest_hint
from smcontract.contracts._model import unknown_operation
from smcontract.contracts._profiles import GLOB, expand
from smcontract.errors import ContractError, UsageError

if TYPE_CHECKING:
    from smcontract.contracts._model import ContractPack

__all__ = ["PackIndex", "check_profiles", "index_of", "pack_index", "select_operations"]

_GLOB = GLOB


@dataclass(frozen=True, slots=True)
class PackIndex:
    """What selection needs from pack.json: the operation names in pack order, each family's
    operations, the families that are not families (with why), the profiles' patterns."""

    operations: tuple[str, ...]
    families: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    unresolved: Mapping[str, str] = field(default_factory=dict)
    profiles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    default_profile: str | None = None


_ROLES = ("create", "describe", "list", "update", "stop", "delete")


def index_of(manifest: Mapping[str, Any]) -> PackIndex:
    """The index of a parsed pack.json (ValueError when it lacks the expected shape)."""
    try:
        operations = tuple(str(op) for op in manifest["operations"])
        families = {
            str(name): tuple(str(spec[role]) for role in _ROLES if role in spec)
            for name, spec in manifest.get("resources", {}).items()
        }
        unresolved = {
            str(name): str(spec["reason"])
            for name, spec in manifest.get("unresolved_families", {}).items()
        }
        profiles = {
            str(name): tuple(str(p) for p in spec["operations"])
            for name, spec in manifest.get("profiles", {}).items()
        }
    except (KeyError, TypeError, AttributeError) as err:
        raise ValueError(f"pack.json lacks {err}") from None
    default = manifest.get("default_profile")
    return PackIndex(operations, families, unresolved, profiles, default and str(default))


def pack_index(pack: ContractPack) -> PackIndex:
    """The index of a loaded pack."""
    return PackIndex(
        operations=tuple(pack.operations),
        families={name: spec.operations for name, spec in pack.resources.items()},
        unresolved=dict(pack.unresolved_families),
        profiles=dict(pack.profiles),
        default_profile=pack.default_profile,
    )


def _expand(index: PackIndex, pattern: str) -> list[str]:
    """The operations ``pattern`` names: itself, or (a glob) its matches in pack order."""
    return expand(index.operations, [pattern])


def _matching(index: PackIndex, pattern: str) -> list[str]:
    found = _expand(index, pattern)
    if found:
        return found
    if not _GLOB & set(pattern):
        raise unknown_operation(pattern, index.operations)
    bare = pattern.replace("*", "").replace("?", "")
    hint = closest_hint(bare, index.operations, " Closest: {}.", n=3, cutoff=0.4, sep=", ")
    raise UsageError(f"no operation matches {pattern!r}.{hint} Globs are case-sensitive.")


def _profile(index: PackIndex, name: str) -> list[str]:
    if name not in index.profiles:
        known = sorted(index.profiles)
        hint = closest_hint(name, known, " Did you mean {}?", n=3, cutoff=0.4, sep=" or ")
        listed = ", ".join(known) or "none"
        raise UsageError(f"unknown profile {name!r}.{hint} Profiles: {listed}.")
    return [op for pattern in index.profiles[name] for op in _expand(index, pattern)]


def _family(index: PackIndex, name: str) -> list[str]:
    if name in index.families:
        return [op for op in index.families[name] if op in index.operations]
    if name in index.unresolved:
        raise UsageError(
            f"{name!r} is not a resource family of the pack: {index.unresolved[name]}. "
            "Select its operations with -o"
        )
    hint = closest_hint(name, index.families, " Did you mean {}?", n=3, cutoff=0.4, sep=" or ")
    listed = ", ".join(sorted(index.families)) or "none"
    raise UsageError(f"unknown family {name!r}.{hint} Families: {listed}.")


def select_operations(
    index: PackIndex,
    patterns: Iterable[str] = (),
    families: Iterable[str] = (),
    profile: str | None = None,
) -> list[str]:
    """The operations a run checks, each once: the profile's, then each family's, then each
    pattern's (exact names or fnmatch globs), in that order. With none of them, the pack's
    default profile (every operation when the pack has none).

    Raises UsageError, naming the closest names, for an unknown profile or family, an
    unknown operation, or a glob that matches nothing.
    """
    patterns, families = list(patterns), list(families)
    if profile is None and not patterns and not families:
        if index.default_profile is None:
            return list(index.operations)
        profile = index.default_profile
    chosen: list[str] = []
    if profile is not None:
        chosen += _profile(index, profile)
    for family in families:
        chosen += _family(index, family)
    for pattern in patterns:
        chosen += _matching(index, pattern)
    return list(dict.fromkeys(chosen))


def check_profiles(index: PackIndex) -> None:
    """Raise ContractError when the default profile is missing or a profile's pattern names
    no operation of the pack."""
    if index.default_profile is not None and index.default_profile not in index.profiles:
        raise ContractError(
            f"default_profile {index.default_profile!r} is not one of the profiles "
            f"({', '.join(sorted(index.profiles)) or 'none'}); add it or fix the name",
            file="pack.json",
            pointer="/default_profile",
        )
    for name, patterns in index.profiles.items():
        for position, pattern in enumerate(patterns):
            if not _expand(index, pattern):
                raise ContractError(
                    f"profile {name!r} names {pattern!r}, which matches no operation of the "
                    "pack; fix it or list the operation in pack.json's operations",
                    file="pack.json",
                    pointer=f"/profiles/{name}/operations/{position}",
                )
