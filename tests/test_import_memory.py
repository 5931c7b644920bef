"""What an import's processes hold: the reading processes' heap policy, the memory sampled
over a process tree, and the figures `bench-import` prints."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from services import importing, readpool
from services.importbench import bench_import
from services.treememory import TreeMemory, tree_mb
from services.workerheap import return_big_blocks

ROOT = Path(__file__).resolve().parents[1]
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and glibc")

# Frees 200 blocks of 300 KB with small live blocks between them, after one bigger block
# has been freed (which raises glibc's sliding mmap threshold): prints the MB given back.
_FREED = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from services.workerheap import return_big_blocks
    def rss():
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    if {policy}:
        assert return_big_blocks()
    b = bytearray(400_000); del b
    big, keep = [], []
    for _ in range(200):
        big.append(bytearray(300_000))
        keep.append(bytearray(1_000))
    grown = rss()
    del big
    print(grown - rss())
    """
)


def _freed_mb(policy: bool) -> float:
    code = _FREED.format(root=str(ROOT), policy=policy)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


@linux
def test_big_blocks_go_back_to_the_system_when_freed() -> None:
    assert _freed_mb(policy=True) > 45  # the 57 MB of blocks, less what the heap keeps
    assert _freed_mb(policy=False) < 10  # glibc's default keeps them in its heap


def test_readers_set_the_heap_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(importing, "return_big_blocks", lambda: calls.append("import"))
    monkeypatch.setattr(readpool, "return_big_blocks", lambda: calls.append("pool"))
    monkeypatch.setattr(readpool.os, "nice", lambda _n: 0)
    importing._init_worker(importing._gazetteer)
    readpool._set_up_worker()
    assert calls == ["import", "pool"]


def test_no_policy_off_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert return_big_blocks() is False


@linux
def test_tree_memory_counts_the_children() -> None:
    alone = tree_mb()
    assert alone is not None and alone > 0
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; b = bytearray(80 << 20); print(1, flush=True);"
         " time.sleep(30)"],
        stdout=subprocess.PIPE,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == b"1"
        with TreeMemory(interval=0.02) as memory:
            time.sleep(0.1)
        with_child = tree_mb()
    finally:
        child.kill()
        child.wait()
    assert with_child is not None and with_child - alone > 70  # the child's 80 MB, touched
    assert memory.peak_mb is not None and memory.peak_mb - alone > 70


def test_bench_import_prints_every_figure(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    for n, line in enumerate(
        [
            "Turkey rejected the proposal on Monday, the foreign ministry said.",
            "NATO members met in Brussels on 3 March 2022 to discuss the enlargement.",
            "Sweden applied to join the alliance in May, the government announced.",
        ]
    ):
        (texts / f"a{n}.txt").write_text((line + "\n\n") * 4, encoding="utf-8")  # ≥ 0.01 s to read
    out = bench_import(texts, workers=1)
    assert out["texts"] == out["imported"] == 3 and out["failed"] == 0
    assert out["extract_s"] > 0 and out["import_s"] > 0
    # import seconds / extraction seconds, from times printed to 0.01 s
    i, e = out["import_s"], out["extract_s"]
    assert (i - 0.005) / (e + 0.005) - 0.005 <= out["ratio"] <= (i + 0.005) / (e - 0.005) + 0.005
    assert out["peak_mb"] > 0 and out["peak_worker_mb"] > 0  # the extraction ran in a worker
    if sys.platform.startswith("linux"):
        assert out["peak_total_mb"] >= out["peak_mb"] * 0.5


def test_bench_import_says_when_there_is_nothing(tmp_path: Path) -> None:
    assert "error" in bench_import(tmp_path)
