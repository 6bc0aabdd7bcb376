use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use yew::prelude::*;

use crate::protocol::GraphView;

const ROW: f64 = 30.0;
const COLUMN: f64 = 26.0;
const MARGIN: f64 = 16.0;
const RADIUS: f64 = 6.0;
/// Most revisions drawn; the newest are kept.
pub const MAX_DRAWN: usize = 1_500;

#[derive(Properties, PartialEq)]
pub struct GraphPanelProps {
    pub graph: Option<Rc<GraphView>>,
    /// The file open in the editor (its node is highlighted).
    #[prop_or_default]
    pub open: Option<AttrValue>,
    /// The in-tab database's `alembic_version` rows (its current revisions).
    #[prop_or_default]
    pub current: Vec<String>,
    pub on_open: Callback<String>,
}

/// The revision graph as a picture: newest at the top, bases at the bottom;
/// heads, bases, branch points, merges, branch labels and the in-tab
/// database's current revisions marked. A click on a revision opens its file.
#[function_component]
pub fn GraphPanel(props: &GraphPanelProps) -> Html {
    let layout = use_memo(props.graph.clone(), |graph| {
        graph.as_deref().map(Layout::of)
    });
    let (Some(graph), Some(layout)) = (&props.graph, layout.as_ref()) else {
        return html! { <div class="graph" data-testid="graph"><p class="empty-note">{ "Analysing…" }</p></div> };
    };
    if graph.nodes.is_empty() {
        return html! {
            <div class="graph" data-testid="graph">
                <p class="empty-note">{ "No revisions found. Revision files go in the versions directory of alembic.ini's script_location (or anywhere, without an alembic.ini)." }</p>
            </div>
        };
    }

    let columns = layout.columns.max(1) as f64;
    let label_x = MARGIN + columns * COLUMN + 4.0;
    let longest = layout
        .drawn
        .iter()
        .map(|&i| {
            let n = &graph.nodes[i];
            n.id.chars().count()
                + n.doc.chars().count()
                + 14 * 4
                + n.labels.iter().map(|l| l.len() + 2).sum::<usize>()
        })
        .max()
        .unwrap_or(40);
    let width = label_x + 16.0 + longest as f64 * 7.2;
    let height = MARGIN * 2.0 + (layout.rows.max(1) as f64 - 1.0) * ROW;
    let position = |slot: usize| {
        let (column, row) = layout.slots[slot];
        (
            MARGIN + column as f64 * COLUMN + COLUMN / 2.0,
            MARGIN + (layout.rows - 1 - row) as f64 * ROW,
        )
    };

    let edges = layout.edges.iter().map(|&(parent, child, dependency)| {
        let (x1, y1) = position(parent);
        let (x2, y2) = position(child);
        let mid = (y1 + y2) / 2.0;
        let d = format!("M{x1},{y1} C{x1},{mid} {x2},{mid} {x2},{y2}");
        html! { <path class={classes!("edge", dependency.then_some("dependency"))} d={d} /> }
    });

    let nodes = layout.drawn.iter().enumerate().map(|(slot, &index)| {
        let node = &graph.nodes[index];
        let (x, y) = position(slot);
        let onclick = {
            let on_open = props.on_open.clone();
            let path = node.path.clone();
            Callback::from(move |_: MouseEvent| on_open.emit(path.clone()))
        };
        let onkeydown = {
            let on_open = props.on_open.clone();
            let path = node.path.clone();
            Callback::from(move |event: KeyboardEvent| {
                if matches!(event.key().as_str(), "Enter" | " ") {
                    event.prevent_default();
                    on_open.emit(path.clone());
                }
            })
        };
        let open = props.open.as_deref() == Some(node.path.as_str());
        let mut tags = Vec::new();
        if node.is_head {
            tags.push("head");
        }
        if node.is_base {
            tags.push("base");
        }
        if node.is_branch_point {
            tags.push("branchpoint");
        }
        if node.is_merge {
            tags.push("mergepoint");
        }
        let current = props.current.contains(&node.id);
        if current {
            tags.push("current");
        }
        let class = classes!(
            "node",
            node.is_head.then_some("head"),
            node.is_base.then_some("base"),
            node.is_branch_point.then_some("branchpoint"),
            node.is_merge.then_some("merge"),
            open.then_some("open"),
            current.then_some("current")
        );
        let marker = if node.is_merge {
            html! { <>
                <circle class="marker" cx={x.to_string()} cy={y.to_string()} r={(RADIUS + 1.5).to_string()} />
                <circle class="marker-inner" cx={x.to_string()} cy={y.to_string()} r={(RADIUS - 2.5).to_string()} />
            </> }
        } else if node.is_branch_point {
            let r = RADIUS + 1.0;
            let points = format!("{x},{} {},{y} {x},{} {},{y}", y - r, x + r, y + r, x - r);
            html! { <polygon class="marker" points={points} /> }
        } else {
            html! { <circle class="marker" cx={x.to_string()} cy={y.to_string()} r={RADIUS.to_string()} /> }
        };
        let labels = node
            .labels
            .iter()
            .map(|l| format!("@{l}"))
            .collect::<Vec<_>>()
            .join(" ");
        let title = format!(
            "{} ({})\n{}\n{}",
            node.id,
            if tags.is_empty() { "revision".to_owned() } else { tags.join(", ") },
            node.doc,
            node.path
        );
        html! {
            <g {class} data-testid="graph-node" data-revision={node.id.clone()}
                data-head={node.is_head.to_string()} data-base={node.is_base.to_string()}
                data-current={current.to_string()}
                role="button" tabindex="0" aria-label={format!("Open revision {}", node.id)} {onclick} {onkeydown}>
                <title>{ title }</title>
                <rect class="hit" x="0" y={(y - ROW / 2.0).to_string()} width={width.to_string()} height={ROW.to_string()} />
                { marker }
                <text class="node-id" x={label_x.to_string()} y={(y + 4.0).to_string()}>{ node.id.clone() }</text>
                <text class="node-doc" x={(label_x + 8.0 + 7.2 * node.id.chars().count() as f64).to_string()} y={(y + 4.0).to_string()}>
                    { tags.iter().map(|t| format!("({t}) ")).collect::<String>() }
                    if !labels.is_empty() { <tspan class="node-label">{ format!("{labels} ") }</tspan> }
                    { node.doc.clone() }
                </text>
            </g>
        }
    });

    let heads = &graph.heads;
    let caption = format!(
        "{} revision{} · {} head{}{} · {} base{}{}",
        graph.nodes.len(),
        plural(graph.nodes.len()),
        heads.len(),
        plural(heads.len()),
        if heads.is_empty() {
            String::new()
        } else {
            format!(" ({})", heads.join(", "))
        },
        graph.bases.len(),
        plural(graph.bases.len()),
        if props.current.is_empty() {
            String::new()
        } else {
            format!(" · in-tab database at {}", props.current.join(", "))
        },
    );
    html! {
        <div class="graph" data-testid="graph">
            <p class="graph-caption" data-testid="graph-caption">{ caption }</p>
            if layout.drawn.len() < graph.nodes.len() {
                <p class="muted">{ format!("Showing the {} newest revisions.", layout.drawn.len()) }</p>
            }
            <div class="graph-scroll">
                <svg class="graph-svg" width={width.to_string()} height={height.to_string()}
                    viewBox={format!("0 0 {width} {height}")} role="img" aria-label="Revision graph">
                    <g class="edges">{ for edges }</g>
                    <g class="nodes">{ for nodes }</g>
                </svg>
            </div>
            <p class="graph-legend muted">
                { "● revision  ◆ branch point  ◎ merge  · filled: head  · hollow: base  · ring: the in-tab database's current revision  · dashed: depends_on" }
            </p>
        </div>
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Where each revision goes: rows by generation (a revision sits above all its
/// parents), columns ordered to follow the parents.
#[derive(PartialEq)]
struct Layout {
    /// Indices into the graph's nodes, one per slot.
    drawn: Vec<usize>,
    /// (column, row) of each slot; row 0 is the oldest.
    slots: Vec<(usize, usize)>,
    /// (parent slot, child slot, is a dependency).
    edges: Vec<(usize, usize, bool)>,
    rows: usize,
    columns: usize,
}

impl Layout {
    fn of(graph: &GraphView) -> Layout {
        let n = graph.nodes.len();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, node) in graph.nodes.iter().enumerate() {
            index.entry(node.id.as_str()).or_insert(i);
        }
        let parents: Vec<Vec<(usize, bool)>> = graph
            .nodes
            .iter()
            .map(|node| {
                let mut out: Vec<(usize, bool)> = node
                    .parents
                    .iter()
                    .filter_map(|p| index.get(p.as_str()).map(|&i| (i, false)))
                    .collect();
                for d in &node.dependencies {
                    if let Some(&i) = index.get(d.as_str()) {
                        if !out.iter().any(|&(j, _)| j == i) {
                            out.push((i, true));
                        }
                    }
                }
                out
            })
            .collect();
        // Generations, Kahn's way: a cycle leaves revisions unranked, placed on top.
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut waiting: Vec<usize> = vec![0; n];
        for (child, ps) in parents.iter().enumerate() {
            for &(p, _) in ps {
                if p != child {
                    children[p].push(child);
                    waiting[child] += 1;
                }
            }
        }
        let mut rank: Vec<Option<usize>> = vec![None; n];
        let mut queue: VecDeque<usize> = (0..n).filter(|&i| waiting[i] == 0).collect();
        while let Some(i) = queue.pop_front() {
            let r = parents[i]
                .iter()
                .filter_map(|&(p, _)| rank[p])
                .map(|r| r + 1)
                .max()
                .unwrap_or(0);
            rank[i] = Some(r);
            for &c in &children[i] {
                waiting[c] -= 1;
                if waiting[c] == 0 {
                    queue.push_back(c);
                }
            }
        }
        let mut top = rank.iter().flatten().max().map_or(0, |r| r + 1);
        let rank: Vec<usize> = rank
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|| {
                    top += 1;
                    top - 1
                })
            })
            .collect();

        // Keep the newest revisions when there are too many to draw.
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| (rank[i], i));
        let skip = n.saturating_sub(MAX_DRAWN);
        let drawn: Vec<usize> = order[skip..].to_vec();
        let lowest = drawn.first().map_or(0, |&i| rank[i]);

        let mut slot_of: HashMap<usize, usize> = HashMap::new();
        let mut slots: Vec<(usize, usize)> = Vec::with_capacity(drawn.len());
        let mut columns = 0;
        let mut row_start = 0;
        while row_start < drawn.len() {
            let r = rank[drawn[row_start]];
            let row_end = drawn[row_start..]
                .iter()
                .position(|&i| rank[i] != r)
                .map_or(drawn.len(), |k| row_start + k);
            // Order a row by where its parents are (barycentre), then load order.
            let mut row: Vec<(f64, usize)> = drawn[row_start..row_end]
                .iter()
                .map(|&i| {
                    let xs: Vec<f64> = parents[i]
                        .iter()
                        .filter_map(|(p, _)| slot_of.get(p).map(|&s| slots[s].0 as f64))
                        .collect();
                    let key = if xs.is_empty() {
                        f64::MAX
                    } else {
                        xs.iter().sum::<f64>() / xs.len() as f64
                    };
                    (key, i)
                })
                .collect();
            row.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut used: Vec<usize> = Vec::new();
            for (key, i) in row {
                // The column nearest the parents that is still free in this row.
                let want = if key == f64::MAX {
                    0
                } else {
                    key.round() as usize
                };
                let mut column = want;
                while used.contains(&column) {
                    column += 1;
                }
                used.push(column);
                columns = columns.max(column + 1);
                slot_of.insert(i, slots.len());
                slots.push((column, r - lowest));
            }
            row_start = row_end;
        }
        // One revision per row, by generation then column, so that labels never
        // overlap; `drawn`, `slots` and `slot_of` are renumbered in that order.
        let mut placed: Vec<(usize, usize, usize)> = slot_of
            .iter()
            .map(|(&i, &s)| (slots[s].1, slots[s].0, i))
            .collect();
        placed.sort_unstable();
        let drawn: Vec<usize> = placed.iter().map(|&(_, _, i)| i).collect();
        let slots: Vec<(usize, usize)> = placed
            .iter()
            .enumerate()
            .map(|(row, &(_, column, _))| (column, row))
            .collect();
        let slot_of: HashMap<usize, usize> =
            drawn.iter().enumerate().map(|(s, &i)| (i, s)).collect();
        let mut edges = Vec::new();
        for (slot, &i) in drawn.iter().enumerate() {
            for &(p, dependency) in &parents[i] {
                if let Some(&ps) = slot_of.get(&p) {
                    edges.push((ps, slot, dependency));
                }
            }
        }
        let rows = drawn.len();
        Layout {
            drawn,
            slots,
            edges,
            rows,
            columns,
        }
    }
}
