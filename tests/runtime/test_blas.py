"""OpenBLAS is kept to one thread per process unless the user picked a thread count."""

from __future__ import annotations

import pytest

from newsledger.runtime import blas


@pytest.fixture
def clean_env(monkeypatch):  # type: ignore[no-untyped-def]
    for name in blas.THREAD_ENV:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_sets_one_thread_for_this_and_child_processes(clean_env) -> None:  # type: ignore[no-untyped-def]
    import os

    import numpy  # noqa: F401  (loaded, so the running library is changed too)

    blas.limit_blas_threads()
    assert all(os.environ[name] == "1" for name in blas.THREAD_ENV)


@pytest.mark.parametrize("name", blas.THREAD_ENV)
def test_user_choice_is_kept(clean_env, name: str) -> None:  # type: ignore[no-untyped-def]
    import os

    clean_env.setenv(name, "4")
    assert blas.limit_blas_threads() is False
    assert os.environ[name] == "4"
    assert all(other not in os.environ for other in blas.THREAD_ENV if other != name)
