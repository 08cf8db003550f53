/// Text that names something to a person on a terminal: a file name, a path, a
/// metric name read from a file.
///
/// Names come from directories and files that anyone who can write there
/// controls; printed raw, a newline forges a line of output and an escape
/// sequence moves the cursor, recolours or retitles the terminal. Human output
/// passes every such name through ``escaped(_:)``; JSON output keeps the
/// exact text (JSON escapes control characters itself).
public enum TerminalText {
    /// `text` with every control character written as an escape: C0 (U+0000 to
    /// U+001F), DEL (U+007F) and C1 (U+0080 to U+009F). Newline, tab and
    /// carriage return are `\n`, `\t` and `\r`; the others `\x1b` style, two
    /// lowercase hex digits. A byte of a name that is not UTF-8 (see
    /// ``SystemPath``) is `\xff` style too. Everything else, backslashes
    /// included, is kept.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                out.append(scalar)
                continue
            }
            switch scalar {
            case "\n": out.append(contentsOf: #"\n"#.unicodeScalars)
            case "\t": out.append(contentsOf: #"\t"#.unicodeScalars)
            case "\r": out.append(contentsOf: #"\r"#.unicodeScalars)
            default:
                let byte = scalar.value >= SystemPath.base ? scalar.value - SystemPath.base : scalar.value
                let hex = String(byte, radix: 16)
                out.append(contentsOf: (#"\x"# + (hex.count < 2 ? "0" + hex : hex)).unicodeScalars)
            }
        }
        return String(out)
    }

    /// Whether `scalar` is a C0 or C1 control character or DEL.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            || (SystemPath.base...(SystemPath.base + 0xFF)).contains(scalar.value)
    }
}
