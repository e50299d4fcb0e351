"""Contracts: load the pack, look up constraints, and check requests against them.

>>> from smcontract.contracts import load_contracts, validate
>>> validate("DescribeCompilationJob", {"CompilationJobName": "bad_name"})[0].constraint_id
'DescribeCompilationJob.CompilationJobName.pattern'
"""

from smcontract.contracts._drift import ModelDrift, installed_botocore_version, model_drift
from smcontract.contracts._loader import check_pack, contract_roots, load_contracts, read_schema
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
from smcontract.contracts._paths import iter_nodes, join, parse_path
from smcontract.contracts._regex import (
    PatternError,
    compile_node,
    compile_pattern,
    full_match,
    translate_pattern,
)
from smcontract.contracts._validate import breaks, matches_type, validate, validate_response

__all__ = [
    "CROSS_FIELD_KINDS",
    "KINDS",
    "SINGLE_REQUEST_KINDS",
    "STATEFUL_KINDS",
    "Constraint",
    "ContractPack",
    "Example",
    "ModelDrift",
    "OperationContract",
    "PatternError",
    "Violation",
    "breaks",
    "check_pack",
    "compile_node",
    "compile_pattern",
    "contract_roots",
    "full_match",
    "installed_botocore_version",
    "iter_nodes",
    "join",
    "load_contracts",
    "matches_type",
    "model_drift",
    "parse_path",
    "read_schema",
    "translate_pattern",
    "validate",
    "validate_response",
]
