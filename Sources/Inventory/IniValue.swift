import Basics
import Foundation

/// How Ansible types an INI value: `ast.literal_eval` when the text is a Python literal
/// (`8080`, `True`, `'quoted'`, `[1, 2]`), else the text itself as a string.
enum IniValue {
    static func variable(_ text: String, at location: SourceLocation) -> InventoryVariable {
        guard let (value, source) = PythonLiteral.evaluate(text) else {
            return InventoryVariable(value: .string(text), text: text, location: location)
        }
        switch value {
        case .string(let string): return InventoryVariable(value: value, text: string, location: location)
        default: return InventoryVariable(value: value, text: source, location: location)
        }
    }

    /// Python's `int(value)` for `ansible_group_priority`.
    static func integer(_ value: InventoryValue) -> Int? {
        switch value {
        case .integer(let digits): return Int(digits)
        case .float(let number) where number.isFinite: return Int(number.rounded(.towardZero))
        case .bool(let flag): return flag ? 1 : 0
        case .string(let text): return Int(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }
}
