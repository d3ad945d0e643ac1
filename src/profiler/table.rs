//! The tables `terminal-table` draws for Jekyll's profile: no top or
//! bottom border, a separator under the header, the first column aligned
//! left and every other one right.

/// Draw `rows` (the first is the header); lines are joined by newlines,
/// with none after the last.
pub fn tabulate(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut lines = Vec::with_capacity(rows.len() + 1);
    for (i, row) in rows.iter().enumerate() {
        lines.push(draw_row(row, &widths));
        if i == 0 {
            lines.push(separator(&widths));
        }
    }
    lines.join("\n")
}

/// `| a   |   1 |`: each cell padded to its column's width.
fn draw_row(row: &[String], widths: &[usize]) -> String {
    let mut line = String::from("|");
    for (c, &width) in widths.iter().enumerate() {
        let cell = row.get(c).map_or("", String::as_str);
        let pad = " ".repeat(width.saturating_sub(cell.chars().count()));
        if c == 0 {
            line.push_str(&format!(" {cell}{pad} |"));
        } else {
            line.push_str(&format!(" {pad}{cell} |"));
        }
    }
    line
}

/// `+-----+-----+`.
fn separator(widths: &[usize]) -> String {
    let mut line = String::from("+");
    for &width in widths {
        line.push_str(&"-".repeat(width + 2));
        line.push('+');
    }
    line
}

#[cfg(test)]
mod tests {
    use super::tabulate;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn first_column_left_the_others_right() {
        let t = tabulate(&[
            row(&["PHASE", "TIME"]),
            row(&["RESET", "0.0006"]),
            row(&["TOTAL TIME", "0.6293"]),
        ]);
        assert_eq!(
            t,
            "| PHASE      |   TIME |\n\
             +------------+--------+\n\
             | RESET      | 0.0006 |\n\
             | TOTAL TIME | 0.6293 |"
        );
    }
}
