import Foundation
internal import CZlib

/// Inflates what `gzip -c` writes: the fact script sends files compressed, a quarter of their
/// size, so that a hundred hosts' outputs waiting to be planned stay small. It lives in `SSH`
/// because zlib's `z_stream` is a C pointer API; callers see only `Data` in and `Data` out.
public enum Gzip {
    public struct Failure: Error {
        public var message: String
    }

    /// The bytes a gzip member (header, deflate stream, trailer) holds, via zlib's `inflate`
    /// with `inflateInit2(16 + 15)`. Throws `Failure` when the input ends early or is corrupt.
    public static func decompress(_ data: Data) throws -> Data {
        var stream = z_stream()
        // 16 + 15: a gzip header and trailer around a deflate stream with a 32 KB window.
        guard inflateInit2_(&stream, 16 + 15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(message: "zlib: cannot start inflating")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            var status = Z_OK
            repeat {
                status = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                guard status == Z_OK || status == Z_STREAM_END else {
                    throw Failure(message: status == Z_BUF_ERROR ? "compressed data ends early" : "compressed data is corrupt")
                }
                output.append(contentsOf: chunk[..<(chunk.count - Int(stream.avail_out))])
            } while status != Z_STREAM_END
        }
        return output
    }
}
