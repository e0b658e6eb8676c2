/// Python's `repr(float)`: the shortest round-tripping digits, positional when the decimal
/// exponent is in -4..<16, else `1e+16` style.
enum PythonFloat {
    static func repr(_ value: Double, json: Bool = false) -> String {
        if value.isNaN { return json ? "NaN" : "nan" }
        if value.isInfinite { return value < 0 ? (json ? "-Infinity" : "-inf") : (json ? "Infinity" : "inf") }
        let sign = value.sign == .minus ? "-" : ""
        let (digits, exponent) = decompose(abs(value).description)
        // value = 0.digits × 10^exponent; Python's decimal point position is `exponent`.
        let pointPosition = exponent
        if digits == "0" { return sign + "0.0" }
        if pointPosition > -4 && pointPosition <= 16 {
            if pointPosition <= 0 {
                return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
            }
            if pointPosition >= digits.count {
                return sign + digits + String(repeating: "0", count: pointPosition - digits.count) + ".0"
            }
            let split = digits.index(digits.startIndex, offsetBy: pointPosition)
            return sign + digits[..<split] + "." + digits[split...]
        }
        let scientific = pointPosition - 1
        let mantissa = digits.count == 1 ? digits : String(digits.prefix(1)) + "." + digits.dropFirst()
        let exponentText = String(abs(scientific))
        return sign + mantissa + "e" + (scientific < 0 ? "-" : "+")
            + (exponentText.count < 2 ? "0" : "") + exponentText
    }

    /// Splits Swift's shortest description into significant digits and the exponent `e` such
    /// that the value is `0.DIGITS × 10^e`.
    private static func decompose(_ text: String) -> (String, Int) {
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts.first ?? "")
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = whole + fraction
        var point = whole.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (digits, point)
    }
}
