/// Rows of cells printed left-aligned: each column as wide as its widest cell, two spaces
/// between columns, blanks at the end of a line trimmed, one line per row. Widths count
/// characters (grapheme clusters).
struct Table: Equatable, Sendable {
    var rows: [[String]]

    init(_ rows: [[String]]) {
        self.rows = rows
    }

    init(header: [String], rows: [[String]]) {
        self.rows = [header] + rows
    }

    func render() -> String {
        let widths = columnWidths
        return rows.map { row in
            let padded = row.enumerated().map { column, cell in
                cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            return Self.trimmingTrailingBlanks(padded.joined(separator: "  ")) + "\n"
        }.joined()
    }

    private var columnWidths: [Int] {
        let columns = rows.map(\.count).max() ?? 0
        return (0..<columns).map { column in
            rows.compactMap { $0.indices.contains(column) ? $0[column].count : nil }.max() ?? 0
        }
    }

    private static func trimmingTrailingBlanks(_ line: String) -> String {
        var line = Substring(line)
        while let last = line.last, last.isWhitespace, !last.isNewline { line.removeLast() }
        return String(line)
    }
}
