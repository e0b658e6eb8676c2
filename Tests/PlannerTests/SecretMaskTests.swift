@testable import Planner
import XCTest

final class SecretMaskTests: XCTestCase {
    /// The byte scan must mask exactly what the Character-wise `replacing` masks.
    func testByteScanAgreesWithCharacterReplacement() {
        let texts = ["password = s3cret", "s3crets3cret", "aaaa", "x = aaa", "a\r\nb = s3cret", "é = s3cret",
                     "s3cre\u{301}t s3cret", "s3cret\u{301}", "", "no secret here", "tab\ts3cret\t"]
        let secrets = ["s3cret", "aaa", "a", "\r", "\nb", "b = s", "é", "t\u{301}", "s3cret\u{301}", "x"]
        for text in texts {
            for secret in secrets {
                XCTAssertEqual(SecretMask.masking(secret, in: text), text.replacing(secret, with: "<secret>"),
                               "\(secret.debugDescription) in \(text.debugDescription)")
            }
        }
    }

    func testLongestSecretIsMaskedWhole() {
        XCTAssertEqual(SecretMask(["pass", "password1"]).apply("x = password1 pass"), "x = <secret> <secret>")
    }
}
