"""Time the village search on a generated county of 300 villages (16 townships).

    python3 bench/village_search.py [--villages 300] [--rounds 200]

Prints: the pypinyin import, the index build, and per query kind the median and p95 time of
an uncached search (VillageIndex.search) and of a repeated one (the page rerun's path,
search_villages with its small cache), in microseconds. No goal is asserted: the aim is a
search well under 1 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.places.county import County, Township, Village
from services.places.pinyin import _pypinyin
from services.places.village_search import (
    normalize_query,
    search_villages,
    village_index,
    village_initials,
    village_pinyin,
)

CHARS = ("岩脚大小河松林新田龙泉石桥杉树高坡中寨凉水白云青山井坪子团结马鞍箐口核桃花椒上下"
         "东西南北门街屏安康长重行乐和绿堡沙坝营盘老鹰岭沟湾塘坡头尾平坦红星光明草海")
SUFFIXES = ("村", "村", "村", "社区")


def county(villages: int, seed: int = 1) -> County:
    rng = random.Random(seed)
    per = -(-villages // 16)
    townships, made = [], 0
    for t in range(16):
        names: list[Village] = []
        while len(names) < per and made < villages:
            name = "".join(rng.choice(CHARS) for _ in range(rng.choice((2, 2, 2, 3)))) + rng.choice(SUFFIXES)
            names.append(Village(name, name))
            made += 1
        townships.append(Township(rng.choice(CHARS) + rng.choice(CHARS) + "乡", f"T{t}", tuple(names)))
    return County("测试县", "Test County", "云南省", "530627", tuple(townships))


def timed(fn, rounds: int) -> tuple[float, float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    start = time.perf_counter()
    _pypinyin()
    print(f"pypinyin import (no phrase dictionary): {(time.perf_counter() - start) * 1000:.0f} ms")
    c = county(args.villages)
    start = time.perf_counter()
    index = village_index(c)
    print(f"index of {len(index.villages)} villages: {(time.perf_counter() - start) * 1000:.0f} ms")
    rng = random.Random(2)
    names = [(t.name, v.name) for t in c.townships for v in t.villages]
    kinds = {
        "empty": lambda n: "",
        "one letter": lambda n: village_initials(n)[0],
        "initials": lambda n: village_initials(n),
        "full pinyin": lambda n: village_pinyin(n, " "),
        "pinyin prefix": lambda n: village_pinyin(n)[:4],
        "characters": lambda n: n[:2],
        "random letters": lambda n: "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(5)),
    }
    print(f"{'query':<16}{'uncached p50':>14}{'p95':>8}{'cached p50':>12}{'p95':>8}  (µs)")
    for kind, make in kinds.items():
        queries = [(make(n), t) for t, n in rng.sample(names, min(50, len(names)))]
        it = iter(queries * (args.rounds // len(queries) + 1))

        def uncached(it=it):
            q, t = next(it)
            index.search(normalize_query(q), t, 8)

        p50, p95 = timed(uncached, args.rounds)
        for q, t in queries:
            search_villages(c, q, prefer_township=t)  # fill the cache
        it2 = iter(queries * (args.rounds // len(queries) + 1))

        def cached(it=it2):
            q, t = next(it)
            search_villages(c, q, prefer_township=t)

        c50, c95 = timed(cached, args.rounds)
        print(f"{kind:<16}{p50:>14.0f}{p95:>8.0f}{c50:>12.1f}{c95:>8.1f}")


if __name__ == "__main__":
    main()
