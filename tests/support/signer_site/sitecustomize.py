"""Test-only: start-up hook that puts the local signer in place of Sigstore.

Tests put this directory on the PYTHONPATH of the `releaser` subprocess; Python imports
this module at start-up, and it replaces `releaser.adapters.attest_sign.sign` with
`tests/support/local_signer.py`'s `sign` (loaded by path, so nothing else changes).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def _install() -> None:
    from releaser.adapters import attest_sign

    path = Path(__file__).resolve().parents[1] / "local_signer.py"
    spec = importlib.util.spec_from_file_location("releaser_test_local_signer", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    attest_sign.sign = module.sign


_install()
