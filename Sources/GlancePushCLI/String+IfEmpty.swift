extension String {
    /// `replacement` for an empty string (tables show `-` for nothing).
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
