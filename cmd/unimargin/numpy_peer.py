# The numpy peer of `unimargin bench remargin --numpy-peer` (issue 13's
# yardstick, shared/reference/performance-limits.md): per account,
# sum over its positions of quantity x the instrument's scenario P&L
# vector, then the worst loss; np.einsum over chunks of 10,000 accounts,
# the accounts split over two threads (einsum releases the GIL), the
# shape given: accounts, positions, scenarios, instruments. Prints one
# JSON object: the best of runs, in seconds.
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

accounts, positions, scenarios, instruments, runs, seed = (int(a) for a in sys.argv[1:7])
chunk = 10_000
rng = np.random.default_rng(seed)
table = rng.standard_normal((instruments, scenarios))
index = rng.integers(0, instruments, (accounts, positions), dtype=np.int32)
quantity = rng.standard_normal((accounts, positions))
worst = np.empty(accounts)


def work(lo, hi):
    for a in range(lo, hi, chunk):
        b = min(a + chunk, hi)
        pnl = np.einsum("cp,cps->cs", quantity[a:b], table[index[a:b]])
        worst[a:b] = -pnl.min(axis=1)


best = float("inf")
half = accounts // 2
with ThreadPoolExecutor(2) as pool:
    for _ in range(runs):
        start = time.perf_counter()
        list(pool.map(lambda r: work(*r), [(0, half), (half, accounts)]))
        best = min(best, time.perf_counter() - start)
print(json.dumps({"seconds": best, "numpy": np.__version__, "runs": runs, "checksum": float(worst.sum())}))
