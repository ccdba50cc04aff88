"""Optimal one-to-one assignment over a sparse "can pair" graph (standard library only).

Used by ``scorer.py``: edges map (left index, right index) to a cost in [0, 1]; :func:`best_pairs` returns as many
pairs as possible and, among those, the cheapest. The graph is split into connected groups first, so large inputs
stay fast (pairs only ever join records of one event type, a few days and some kilometres apart); a group larger
than :data:`HUNGARIAN_LIMIT` on one side falls back to greedy by cost.
"""

from __future__ import annotations

import math

Edges = dict[tuple[int, int], float]
#: Above this many records on one side of a connected group, assignment falls back to greedy by cost.
HUNGARIAN_LIMIT = 200


def best_pairs(edges: Edges) -> list[tuple[int, int]]:
    """Sorted (left, right) pairs: the maximum number of pairs, then the least total cost."""
    return sorted(pair for left, right in connected_groups(edges) for pair in assign_group(left, right, edges))


def hungarian(cost: list[list[float]]) -> list[int]:
    """Minimum-cost assignment of each row to a distinct column (rows <= columns); returns the column per row."""
    n, m = len(cost), len(cost[0]) if cost else 0
    u, v, owner, way = [0.0] * (n + 1), [0.0] * (m + 1), [0] * (m + 1), [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0], col0 = row, 0
        minv, used = [math.inf] * (m + 1), [False] * (m + 1)
        while owner[col0]:
            used[col0] = True
            r, delta, col1 = owner[col0], math.inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    reduced = cost[r - 1][j - 1] - u[r] - v[j]
                    if reduced < minv[j]:
                        minv[j], way[j] = reduced, col0
                    if minv[j] < delta:
                        delta, col1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            col0 = col1
        while col0:
            col1 = way[col0]
            owner[col0] = owner[col1]
            col0 = col1
    assignment = [-1] * n
    for j in range(1, m + 1):
        if owner[j]:
            assignment[owner[j] - 1] = j - 1
    return assignment


def connected_groups(edges: Edges) -> list[tuple[list[int], list[int]]]:
    """Connected groups (left indices, right indices) of the can-pair graph; records without edges are left out."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in edges:
        parent[find(("l", i))] = find(("r", j))
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for node in list(parent):
        left, right = groups.setdefault(find(node), ([], []))
        (left if node[0] == "l" else right).append(node[1])
    return [(sorted(left), sorted(right)) for left, right in groups.values()]


def assign_group(left: list[int], right: list[int], edges: Edges) -> list[tuple[int, int]]:
    """Best pairs inside one connected group: most pairs first, then least total cost (costs must be in [0, 1])."""
    if max(len(left), len(right)) > HUNGARIAN_LIMIT:
        pairs, used_left, used_right, members = [], set(), set(), set(left)
        for (i, j), _ in sorted(((k, c) for k, c in edges.items() if k[0] in members), key=lambda kc: (kc[1], kc[0])):
            if i not in used_left and j not in used_right:
                pairs.append((i, j))
                used_left.add(i)
                used_right.add(j)
        return pairs
    flipped = len(left) > len(right)
    rows, cols = (right, left) if flipped else (left, right)
    forbidden = len(rows) + 1.0  # one more pair always beats any sum of closeness costs
    cost = [[edges.get((c, r) if flipped else (r, c), forbidden) for c in cols] for r in rows]
    pairs = []
    for r, c in enumerate(hungarian(cost)):
        if c >= 0 and cost[r][c] < forbidden:
            pairs.append((cols[c], rows[r]) if flipped else (rows[r], cols[c]))
    return pairs
