"""Contracts: load the pack, look up constraints, and check requests against them.

>>> from smcontract.contracts import load_contracts, validate
>>> validate("DescribeCompilationJob", {"CompilationJobName": "bad_name"})[0].constraint_id
'DescribeCompilationJob.CompilationJobName.pattern'

The names are imported on first use: reading the pack's operation names (what the command
line checks its arguments against) does not pay for jsonschema, ``regex`` or botocore.
"""

import typing as _typing

from smcontract._lazy import lazy_names as _lazy_names

if _typing.TYPE_CHECKING:
    from smcontract.contracts._drift import (
        ModelDrift,
        diff_constraints,
        imported_constraints,
        installed_botocore_version,
        model_constraints,
        model_drift,
    )
    from smcontract.contracts._families import check_dependencies, setup_order
    from smcontract.contracts._importer import dump_document, import_operation, load_service_model
    from smcontract.contracts._loader import (
        check_operations,
        check_pack,
        contract_roots,
        load_contracts,
        read_index,
        read_schema,
        stamp_current,
    )
    from smcontract.contracts._model import (
        CROSS_FIELD_KINDS,
        KINDS,
        SINGLE_REQUEST_KINDS,
        STATEFUL_KINDS,
        Constraint,
        ContractPack,
        Example,
        OperationContract,
        Violation,
    )
    from smcontract.contracts._openapi import PATH_PREFIX, openapi_document, schemathesis_config
    from smcontract.contracts._paths import iter_nodes, join, parse_path
    from smcontract.contracts._regex import (
        PatternError,
        compile_node,
        compile_pattern,
        full_match,
        translate_pattern,
    )
    from smcontract.contracts._resources import Dependency, Resource, Role
    from smcontract.contracts._select import PackIndex, pack_index, select_operations
    from smcontract.contracts._validate import breaks, matches_type, validate, validate_response
    from smcontract.contracts.kinds import SPECS, Direction, Kind, KindSpec, Level, Status

__all__ = [
    "CROSS_FIELD_KINDS",
    "KINDS",
    "PATH_PREFIX",
    "SINGLE_REQUEST_KINDS",
    "SPECS",
    "STATEFUL_KINDS",
    "Constraint",
    "ContractPack",
    "Dependency",
    "Direction",
    "Example",
    "Kind",
    "KindSpec",
    "Level",
    "ModelDrift",
    "OperationContract",
    "PackIndex",
    "PatternError",
    "Resource",
    "Role",
    "Status",
    "Violation",
    "breaks",
    "check_dependencies",
    "check_operations",
    "check_pack",
    "compile_node",
    "compile_pattern",
    "contract_roots",
    "diff_constraints",
    "dump_document",
    "full_match",
    "import_operation",
    "imported_constraints",
    "installed_botocore_version",
    "iter_nodes",
    "join",
    "load_contracts",
    "load_service_model",
    "matches_type",
    "model_constraints",
    "model_drift",
    "openapi_document",
    "pack_index",
    "parse_path",
    "read_index",
    "read_schema",
    "schemathesis_config",
    "select_operations",
    "setup_order",
    "stamp_current",
    "translate_pattern",
    "validate",
    "validate_response",
]

#: Lazily imported names, and the module each comes from.
_LAZY = {
    "ModelDrift": "smcontract.contracts._drift",
    "installed_botocore_version": "smcontract.contracts._drift",
    "model_drift": "smcontract.contracts._drift",
    "diff_constraints": "smcontract.contracts._drift",
    "imported_constraints": "smcontract.contracts._drift",
    "model_constraints": "smcontract.contracts._drift",
    "dump_document": "smcontract.contracts._importer",
    "import_operation": "smcontract.contracts._importer",
    "load_service_model": "smcontract.contracts._importer",
    "check_operations": "smcontract.contracts._loader",
    "check_pack": "smcontract.contracts._loader",
    "contract_roots": "smcontract.contracts._loader",
    "load_contracts": "smcontract.contracts._loader",
    "read_index": "smcontract.contracts._loader",
    "read_schema": "smcontract.contracts._loader",
    "check_dependencies": "smcontract.contracts._families",
    "setup_order": "smcontract.contracts._families",
    "PackIndex": "smcontract.contracts._select",
    "select_operations": "smcontract.contracts._select",
    "pack_index": "smcontract.contracts._select",
    "stamp_current": "smcontract.contracts._loader",
    "CROSS_FIELD_KINDS": "smcontract.contracts._model",
    "KINDS": "smcontract.contracts._model",
    "SINGLE_REQUEST_KINDS": "smcontract.contracts._model",
    "STATEFUL_KINDS": "smcontract.contracts._model",
    "Constraint": "smcontract.contracts._model",
    "ContractPack": "smcontract.contracts._model",
    "Example": "smcontract.contracts._model",
    "OperationContract": "smcontract.contracts._model",
    "Violation": "smcontract.contracts._model",
    "SPECS": "smcontract.contracts.kinds",
    "Direction": "smcontract.contracts.kinds",
    "Kind": "smcontract.contracts.kinds",
    "KindSpec": "smcontract.contracts.kinds",
    "Level": "smcontract.contracts.kinds",
    "Status": "smcontract.contracts.kinds",
    "PATH_PREFIX": "smcontract.contracts._openapi",
    "openapi_document": "smcontract.contracts._openapi",
    "schemathesis_config": "smcontract.contracts._openapi",
    "iter_nodes": "smcontract.contracts._paths",
    "Dependency": "smcontract.contracts._resources",
    "Resource": "smcontract.contracts._resources",
    "Role": "smcontract.contracts._resources",
    "join": "smcontract.contracts._paths",
    "parse_path": "smcontract.contracts._paths",
    "PatternError": "smcontract.contracts._regex",
    "compile_node": "smcontract.contracts._regex",
    "compile_pattern": "smcontract.contracts._regex",
    "full_match": "smcontract.contracts._regex",
    "translate_pattern": "smcontract.contracts._regex",
    "breaks": "smcontract.contracts._validate",
    "matches_type": "smcontract.contracts._validate",
    "validate": "smcontract.contracts._validate",
    "validate_response": "smcontract.contracts._validate",
}


__getattr__, __dir__ = _lazy_names("smcontract.contracts", _LAZY, globals())
