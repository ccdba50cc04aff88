"""Safe files: atomic replacement, leftovers of killed writers, ids as path names, SQLite URIs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictlens.errors import ResourceError
from conflictlens.files import atomic_open, atomic_path, check_writable, clean_leftovers, safe_component, sqlite_uri


def test_atomic_open_replaces_only_on_success(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(target, "w", encoding="utf-8") as stream:
        stream.write("half")
        raise RuntimeError("killed")
    assert target.read_text(encoding="utf-8") == "old"
    with atomic_open(target, "w", encoding="utf-8") as stream:
        stream.write("new")
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_leftovers_of_dead_processes_are_removed_live_ones_kept(tmp_path):
    target = tmp_path / "store.sqlite3"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    stale = tmp_path / f".store.sqlite3.{dead_pid}.0123abcd.partial"
    live = tmp_path / f".store.sqlite3.{os.getpid()}.0123abcd.partial"
    stale.write_bytes(b"x")
    live.write_bytes(b"x")
    assert clean_leftovers(target) == [stale]
    assert live.exists()


def test_atomic_path_cleans_leftovers_and_leaves_none(tmp_path):
    target = tmp_path / "index.sqlite3"
    with atomic_path(target) as tmp:
        conn = sqlite3.connect(tmp)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    assert [p.name for p in tmp_path.iterdir()] == ["index.sqlite3"]


@pytest.mark.parametrize("folder", ["a#b", "c?d", "e%20f", "g h"])
def test_sqlite_uri_survives_odd_characters(tmp_path, folder):
    path = tmp_path / folder / "db.sqlite3"
    path.parent.mkdir()
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    assert conn.execute("SELECT COUNT(*) FROM t").fetchone() == (0,)
    conn.close()


@given(st.text(max_size=400))
def test_safe_component_is_one_harmless_path_part(name):
    part = safe_component(name)
    assert part and part not in (".", "..") and "/" not in part and "\\" not in part and "\x00" not in part
    assert not part.startswith(".") and len(part.encode("utf-8")) <= 120


def test_safe_component_keeps_plain_ids_and_separates_changed_ones():
    assert safe_component("doc-1a2b") == "doc-1a2b"
    assert safe_component("../x") != safe_component("__x")
    assert safe_component("/etc/passwd").startswith("_etc_passwd-")


def test_check_writable(tmp_path):
    check_writable(tmp_path / "ok.csv")
    with pytest.raises(ResourceError, match="does not exist"):
        check_writable(tmp_path / "missing" / "x.csv")
    with pytest.raises(ResourceError, match="directory"):
        check_writable(tmp_path)
