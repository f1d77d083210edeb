"""Append-only Merkle transparency log: RFC 9162 hashing, proofs, C2SP checkpoints and tiles.

Plain Python, no Django. The database sits behind the small ``HashStore``
protocol (``store.py``); the Django side owns the real table and calls the
functions re-exported here.
"""

from alliance.engines.merkle.checkpoint import (
    Checkpoint,
    CheckpointError,
    NoteError,
    Signer,
    Verifier,
    generate_key,
    parse_signed_note,
    sign_checkpoint,
    verify_checkpoint,
)
from alliance.engines.merkle.hashing import EMPTY_ROOT, HASH_SIZE, leaf_hash, node_hash
from alliance.engines.merkle.jcs import canonical_json, decode_fact, encode_fact
from alliance.engines.merkle.proofs import ProofError, verify_consistency, verify_inclusion
from alliance.engines.merkle.store import HashStore, MemoryHashStore, SqlHashStore
from alliance.engines.merkle.tiles import entry_bundle, read_tile, tile_path, tile_path_parse
from alliance.engines.merkle.tree import (
    append_leaves,
    consistency_proof,
    inclusion_proof,
    root_of,
    tree_hash,
)
from alliance.engines.merkle.wire import (
    Entry,
    consistency_proof_document,
    entries_document,
    inclusion_proof_document,
)

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "Checkpoint",
    "CheckpointError",
    "Entry",
    "HashStore",
    "MemoryHashStore",
    "NoteError",
    "ProofError",
    "Signer",
    "SqlHashStore",
    "Verifier",
    "append_leaves",
    "canonical_json",
    "consistency_proof",
    "consistency_proof_document",
    "decode_fact",
    "encode_fact",
    "entries_document",
    "entry_bundle",
    "generate_key",
    "inclusion_proof",
    "inclusion_proof_document",
    "leaf_hash",
    "node_hash",
    "parse_signed_note",
    "read_tile",
    "root_of",
    "sign_checkpoint",
    "tile_path",
    "tile_path_parse",
    "tree_hash",
    "verify_checkpoint",
    "verify_consistency",
    "verify_inclusion",
]
