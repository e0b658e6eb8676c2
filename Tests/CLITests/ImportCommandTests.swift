/// `import`: the playbook on stdout and notes on stderr; a missing or broken manifest exits 1.
final class ImportCommandTests: SnapshotTestCase {
    func testBadInputExits1() throws {
        try assertSnapshots([
            ("import-missing-argument", "import"),
            ("import-unknown-flag", "import $S/good.pp --bogus"),
            ("import-missing-file", "import $S/missing.pp"),
            ("import-syntax-error", "import $S/bad.pp"),
        ])
    }

    func testManifestBecomesPlaybookOnStdout() throws {
        try assertSnapshots([("import-manifest", "import $S/good.pp")])
    }
}
