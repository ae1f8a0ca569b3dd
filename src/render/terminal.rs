//! The weekly report as a terminal table: the sections one after another, fitted to the
//! terminal's width. In a narrow terminal a table folds columns into others (the supporting
//! units under the lead, the progress under the status, the lights under the deadline) so
//! that ids, dates, statuses and figures stay whole and the task's title keeps the room.

mod folds;

use super::grid::{self, Cell as GridCell, Col, Fit, ansi};
use super::report::{Doc, Kind, Section, col};
use super::table::{health_color, status_color};
use crate::model::{Health, Status};
use folds::{
    NARROW_FIGURES, NARROW_NEWS, TIGHT, WIDE, crowded, narrow_due, narrow_figures, narrow_lights,
    narrow_list, narrow_progress, narrow_status, widened, widened_lights,
};

/// The terminal table: the sections one after another, fitted to `width` columns.
pub fn table(doc: &Doc, width: u16, color: bool) -> String {
    let mut out = format!("{}\n", doc.title);
    // A context line (本期督办 names units and serials) wraps to the width like a cell, never
    // inside a serial.
    for line in &doc.context {
        out.push_str(&super::wrap::wrap_text(line, usize::from(width).max(20)));
        out.push('\n');
    }
    for s in &doc.sections {
        let narrow;
        // Each fold where the one before leaves the title too little room, measured, since
        // English statuses and lights are words as wide as a date: the progress under the
        // status (`narrow_status`, always below `TIGHT`), then the lights under the deadline
        // (`narrow_lights`).
        let (mut tight, mut lights) = (false, false);
        let mut wraps = wrapping_columns(s.kind).to_vec();
        let s = if s.kind == Kind::Progress && usize::from(width) < WIDE {
            let mut n = narrow_progress(s, doc.lang);
            // `narrow_progress`'s fixed columns: id, deadline, status, progress, lights. Each
            // fold is taken while the title would have less than 16 columns (8 Chinese
            // characters) beside the units and 10 of news: a title wraps over the lines a
            // status over its progress, or a date over its lights, fill anyway.
            let w = usize::from(width);
            if w < TIGHT || crowded(&n, w, &[0, 3, 4, 5, 6], 16, 10) {
                tight = true;
                n = narrow_status(n, doc.lang);
                // `narrow_status`'s: id, deadline, status over progress, lights.
                if crowded(&n, w, &[0, 3, 4, 5], 16, 10) {
                    lights = true;
                    n = narrow_lights(n, doc.lang);
                }
            }
            narrow = n;
            &narrow
        } else if matches!(s.kind, Kind::Summary | Kind::Pace)
            && usize::from(width) < NARROW_FIGURES
        {
            narrow = narrow_figures(s, doc.lang);
            &narrow
        } else if matches!(s.kind, Kind::Overdue | Kind::Upcoming | Kind::Unreported)
            && usize::from(width) < TIGHT
        {
            (narrow, wraps) = narrow_list(s, doc.lang);
            &narrow
        } else if s.kind == Kind::DueNow && usize::from(width) < TIGHT {
            narrow = narrow_due(s, doc.lang);
            &narrow
        } else {
            s
        };
        let news_at = match (tight, lights) {
            (_, true) => NARROW_NEWS - 2,
            (true, false) => NARROW_NEWS - 1,
            _ => NARROW_NEWS,
        };
        out.push('\n');
        // A long heading (八、各单位反馈情况（近 4 周…）) wraps as the legends do.
        out.push_str(&super::wrap::wrap_text(
            &s.heading,
            usize::from(width).max(20),
        ));
        out.push('\n');
        if let Some(intro) = &s.intro {
            out.push_str(&super::wrap::wrap_text(intro, usize::from(width).max(20)));
            out.push('\n');
        }
        if s.rows.is_empty() {
            out.push_str(&s.empty);
            out.push('\n');
            continue;
        }
        // The terminal has no room for the progress table's days unreported: its own section
        // (未按时反馈) lists them; the files keep the column.
        let unreported = if s.narrow {
            usize::MAX
        } else {
            col::UNREPORTED
        };
        let shown = |i: usize| !(s.kind == Kind::Progress && i == unreported);
        // News may name a status: its columns never cut one (17j #4).
        let status_room = super::wrap::status_room(doc.lang);
        let cols: Vec<Col> = s
            .headers
            .iter()
            .enumerate()
            .filter(|(i, _)| shown(*i))
            .map(|(i, header)| Col {
                header,
                right: s.numeric.contains(&i),
                fit: match (s.kind, i) {
                    // Unit names are short; the task's title gets the room, the week's
                    // news and the latest note wrap within a share of it (80 columns fit).
                    (Kind::Progress, c) if s.narrow && c == col::LEAD => Fit::Wrap {
                        min: 0,
                        max: Some(10),
                    },
                    (Kind::Progress, c) if s.narrow && c == news_at => Fit::Wrap {
                        // Below `TIGHT` the task's title keeps its four characters first:
                        // an English status may still be cut there (17j #4, left open).
                        min: if tight { 8 } else { 10.max(status_room) },
                        max: Some(16),
                    },
                    (Kind::Progress, c) if s.narrow && c == col::TITLE => {
                        Fit::Wrap { min: 0, max: None }
                    }
                    (Kind::Progress, _) if s.narrow => Fit::Content,
                    (Kind::Progress, col::LEAD | col::SUPPORT) => Fit::Wrap {
                        min: 0,
                        max: Some(10),
                    },
                    (Kind::Progress, col::NEWS | col::LATEST) => Fit::Wrap {
                        min: status_room,
                        max: Some(30),
                    },
                    // The recommendation's name wraps so the figures keep their columns.
                    (Kind::Summary | Kind::Pace, 0) => Fit::Wrap {
                        min: 0,
                        max: Some(12),
                    },
                    _ if wraps.contains(&i) => Fit::Wrap { min: 0, max: None },
                    _ => Fit::Content,
                },
            })
            .collect();
        let rows: Vec<Vec<GridCell>> = s
            .rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .filter(|(i, _)| shown(*i))
                    .map(|(i, c)| {
                        // Folded columns (`narrow_progress`) sit left of their full places.
                        let i = match (s.narrow, lights) {
                            (true, true) => widened_lights(i),
                            (true, false) => widened(i, tight),
                            _ => i,
                        };
                        let code = match (s.kind, i) {
                            // Folded (`narrow_lights`): the date plain, then the health
                            // light and the pace light each in its own colour.
                            (Kind::Progress, col::DEADLINE) if lights => {
                                return lights_cell(s, r, c.as_str()).below(1);
                            }
                            // Folded (`narrow_status`): the status's colour, its progress
                            // under it plain.
                            (Kind::Progress, col::STATUS) if tight => {
                                let first = c.split('\n').next().unwrap_or_default();
                                let code = Status::ALL
                                    .into_iter()
                                    .find(|st| st.label(doc.lang) == first)
                                    .and_then(status_color)
                                    .and_then(ansi);
                                return GridCell::new(c.as_str(), code).then(None);
                            }
                            (Kind::Progress, col::STATUS) => Status::ALL
                                .into_iter()
                                .find(|st| st.label(doc.lang) == c.as_str())
                                .and_then(status_color)
                                .and_then(ansi),
                            // A folded cell holds the pace light under the health light
                            // (or alone where there is no health): each in its own colour.
                            (Kind::Progress, col::HEALTH) if s.narrow => {
                                return lights_cell(s, r, c.as_str());
                            }
                            (Kind::Progress, col::HEALTH) => s
                                .health
                                .get(r)
                                .copied()
                                .flatten()
                                .and_then(|h| ansi(health_color(h))),
                            (Kind::Progress, col::PACE) => s
                                .pace
                                .get(r)
                                .copied()
                                .flatten()
                                .and_then(|h| ansi(health_color(h))),
                            _ => None,
                        };
                        GridCell::new(c.as_str(), code)
                    })
                    .collect()
            })
            .collect();
        out.push_str(&grid::render(&cols, &rows, usize::from(width), color));
        if let Some(more) = &s.more {
            // A sentence: wrapped to the terminal, as the legends are.
            out.push_str(&super::wrap::wrap_text(more, usize::from(width)));
            out.push('\n');
        }
    }
    if !doc.footer.is_empty() {
        out.push('\n');
        // Legends are sentences: wrapped to the terminal, as the cells are.
        out.push_str(&super::wrap::wrap_text(&doc.footer, usize::from(width)));
        out.push('\n');
    }
    out
}

/// The columns allowed to wrap: text (titles, units, notes); ids, dates and numbers never do.
pub(super) fn wrapping_columns(kind: Kind) -> &'static [usize] {
    match kind {
        Kind::Summary => &[],
        Kind::Progress => &[col::TITLE, col::LEAD, col::SUPPORT, col::NEWS, col::LATEST],
        Kind::Overdue => &[1, 2, 7],
        Kind::DueNow | Kind::Upcoming => &[1, 2],
        Kind::Trend => &[4],
        Kind::Series | Kind::Pace => &[],
        Kind::Unreported => &[0, 2],
        Kind::Units => &[0],
    }
}

/// Row `r`'s folded lights cell holding `text`: the health light's colour on the first line
/// (the pace light's where there is no health light) and the pace light's on the next.
fn lights_cell<'a>(s: &Section, r: usize, text: &'a str) -> GridCell<'a> {
    let light = |v: &[Option<Health>]| {
        v.get(r)
            .copied()
            .flatten()
            .and_then(|h| ansi(health_color(h)))
    };
    let (health, pace) = (light(&s.health), light(&s.pace));
    let first = if s.health.get(r).copied().flatten().is_some() {
        health
    } else {
        pace
    };
    GridCell::new(text, first).then(pace)
}
