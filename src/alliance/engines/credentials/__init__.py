"""Verifiable partnership credentials: W3C VC Data Model 2.0, did:web, Data Integrity, VC-JOSE.

Plain Python (no Django). The pieces:

- ``shape``: VC Data Model 2.0 shape rules (``check_shape``).
- ``keys`` / ``multikey``: Ed25519 keys as Multikey.
- ``dataintegrity``: ``eddsa-rdfc-2022`` and ``eddsa-jcs-2022`` proofs.
- ``jose``: ``application/vc+jwt``.
- ``statuslist``: Bitstring Status List.
- ``did``: the issuer's did:web document with key rotation.
- ``issue``: the partnership and group-membership credentials.
- ``verify``: full verification reported check by check.
- ``cli``: ``check FILE`` and ``verify FILE``.
"""
