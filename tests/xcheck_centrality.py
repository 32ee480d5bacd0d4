#!/usr/bin/python3
"""xcheck_centrality.py - cross-check `coauth centrality` against networkx.

usage: xcheck_centrality.py NETWORK.csv CENTRALITY.csv full|fractional

NETWORK.csv is `coauth network --format csv` output (source,target,papers,
fractional_links), CENTRALITY.csv is `coauth centrality` output over the same store
and options (without --top). The graph is rebuilt in networkx from the network CSV
alone (plus the isolated nodes the centrality lists) and every measure is recomputed
independently of igraph, following SPEC 5:
  degree, strength (sum of weights), betweenness (unnormalised, path length 1/weight),
  closeness ((r-1)/sum of distances to reachable nodes: wf_improved=False),
  eigenvector (weighted, scaled to max 1), pagerank (weighted, damping 0.85).
Exit 0 when all values agree within 1e-6 (plus the 5e-7 of 6-decimal printing), 1
otherwise (each mismatch on stderr), 2 on usage errors.
"""
import csv
import sys
from fractions import Fraction

import networkx as nx

TOL = 1e-6 + 5e-7


def main(argv):
    if len(argv) != 4 or argv[3] not in ("full", "fractional"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    net_path, cen_path, counting = argv[1], argv[2], argv[3]
    G = nx.Graph()
    with open(net_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        # Path lengths are exact rationals: a fractional link is a sum of 1/(k-1) terms
        # (small denominators), printed with 6 decimals; limit_denominator recovers it.
        # Exact lengths make tied shortest paths tie exactly, as they do in real
        # arithmetic (igraph compares lengths with a tolerance).
        if counting == "full":
            exact = Fraction(int(r["papers"]))
        else:
            exact = Fraction(r["fractional_links"]).limit_denominator(2520)
        if r["source"] >= r["target"]:
            print("edge not ordered source < target: %r" % (r,), file=sys.stderr)
            return 1
        G.add_edge(r["source"], r["target"], weight=float(exact), distance=1 / exact)
    with open(cen_path, newline="", encoding="utf-8") as f:
        cen = list(csv.DictReader(f))
    for r in cen:
        G.add_node(r["node"])
    if len(cen) != G.number_of_nodes():
        print("centrality has %d nodes, network %d" % (len(cen), G.number_of_nodes()),
              file=sys.stderr)
        return 1

    want = {}
    deg = dict(G.degree())
    strength = dict(G.degree(weight="weight"))
    btw = {k: float(v) for k, v in
           nx.betweenness_centrality(G, normalized=False, weight="distance").items()}
    clo = {k: float(v) for k, v in
           nx.closeness_centrality(G, distance="distance", wf_improved=False).items()}
    if G.number_of_edges() > 0:
        eig = nx.eigenvector_centrality(G, weight="weight", max_iter=100000, tol=1e-13)
        top = max(eig.values())
        eig = {k: v / top for k, v in eig.items()}
    else:
        eig = {k: 0.0 for k in G}
    try:
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python as pr
    except ImportError:  # pragma: no cover
        pr = nx.pagerank
    pag = pr(G, alpha=0.85, weight="weight", max_iter=100000, tol=1e-14)
    for n in G:
        want[n] = {"degree": deg[n], "strength": strength[n], "betweenness": btw[n],
                   "closeness": clo[n], "eigenvector": eig[n], "pagerank": pag[n]}

    bad = 0
    checked = 0
    worst = {}
    for r in cen:
        w = want[r["node"]]
        for k in ("degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank"):
            got = float(r[k])
            worst[k] = max(worst.get(k, 0.0), abs(got - w[k]) / max(1.0, abs(w[k])))
            # eigenvector of a disconnected graph: networkx's power iteration leaves tiny
            # values on components outside the dominant one; igraph prints 0.
            if abs(got - w[k]) > TOL * max(1.0, abs(w[k])):
                print("%s %s: coauth %s, networkx %.9f" % (r["node"], k, r[k], w[k]),
                      file=sys.stderr)
                bad += 1
            checked += 1
    total_pr = sum(float(r["pagerank"]) for r in cen)
    if cen and abs(total_pr - 1.0) > 1e-6 * max(1, len(cen)):
        print("pagerank sums to %.9f" % total_pr, file=sys.stderr)
        bad += 1
    print("xcheck_centrality: %d nodes, %d edges, %d values checked, %d mismatches; "
          "largest difference (relative above 1): %s"
          % (G.number_of_nodes(), G.number_of_edges(), checked, bad,
             ", ".join("%s %.2g" % (k, v) for k, v in worst.items())))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
