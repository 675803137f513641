//! A small undirected graph for the unit tests of the path searches.

use crate::paths::PathGraph;

/// Each node's neighbours with the edge's cost.
#[derive(Debug, Clone)]
pub(crate) struct Adj(pub Vec<Vec<(usize, f64)>>);

impl PathGraph for Adj {
    fn node_bound(&self) -> usize {
        self.0.len()
    }
    fn for_each_neighbor(&self, v: usize, mut f: impl FnMut(usize, f64)) {
        for &(u, c) in &self.0[v] {
            f(u, c);
        }
    }
}

/// Nodes `0..n` and undirected edges `(a, b, cost)`: one edge per pair (as in Sphere: one
/// relationship per two people), a repeated pair keeping its first cost; loops are left out.
pub(crate) fn graph(n: usize, edges: &[(usize, usize, f64)]) -> Adj {
    let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for &(a, b, c) in edges {
        if a < n && b < n && a != b && !adj[a].iter().any(|(u, _)| *u == b) {
            adj[a].push((b, c));
            adj[b].push((a, c));
        }
    }
    Adj(adj)
}
