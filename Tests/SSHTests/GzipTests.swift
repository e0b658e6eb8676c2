import Foundation
import LabSupport
import SSH
import XCTest

final class GzipTests: XCTestCase {
    /// Bytes compressed by the real `gzip -1 -c`, as the fact script runs it.
    private func gzipped(_ contents: Data) throws -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gzip-test-\(UUID().uuidString)").path
        try contents.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let encoded = try Lab.shell("sh", "-c", "gzip -1 -c \"$1\" | base64 -w0", "sh", path)
        XCTAssertEqual(encoded.status, 0)
        return try XCTUnwrap(Data(base64Encoded: encoded.output))
    }

    func testInflatesWhatGzipWrote() throws {
        // Several 64 KB output chunks, and bytes that are not UTF-8.
        var contents = Data((0..<300_000).map { UInt8(truncatingIfNeeded: ($0 * 7919) >> 3) })
        contents.append(contentsOf: [0xFF, 0xFE, 0x00, 0x0A])
        XCTAssertEqual(try Gzip.decompress(try gzipped(contents)), contents)
        XCTAssertEqual(try Gzip.decompress(try gzipped(Data())), Data())
    }

    func testTruncatedOrCorruptInputIsAnError() throws {
        let whole = try gzipped(Data(String(repeating: "[DEFAULT]\nworkers = 4\n", count: 2000).utf8))
        XCTAssertThrowsError(try Gzip.decompress(whole.prefix(whole.count / 2))) { error in
            XCTAssertEqual((error as? Gzip.Failure)?.message, "compressed data ends early")
        }
        XCTAssertThrowsError(try Gzip.decompress(Data())) { error in
            XCTAssertEqual((error as? Gzip.Failure)?.message, "compressed data ends early")
        }
        // A wrong CRC-32 in the trailer, and a plain (not gzip) file.
        var corrupt = whole
        corrupt[corrupt.count - 8] ^= 0xFF
        for input in [corrupt, Data("[DEFAULT]\nworkers = 4\n".utf8)] {
            XCTAssertThrowsError(try Gzip.decompress(input)) { error in
                XCTAssertEqual((error as? Gzip.Failure)?.message, "compressed data is corrupt")
            }
        }
    }
}
